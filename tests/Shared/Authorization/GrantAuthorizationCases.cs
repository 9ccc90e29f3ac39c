using static KmsKit.Tests.Authorization.AuthorizationCast;
using static KmsKit.Tests.Authorization.Requests;

namespace KmsKit.Tests.Authorization;

// The grant rows of the authorization table: grants the key's owner makes, used, handed on, retired and revoked.
public static partial class AuthorizationCases
{
    private const string GrantAllows = "KMS grants: a grant allows its grantee principal the grant operations it lists on its KMS key, with no key policy or IAM policy allowing it";
    private const string GrantOperationsRule = "KMS grants: a grant allows only the grant operations it lists";
    private const string GrantDenyRule = "KMS grants: a grant can allow access but not deny it; an explicit deny in a key policy or IAM policy overrides any grant";
    private const string GrantCrossAccount = "KMS grants: a grant can be for a principal in another AWS account, which then needs no key policy statement";
    private const string GranteeRule = "KMS grants: the grantee principal can represent several identities: a role its sessions; an account its principals whose IAM policies allow the operation";
    private const string GrantConstraintRule = "KMS grant constraints: EncryptionContextSubset and EncryptionContextEquals, keys not case-sensitive and values case-sensitive; they do not apply to DescribeKey";
    private const string GrantTokenRule = "KMS grant tokens: a grant token in the request lets the grantee use a grant at once";
    private const string ChildGrantRule = "KMS granting CreateGrant permission: a grant's grantee can create grants only for some or all of its operations, with constraints at least as strict";
    private const string GrantConditionRule = "KMS condition keys: kms:GrantOperations, kms:GranteePrincipal, kms:RetiringPrincipal, kms:GrantIsForAWSResource and kms:GrantConstraintType of CreateGrant";
    private const string RetireRule = "KMS retiring grants: the retiring principal, the grantee when the grant includes RetireGrant, and the account that owns the key may retire a grant; kms:RetireGrant in a key policy has no effect, an IAM deny wins";
    private const string RevokeRule = "KMS revoking grants: RevokeGrant is authorized by key policies and IAM policies, never by a grant";
    private const string ListGrantsRule = "KMS ListGrants and ListRetirableGrants: key policy and IAM policies; ListRetirableGrants names a retiring principal of the caller's account";

    private const string BobGrantsEncryptDecrypt = "{'Sid':'Bob grants Encrypt and Decrypt','Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@A:user/Bob'},'Action':'kms:CreateGrant','Resource':'*','Condition':{'ForAllValues:StringEquals':{'kms:GrantOperations':['Encrypt','Decrypt']}}}";
    private const string BobGrantsToApp = "{'Sid':'Bob grants to App','Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@A:user/Bob'},'Action':'kms:CreateGrant','Resource':'*','Condition':{'StringEquals':{'kms:GranteePrincipal':'arn:aws:iam::@A:role/App'}}}";
    private const string BobGrantsRetirableByAdmin = "{'Sid':'Bob grants retirable by Admin','Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@A:user/Bob'},'Action':'kms:CreateGrant','Resource':'*','Condition':{'StringEquals':{'kms:RetiringPrincipal':'arn:aws:iam::@A:user/Admin'}}}";
    private const string BobGrantsForAwsResources = "{'Sid':'Bob grants for AWS resources','Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@A:user/Bob'},'Action':'kms:CreateGrant','Resource':'*','Condition':{'Bool':{'kms:GrantIsForAWSResource':'true'}}}";
    private const string BobGrantsWithSubset = "{'Sid':'Bob grants with a subset constraint','Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@A:user/Bob'},'Action':'kms:CreateGrant','Resource':'*','Condition':{'ForAnyValue:StringEquals':{'kms:GrantConstraintType':'EncryptionContextSubset'}}}";
    private const string NobodyRetires = "{'Sid':'Nobody retires','Effect':'Deny','Principal':'*','Action':'kms:RetireGrant','Resource':'*'}";

    private static string[] Decrypts => ["Decrypt"];
    private static string[] DecryptsAndEncrypts => ["Decrypt", "Encrypt"];

    private static AuthorizationCase[] GrantRows() =>
    [
        // Using a grant.
        new("a_grant_lets_a_role_without_any_policy_decrypt", GrantAllows) { Grants = [new(App.Arn, "Decrypt")], Caller = App, Request = Decrypt(), OverServer = true },
        new("a_grant_allows_only_its_operations", GrantOperationsRule) { Grants = [new(App.Arn, "Decrypt")], Caller = App, Request = Encrypt(), Expected = NoIdentity, OverServer = true },
        new("a_grant_for_one_principal_does_not_allow_another", GrantOperationsRule) { Grants = [new(App.Arn, "Decrypt")], Caller = Bob, Request = Decrypt(), Expected = NoIdentity },
        new("a_grant_needs_no_key_policy_statement_for_the_account", GrantAllows) { KeyPolicy = [BobDecrypts], Grants = [new(App.Arn, "Decrypt")], Caller = App, Request = Decrypt(), OverServer = true },
        new("a_grant_for_encrypt_lets_the_role_generate_no_data_key", GrantOperationsRule) { Grants = [new(App.Arn, "Encrypt")], Caller = App, Request = GenerateDataKey(), Expected = NoIdentity },
        new("a_grant_for_data_keys_lets_the_role_generate_one", GrantAllows) { Grants = [new(App.Arn, "GenerateDataKey")], Caller = App, Request = GenerateDataKey(), OverServer = true },
        new("a_grant_for_sign_on_a_signing_key_lets_the_role_sign", GrantAllows) { KeySpec = "RSA_2048", KeyUsage = "SIGN_VERIFY", Grants = [new(App.Arn, "Sign", "GetPublicKey")], Caller = App, Request = Sign("RSASSA_PSS_SHA_256") },
        new("a_grant_for_generate_mac_on_an_hmac_key_lets_the_role_mac", GrantAllows) { KeySpec = "HMAC_256", KeyUsage = "GENERATE_VERIFY_MAC", Grants = [new(App.Arn, "GenerateMac")], Caller = App, Request = GenerateMac("HMAC_SHA_256") },
        new("a_grant_for_describe_key_lets_the_role_describe", GrantAllows) { Grants = [new(App.Arn, "DescribeKey")], Caller = App, Request = DescribeKey() },
        new("a_grant_token_in_the_request_is_accepted", GrantTokenRule) { Grants = [new(App.Arn, "Encrypt")], Caller = App, Request = EncryptWithGrantToken(), OverServer = true },
        new("re_encrypt_needs_re_encrypt_to_in_a_grant_too", GrantOperationsRule) { Grants = [new(App.Arn, "ReEncryptFrom")], Caller = App, Request = ReEncrypt("kms:ReEncryptTo"), Expected = NoIdentity },
        new("a_grant_for_both_re_encrypt_operations_lets_the_role_re_encrypt", GrantAllows) { Grants = [new(App.Arn, "ReEncryptFrom", "ReEncryptTo")], Caller = App, Request = ReEncrypt() },

        // Deny wins.
        new("an_explicit_deny_in_the_key_policy_wins_over_a_grant", GrantDenyRule) { KeyPolicy = [RootOfA, EveryoneDeniedDecrypt], Grants = [new(App.Arn, "Decrypt")], Caller = App, Request = Decrypt(), Expected = DenyInResource, OverServer = true },
        new("an_explicit_deny_in_an_identity_policy_wins_over_a_grant", GrantDenyRule) { Grants = [new(Mallory.Arn, "Decrypt")], Caller = Mallory, Request = Decrypt(), Expected = DenyInIdentity },
        new("an_explicit_deny_in_the_other_accounts_identity_policy_wins_over_a_grant", GrantDenyRule) { Grants = [new(Zed.Arn, "Decrypt")], Caller = Zed, Request = Decrypt(), Expected = DenyInIdentity, OverServer = true },

        // Grantees: other accounts, roles and sessions, accounts.
        new("a_grant_lets_a_role_of_another_account_decrypt", GrantCrossAccount) { Grants = [new(Lambda.Arn, "Decrypt")], Caller = Lambda, Request = Decrypt(), OverServer = true },
        new("a_grant_for_encrypt_does_not_let_another_account_decrypt", GrantCrossAccount) { Grants = [new(Lambda.Arn, "Encrypt")], Caller = Lambda, Request = Decrypt(), Expected = NoResource, OverServer = true },
        new("a_grant_to_a_role_covers_its_sessions", GranteeRule) { Grants = [new(App.Arn, "Encrypt")], Caller = AppSession, Request = Encrypt() },
        new("a_grant_to_a_session_does_not_cover_another_session", GranteeRule) { Grants = [new($"arn:aws:sts::{AccountA}:assumed-role/App/job-7", "Encrypt")], Caller = AppSession, Request = Encrypt(), Expected = NoIdentity },
        new("a_grant_to_another_account_lets_its_root_encrypt", GranteeRule) { Grants = [new(RootB.Arn, "Encrypt")], Caller = RootB, Request = Encrypt() },
        new("a_grant_to_another_account_needs_an_identity_policy_for_its_roles", GranteeRule) { Grants = [new(RootB.Arn, "Encrypt")], Caller = Lambda, Request = Encrypt(), Expected = NoResource },
        new("a_grant_to_another_account_lets_its_role_with_an_identity_policy_encrypt", GranteeRule) { Grants = [new(RootB.Arn, "Encrypt")], Caller = Partner, Request = Encrypt(), OverServer = true },

        // Encryption context constraints.
        new("a_subset_constraint_allows_a_context_that_includes_its_pairs", GrantConstraintRule) { Grants = [new(App.Arn, "Decrypt") { ContextSubset = Context(("tenant", "acme")) }], Caller = App, Request = Decrypt(Context(("tenant", "acme"), ("purpose", "backup"))), OverServer = true },
        new("a_subset_constraint_matches_keys_without_case", GrantConstraintRule) { Grants = [new(App.Arn, "Decrypt") { ContextSubset = Context(("tenant", "acme")) }], Caller = App, Request = Decrypt(Context(("Tenant", "acme"))) },
        new("a_subset_constraint_matches_values_with_case", GrantConstraintRule) { Grants = [new(App.Arn, "Decrypt") { ContextSubset = Context(("tenant", "acme")) }], Caller = App, Request = Decrypt(Context(("tenant", "Acme"))), Expected = NoIdentity },
        new("a_subset_constraint_refuses_a_context_without_its_pairs", GrantConstraintRule) { Grants = [new(App.Arn, "Decrypt") { ContextSubset = Context(("tenant", "acme")) }], Caller = App, Request = Decrypt(Context(("purpose", "backup"))), Expected = NoIdentity, OverServer = true },
        new("an_equals_constraint_allows_exactly_its_context", GrantConstraintRule) { Grants = [new(App.Arn, "GenerateDataKey") { ContextEquals = Context(("tenant", "acme")) }], Caller = App, Request = GenerateDataKey(Context(("tenant", "acme"))) },
        new("an_equals_constraint_refuses_an_extra_pair", GrantConstraintRule) { Grants = [new(App.Arn, "GenerateDataKey") { ContextEquals = Context(("tenant", "acme")) }], Caller = App, Request = GenerateDataKey(Context(("tenant", "acme"), ("extra", "1"))), Expected = NoIdentity, OverServer = true },
        new("an_equals_constraint_refuses_no_context", GrantConstraintRule) { Grants = [new(App.Arn, "GenerateDataKey") { ContextEquals = Context(("tenant", "acme")) }], Caller = App, Request = GenerateDataKey(), Expected = NoIdentity },
        new("a_constraint_does_not_apply_to_describe_key", GrantConstraintRule) { Grants = [new(App.Arn, "Decrypt", "DescribeKey") { ContextSubset = Context(("tenant", "acme")) }], Caller = App, Request = DescribeKey() },

        // CreateGrant through a grant: only what the grant has.
        new("a_grantee_with_create_grant_hands_on_some_of_its_operations", ChildGrantRule) { Grants = [new(App.Arn, "Decrypt", "Encrypt", "CreateGrant")], Caller = App, Request = CreateGrant(Bob.Arn, Decrypts), OverServer = true },
        new("a_grantee_with_create_grant_cannot_hand_on_more_than_it_has", ChildGrantRule) { Grants = [new(App.Arn, "Decrypt", "CreateGrant")], Caller = App, Request = CreateGrant(Bob.Arn, DecryptsAndEncrypts), Expected = NoIdentity, OverServer = true },
        new("a_grantee_without_create_grant_cannot_hand_on_its_grant", ChildGrantRule) { Grants = [new(App.Arn, "Decrypt")], Caller = App, Request = CreateGrant(Bob.Arn, Decrypts), Expected = NoIdentity },
        new("a_child_grant_must_keep_the_parents_constraint", ChildGrantRule) { Grants = [new(App.Arn, "Decrypt", "CreateGrant") { ContextSubset = Context(("tenant", "acme")) }], Caller = App, Request = CreateGrant(Bob.Arn, Decrypts), Expected = NoIdentity },
        new("a_child_grant_may_have_a_stricter_constraint", ChildGrantRule) { Grants = [new(App.Arn, "Decrypt", "CreateGrant") { ContextSubset = Context(("tenant", "acme")) }], Caller = App, Request = CreateGrant(Bob.Arn, Decrypts, new GrantSpec(Bob.Arn) { ContextEquals = Context(("tenant", "acme"), ("env", "prod")) }) },
        new("an_identity_deny_on_create_grant_wins_over_a_grant_with_create_grant", GrantDenyRule) { Grants = [new(Rita.Arn, "Decrypt", "CreateGrant")], Caller = Rita, Request = CreateGrant(Bob.Arn, Decrypts), Expected = DenyInIdentity },

        // CreateGrant's condition keys in a key policy.
        new("grant_operations_within_the_condition_are_allowed", GrantConditionRule) { KeyPolicy = [RootOfA, BobGrantsEncryptDecrypt], Caller = Bob, Request = CreateGrant(App.Arn, Decrypts), OverServer = true },
        new("grant_operations_beyond_the_condition_are_refused", GrantConditionRule) { KeyPolicy = [RootOfA, BobGrantsEncryptDecrypt], Caller = Bob, Request = CreateGrant(App.Arn, ["Decrypt", "ReEncryptFrom"]), Expected = NoIdentity, OverServer = true },
        new("a_grantee_principal_condition_allows_that_grantee", GrantConditionRule) { KeyPolicy = [RootOfA, BobGrantsToApp], Caller = Bob, Request = CreateGrant(App.Arn, Decrypts) },
        new("a_grantee_principal_condition_refuses_another_grantee", GrantConditionRule) { KeyPolicy = [RootOfA, BobGrantsToApp], Caller = Bob, Request = CreateGrant(Lambda.Arn, Decrypts), Expected = NoIdentity },
        new("a_retiring_principal_condition_allows_that_retiring_principal", GrantConditionRule) { KeyPolicy = [RootOfA, BobGrantsRetirableByAdmin], Caller = Bob, Request = CreateGrant(App.Arn, Decrypts, new GrantSpec(App.Arn) { RetiringPrincipal = Admin.Arn }) },
        new("a_retiring_principal_condition_refuses_a_grant_without_one", GrantConditionRule) { KeyPolicy = [RootOfA, BobGrantsRetirableByAdmin], Caller = Bob, Request = CreateGrant(App.Arn, Decrypts), Expected = NoIdentity },
        new("grant_is_for_aws_resource_is_false_for_a_direct_call", GrantConditionRule) { KeyPolicy = [RootOfA, BobGrantsForAwsResources], Caller = Bob, Request = CreateGrant(App.Arn, Decrypts), Expected = NoIdentity, OverServer = true },
        new("a_constraint_type_condition_allows_a_grant_with_that_constraint", GrantConditionRule) { KeyPolicy = [RootOfA, BobGrantsWithSubset], Caller = Bob, Request = CreateGrant(App.Arn, Decrypts, new GrantSpec(App.Arn) { ContextSubset = Context(("tenant", "acme")) }) },
        new("a_constraint_type_condition_refuses_a_grant_without_constraint", GrantConditionRule) { KeyPolicy = [RootOfA, BobGrantsWithSubset], Caller = Bob, Request = CreateGrant(App.Arn, Decrypts), Expected = NoIdentity },
        new("another_account_creates_a_grant_with_the_key_policy_and_its_identity_policy", CrossAccount) { KeyPolicy = [RootOfA, EverythingToB], Caller = Zed, Request = CreateGrant(Lambda.Arn, Decrypts), OverServer = true },

        // RetireGrant: the grant decides.
        new("the_retiring_principal_retires_the_grant", RetireRule) { Grants = [new(App.Arn, "Decrypt") { RetiringPrincipal = Bob.Arn }], Caller = Bob, Request = RetireGrant(), OverServer = true },
        new("a_grantee_whose_grant_includes_retire_grant_retires_it_by_token", RetireRule) { Grants = [new(App.Arn, "Decrypt", "RetireGrant")], Caller = App, Request = RetireGrantByToken(), OverServer = true },
        new("a_grantee_whose_grant_lacks_retire_grant_cannot_retire_it", RetireRule) { Grants = [new(App.Arn, "Decrypt")], Caller = App, Request = RetireGrant(), Expected = NoIdentity },
        new("the_key_owners_root_retires_any_grant", RetireRule) { Grants = [new(App.Arn, "Decrypt")], Caller = RootA, Request = RetireGrant() },
        new("an_administrator_of_the_key_owner_retires_a_grant_by_delegation", RetireRule) { Grants = [new(App.Arn, "Decrypt")], Caller = Admin, Request = RetireGrant() },
        new("a_principal_of_another_account_cannot_retire_a_grant", RetireRule) { Grants = [new(App.Arn, "Decrypt")], Caller = Lambda, Request = RetireGrant(), Expected = NoResource, OverServer = true },
        new("an_identity_deny_on_retire_grant_wins_over_being_the_retiring_principal", RetireRule) { Grants = [new(App.Arn, "Decrypt") { RetiringPrincipal = Rita.Arn }], Caller = Rita, Request = RetireGrant(), Expected = DenyInIdentity },
        new("a_key_policy_deny_on_retire_grant_has_no_effect", RetireRule) { KeyPolicy = [RootOfA, NobodyRetires], Grants = [new(App.Arn, "Decrypt") { RetiringPrincipal = Bob.Arn }], Caller = Bob, Request = RetireGrant() },

        // RevokeGrant, ListGrants, ListRetirableGrants: policies decide, never grants.
        new("the_key_owners_root_revokes_a_grant", RevokeRule) { Grants = [new(App.Arn, "Decrypt")], Caller = RootA, Request = RevokeGrant(), OverServer = true },
        new("a_grantee_cannot_revoke_its_own_grant", RevokeRule) { Grants = [new(App.Arn, "Decrypt", "RetireGrant")], Caller = App, Request = RevokeGrant(), Expected = NoIdentity },
        new("another_account_revokes_a_grant_with_the_key_policy_and_its_identity_policy", RevokeRule) { KeyPolicy = [RootOfA, EverythingToB], Grants = [new(Lambda.Arn, "Decrypt")], Caller = Zed, Request = RevokeGrant() },
        new("an_auditor_lists_the_grants_of_a_key", ListGrantsRule) { Grants = [new(App.Arn, "Decrypt")], Caller = Auditor, Request = ListGrants(), OverServer = true },
        new("a_grantee_cannot_list_the_grants_of_its_key", ListGrantsRule) { Grants = [new(App.Arn, "Decrypt")], Caller = App, Request = ListGrants(), Expected = NoIdentity },
        new("an_auditor_lists_retirable_grants_of_a_principal_of_its_account", ListGrantsRule) { Caller = Auditor, Request = ListRetirableGrants(Bob.Arn) },
        new("listing_retirable_grants_of_another_accounts_principal_is_denied", ListGrantsRule) { Caller = Auditor, Request = ListRetirableGrants(Lambda.Arn), Expected = NoIdentity },
    ];
}
