using static KmsKit.Tests.Authorization.AuthorizationCast;
using static KmsKit.Tests.Authorization.Requests;

namespace KmsKit.Tests.Authorization;

/// <summary>
/// The authorization table: real requests by the cast's principals, each row naming the AWS documentation rule
/// that decides it. Rows with <see cref="AuthorizationCase.OverServer"/> run over the server as well. The grant rows are
/// in GrantAuthorizationCases.cs.
/// </summary>
public static partial class AuthorizationCases
{
    private const Expected Allowed = Expected.Allowed;
    private const Expected NoResource = Expected.NoResourceBasedPolicyAllows;
    private const Expected NoIdentity = Expected.NoIdentityBasedPolicyAllows;
    private const Expected DenyInResource = Expected.ExplicitDenyInResourceBasedPolicy;
    private const Expected DenyInIdentity = Expected.ExplicitDenyInIdentityBasedPolicy;

    private const string RootOfA = "{'Sid':'Enable IAM User Permissions','Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@A:root'},'Action':'kms:*','Resource':'*'}";
    private const string RootOfB = "{'Sid':'Enable IAM User Permissions','Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@B:root'},'Action':'kms:*','Resource':'*'}";
    private const string ShareWithB = "{'Sid':'Account B uses the key','Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@B:root'},'Action':['kms:Encrypt','kms:Decrypt','kms:ReEncrypt*','kms:GenerateDataKey*','kms:DescribeKey'],'Resource':'*'}";
    private const string AppUses = "{'Sid':'App uses the key','Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@A:role/App'},'Action':['kms:Encrypt','kms:Decrypt','kms:GenerateDataKey*','kms:DescribeKey'],'Resource':'*'}";
    private const string BobDecrypts = "{'Sid':'Bob decrypts','Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@A:user/Bob'},'Action':'kms:Decrypt','Resource':'*'}";
    private const string NobodyElseDecrypts = "{'Sid':'Nobody else decrypts','Effect':'Deny','Principal':'*','Action':'kms:Decrypt','Resource':'*','Condition':{'ArnNotEquals':{'aws:PrincipalArn':'arn:aws:iam::@A:role/App'}}}";
    private const string EveryoneDeniedDecrypt = "{'Effect':'Deny','Principal':'*','Action':'kms:Decrypt','Resource':'*'}";
    private const string KeyAdministrators = "{'Sid':'Allow access for Key Administrators','Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@A:user/Bob'},'Action':['kms:Create*','kms:Describe*','kms:Enable*','kms:List*','kms:Put*','kms:Update*','kms:Revoke*','kms:Disable*','kms:Get*','kms:Delete*','kms:TagResource','kms:UntagResource','kms:ScheduleKeyDeletion','kms:CancelKeyDeletion'],'Resource':'*'}";
    private const string OnlyReadsButForTheRoot = "{'Effect':'Deny','Principal':'*','NotAction':['kms:Describe*','kms:Get*','kms:List*'],'Resource':'*','Condition':{'ArnNotEquals':{'aws:PrincipalArn':'arn:aws:iam::@A:root'}}}";
    private const string OnlyAdminAndRoot = "{'Effect':'Deny','NotPrincipal':{'AWS':['arn:aws:iam::@A:user/Admin','arn:aws:iam::@A:root']},'Action':'kms:*','Resource':'*'}";
    private const string AppGeneratesForAcme = "{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@A:role/App'},'Action':'kms:GenerateDataKey','Resource':'*','Condition':{'StringEquals':{'kms:EncryptionContext:tenant':'acme'}}}";
    private const string AppDecryptsBackups = "{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@A:role/App'},'Action':'kms:Decrypt','Resource':'*','Condition':{'StringEquals':{'kms:EncryptionContext:purpose':'backup'}}}";
    private const string AppEncryptsAlphaProjects = "{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@A:role/App'},'Action':'kms:Encrypt','Resource':'*','Condition':{'StringLike':{'kms:EncryptionContext:project':'alpha-*'}}}";
    private const string AppEncryptsWithKnownKeys = "{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@A:role/App'},'Action':'kms:Encrypt','Resource':'*','Condition':{'ForAllValues:StringEquals':{'kms:EncryptionContextKeys':['tenant','purpose']}}}";
    private const string AppEncryptsWithTenant = "{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@A:role/App'},'Action':'kms:Encrypt','Resource':'*','Condition':{'ForAnyValue:StringEquals':{'kms:EncryptionContextKeys':'tenant'}}}";
    private const string NoEncryptionWithoutContext = "{'Effect':'Deny','Principal':'*','Action':'kms:Encrypt','Resource':'*','Condition':{'Null':{'kms:EncryptionContextKeys':'true'}}}";
    private const string AppEncryptsWithOaepSha256 = "{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@A:role/App'},'Action':'kms:Encrypt','Resource':'*','Condition':{'StringEquals':{'kms:EncryptionAlgorithm':'RSAES_OAEP_SHA_256'}}}";
    private const string DecryptOnlyWithOaepSha256 = "{'Effect':'Deny','Principal':'*','Action':'kms:Decrypt','Resource':'*','Condition':{'StringNotEquals':{'kms:EncryptionAlgorithm':'RSAES_OAEP_SHA_256'}}}";
    private const string AppSignsWithPss = "{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@A:role/App'},'Action':'kms:Sign','Resource':'*','Condition':{'StringLike':{'kms:SigningAlgorithm':'RSASSA_PSS_*'}}}";
    private const string AppMacsWithSha256 = "{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@A:role/App'},'Action':'kms:GenerateMac','Resource':'*','Condition':{'StringEquals':{'kms:MacAlgorithm':'HMAC_SHA_256'}}}";
    private const string AppDescribesSymmetricKeys = "{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@A:role/App'},'Action':['kms:DescribeKey','kms:GetPublicKey'],'Resource':'*','Condition':{'StringEquals':{'kms:KeySpec':'SYMMETRIC_DEFAULT'}}}";
    private const string AppGetsPublicKeysOfSigningKeys = "{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@A:role/App'},'Action':'kms:GetPublicKey','Resource':'*','Condition':{'StringEquals':{'kms:KeyUsage':'SIGN_VERIFY','kms:KeyOrigin':'AWS_KMS'}}}";
    private const string AnyoneInAEncrypts = "{'Effect':'Allow','Principal':{'AWS':'*'},'Action':['kms:Encrypt','kms:Decrypt'],'Resource':'*','Condition':{'StringEquals':{'kms:CallerAccount':'@A'}}}";
    private const string AppEncryptsProdKeys = "{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@A:role/App'},'Action':'kms:Encrypt','Resource':'*','Condition':{'StringEquals':{'aws:ResourceTag/env':'prod'}}}";
    private const string AppEncryptsAliasedKeys = "{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@A:role/App'},'Action':'kms:Encrypt','Resource':'*','Condition':{'ForAnyValue:StringLike':{'kms:ResourceAliases':'alias/authz-*'}}}";
    private const string BlueTeamEncrypts = "{'Effect':'Allow','Principal':'*','Action':'kms:Encrypt','Resource':'*','Condition':{'StringEquals':{'aws:PrincipalTag/team':'blue'}}}";
    private const string AppRoleDecrypts = "{'Effect':'Allow','Principal':'*','Action':'kms:Decrypt','Resource':'*','Condition':{'ArnEquals':{'aws:PrincipalArn':'arn:aws:iam::@A:role/App'}}}";
    private const string AssumedRolesEncrypt = "{'Effect':'Allow','Principal':'*','Action':'kms:Encrypt','Resource':'*','Condition':{'StringEquals':{'aws:PrincipalType':'AssumedRole','aws:PrincipalAccount':'@A'}}}";
    private const string NoProdTags = "{'Effect':'Deny','Principal':'*','Action':'kms:TagResource','Resource':'*','Condition':{'StringEquals':{'aws:RequestTag/env':'prod'}}}";
    private const string ThirtyDayDeletionWindow = "{'Effect':'Deny','Principal':'*','Action':'kms:ScheduleKeyDeletion','Resource':'*','Condition':{'NumericLessThan':{'kms:ScheduleKeyDeletionPendingWindowInDays':'30'}}}";
    private const string AppRotatesAtLeastTwiceAYear = "{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@A:role/App'},'Action':'kms:EnableKeyRotation','Resource':'*','Condition':{'NumericLessThanEquals':{'kms:RotationPeriodInDays':'180'}}}";
    private const string NoLockoutBypass = "{'Effect':'Deny','Principal':'*','Action':'kms:PutKeyPolicy','Resource':'*','Condition':{'Bool':{'kms:BypassPolicyLockoutSafetyCheck':'true'}}}";
    private const string OnlySecureTransport = "{'Effect':'Deny','Principal':'*','Action':'kms:*','Resource':'*','Condition':{'Bool':{'aws:SecureTransport':'false'}}}";
    private const string AppEncryptsUntil2999 = "{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@A:role/App'},'Action':'kms:Encrypt','Resource':'*','Condition':{'DateLessThan':{'aws:CurrentTime':'2999-01-01T00:00:00Z'}}}";
    private const string AppEncryptsFrom2999 = "{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@A:role/App'},'Action':'kms:Encrypt','Resource':'*','Condition':{'DateGreaterThan':{'aws:CurrentTime':'2999-01-01T00:00:00Z'}}}";
    private const string AppReEncrypts = "{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@A:role/App'},'Action':'kms:ReEncrypt*','Resource':'*'}";
    private const string AppReEncryptsToOnly = "{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@A:role/App'},'Action':'kms:ReEncryptTo','Resource':'*'}";
    private const string NoAliasChanges = "{'Effect':'Deny','Principal':'*','Action':['kms:CreateAlias','kms:UpdateAlias','kms:DeleteAlias'],'Resource':'*'}";
    private const string LeoManagesAliases = "{'Sid':'Leo manages aliases','Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@A:user/Leo'},'Action':['kms:CreateAlias','kms:UpdateAlias','kms:DeleteAlias'],'Resource':'*'}";

    private const string Delegation = "KMS key policies: the default key policy's account principal enables IAM policies (delegation to IAM); the root needs none";
    private const string DirectRule = "KMS determining access: a key policy statement naming the principal allows it without an IAM policy";
    private const string KeyPolicyRequired = "KMS key policies: every KMS key needs a key policy that allows access; without the account statement IAM policies are ignored, even the root's";
    private const string DenyWins = "IAM policy evaluation logic: an explicit deny in any policy overrides any allow";
    private const string CrossAccountOperations = "KMS permissions reference: only actions marked 'Cross-account use: Yes' take effect for another account";
    private const string EverythingToB = "{'Sid':'Account B','Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@B:root'},'Action':'kms:*','Resource':'*'}";
    private const string CrossAccount = "KMS cross-account access: the key policy allows the external account or principal AND an IAM policy in the external account allows";
    private const string Roles = "IAM Principal element: a role principal covers its assumed-role sessions; a session principal covers only that session";
    private const string NotRule = "IAM NotPrincipal / NotAction with Deny: every principal or action except those listed";
    private const string WildcardRule = "IAM Action element: * wildcards, actions are case-insensitive; Resource ARNs scope IAM policies";
    private const string EncryptionContextRule = "KMS condition keys: kms:EncryptionContext:context-key matches a pair of the request's encryption context, values case-sensitive";
    private const string ContextKeysRule = "KMS condition keys: kms:EncryptionContextKeys is multivalued: ForAllValues holds without context, ForAnyValue does not; Null tests its absence";
    private const string AlgorithmRule = "KMS condition keys: kms:EncryptionAlgorithm, kms:SigningAlgorithm and kms:MacAlgorithm of the request";
    private const string KeyPropertyRule = "KMS condition keys: kms:KeySpec, kms:KeyUsage and kms:KeyOrigin of the KMS key";
    private const string CallerAccountRule = "KMS condition keys: kms:CallerAccount is the account of the caller";
    private const string AbacRule = "KMS ABAC: aws:ResourceTag/tag-key matches the KMS key's tags";
    private const string AliasAbacRule = "KMS ABAC: kms:ResourceAliases holds the aliases associated with the KMS key";
    private const string PrincipalKeysRule = "IAM global condition keys: aws:PrincipalArn (the role ARN for a session), aws:PrincipalTag, aws:PrincipalType, aws:PrincipalAccount";
    private const string VariableRule = "IAM policy variables: ${aws:username} and ${aws:PrincipalTag/tag-key} resolve to the caller's values";
    private const string RequestTagRule = "Tag-based access: aws:RequestTag/tag-key and aws:TagKeys of CreateKey, TagResource and UntagResource";
    private const string NumericRule = "KMS condition keys: kms:ScheduleKeyDeletionPendingWindowInDays and kms:RotationPeriodInDays of the request";
    private const string BypassRule = "KMS condition keys: kms:BypassPolicyLockoutSafetyCheck of CreateKey and PutKeyPolicy";
    private const string GlobalKeysRule = "IAM global condition keys: aws:SecureTransport (false without TLS) and aws:CurrentTime";
    private const string ReEncryptRule = "KMS ReEncrypt: kms:ReEncryptFrom on the source key and kms:ReEncryptTo on the destination key";
    private const string AccountLevel = "KMS: CreateKey, ListKeys, ListAliases and GenerateRandom are not on a key: IAM policies alone, the root in its own account";
    private const string AliasRule = "KMS aliases: DescribeKey by alias is authorized on the key";
    private const string AliasAccess = "KMS controlling access to aliases: CreateAlias, UpdateAlias and DeleteAlias need the action on the alias (IAM policy) and on each KMS key concerned, UpdateAlias's current and new key (key policy)";
    private const string CreateKeyTags = "KMS CreateKey: the Tags parameter needs kms:TagResource as well as kms:CreateKey (IAM policy); the denial names no resource";

    public static IReadOnlyList<AuthorizationCase> All { get; } = [.. PolicyRows(), .. GrantRows()];

    private static AuthorizationCase[] PolicyRows() =>
    [
        // Delegation to IAM: the default key policy.
        new("default_key_policy_lets_the_account_root_decrypt", Delegation) { Caller = RootA, Request = Decrypt(), OverServer = true },
        new("default_key_policy_lets_a_user_with_an_identity_policy_decrypt", Delegation) { Caller = Carol, Request = Decrypt(), OverServer = true },
        new("default_key_policy_denies_a_user_without_identity_policy", Delegation) { Caller = Bob, Request = Decrypt(), Expected = NoIdentity, OverServer = true },
        new("identity_policy_for_decrypt_does_not_allow_encrypt", Delegation) { Caller = Carol, Request = Encrypt(), Expected = NoIdentity, OverServer = true },
        new("a_user_without_identity_policy_cannot_describe_the_key", Delegation) { Caller = Bob, Request = DescribeKey(), Expected = NoIdentity },
        new("an_administrator_with_kms_star_schedules_deletion", Delegation) { Caller = Admin, Request = ScheduleKeyDeletion(7) },
        new("the_account_root_schedules_deletion", Delegation) { Caller = RootA, Request = ScheduleKeyDeletion(30) },
        new("an_auditor_reads_the_key_policy", Delegation) { Caller = Auditor, Request = GetKeyPolicy() },
        new("an_auditor_cannot_put_the_key_policy", Delegation) { Caller = Auditor, Request = PutKeyPolicy(), Expected = NoIdentity, OverServer = true },
        new("an_administrator_puts_the_key_policy", Delegation) { Caller = Admin, Request = PutKeyPolicy(), OverServer = true },
        new("a_user_without_identity_policy_cannot_read_the_key_policy", Delegation) { Caller = Bob, Request = GetKeyPolicy(), Expected = NoIdentity },
        new("a_bare_account_id_principal_delegates_like_the_root", Delegation) { KeyPolicy = ["{'Effect':'Allow','Principal':{'AWS':'@A'},'Action':'kms:*','Resource':'*'}"], Caller = Carol, Request = Decrypt() },

        // A key policy must allow: IAM alone is not enough.
        new("an_account_statement_limited_to_describe_does_not_delegate_decrypt", KeyPolicyRequired) { KeyPolicy = ["{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@A:root'},'Action':'kms:DescribeKey','Resource':'*'}"], Caller = Carol, Request = Decrypt(), Expected = NoResource },
        new("a_key_policy_without_the_account_ignores_identity_policies", KeyPolicyRequired) { KeyPolicy = [AppUses], Caller = Carol, Request = Decrypt(), Expected = NoResource, OverServer = true },
        new("a_key_policy_without_the_account_denies_even_its_root", KeyPolicyRequired) { KeyPolicy = [AppUses, ShareWithB], Caller = RootA, Request = Decrypt(), Expected = NoResource, OverServer = true },
        new("a_key_policy_without_the_account_denies_an_administrator", KeyPolicyRequired) { KeyPolicy = [AppUses], Caller = Admin, Request = ScheduleKeyDeletion(7), Expected = NoResource },

        // A key policy naming the principal.
        new("a_key_policy_naming_the_user_allows_it_without_identity_policy", DirectRule) { KeyPolicy = [RootOfA, BobDecrypts], Caller = Bob, Request = Decrypt(), OverServer = true },
        new("a_key_policy_naming_the_user_for_decrypt_does_not_allow_encrypt", DirectRule) { KeyPolicy = ["{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@A:user/Admin'},'Action':'kms:Decrypt','Resource':'*'}"], Caller = Admin, Request = Encrypt(), Expected = NoResource },
        new("a_key_policy_naming_a_role_allows_the_role", DirectRule) { KeyPolicy = [RootOfA, AppUses], Caller = App, Request = Encrypt(), OverServer = true },
        new("a_key_policy_naming_a_role_allows_its_data_keys", DirectRule) { KeyPolicy = [RootOfA, AppUses], Caller = App, Request = GenerateDataKeyWithoutPlaintext() },
        new("a_key_policy_star_principal_allows_a_user_of_the_account", DirectRule) { KeyPolicy = [RootOfA, "{'Effect':'Allow','Principal':'*','Action':'kms:Decrypt','Resource':'*'}"], Caller = Bob, Request = Decrypt() },
        new("a_key_policy_naming_another_user_denies_carol", DirectRule) { KeyPolicy = [BobDecrypts], Caller = Carol, Request = Decrypt(), Expected = NoResource, OverServer = true },
        new("a_key_policy_statement_for_another_key_does_not_apply", DirectRule) { KeyPolicy = [RootOfA, "{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@A:user/Bob'},'Action':'kms:Decrypt','Resource':'arn:aws:kms:us-east-1:@A:key/00000000-0000-0000-0000-000000000000'}"], Caller = Bob, Request = Decrypt(), Expected = NoIdentity },
        new("a_key_administrator_statement_allows_disabling_the_key", DirectRule) { KeyPolicy = [RootOfA, KeyAdministrators], Caller = Bob, Request = DisableKey() },
        new("a_key_administrator_statement_does_not_allow_using_the_key", DirectRule) { KeyPolicy = [RootOfA, KeyAdministrators], Caller = Bob, Request = Encrypt(), Expected = NoIdentity, OverServer = true },

        // Explicit deny wins.
        new("a_key_policy_deny_for_a_user_overrides_its_identity_allow", DenyWins) { KeyPolicy = [RootOfA, "{'Sid':'No Carol','Effect':'Deny','Principal':{'AWS':'arn:aws:iam::@A:user/Carol'},'Action':'kms:Decrypt','Resource':'*'}"], Caller = Carol, Request = Decrypt(), Expected = DenyInResource, OverServer = true },
        new("a_key_policy_deny_applies_to_the_account_root", DenyWins) { KeyPolicy = [RootOfA, EveryoneDeniedDecrypt], Caller = RootA, Request = Decrypt(), Expected = DenyInResource },
        new("an_identity_deny_overrides_a_key_policy_naming_the_user", DenyWins) { KeyPolicy = [RootOfA, "{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@A:user/Mallory'},'Action':'kms:Decrypt','Resource':'*'}"], Caller = Mallory, Request = Decrypt(), Expected = DenyInIdentity, OverServer = true },
        new("an_identity_deny_in_a_second_policy_overrides_the_allow_of_the_first", DenyWins) { Caller = Mallory, Request = Decrypt(), Expected = DenyInIdentity },
        new("an_identity_deny_does_not_touch_other_actions", DenyWins) { Caller = Mallory, Request = Encrypt() },
        new("an_identity_deny_blocks_schedule_key_deletion", DenyWins) { Caller = Mallory, Request = ScheduleKeyDeletion(30), Expected = DenyInIdentity },
        new("a_key_policy_deny_for_another_action_does_not_apply", DenyWins) { KeyPolicy = [RootOfA, "{'Effect':'Deny','Principal':'*','Action':'kms:ScheduleKeyDeletion','Resource':'*'}"], Caller = Carol, Request = Decrypt() },
        new("a_deny_on_every_other_principal_arn_lets_the_app_role_decrypt", DenyWins) { KeyPolicy = [RootOfA, AppUses, NobodyElseDecrypts], Caller = App, Request = Decrypt(), OverServer = true },
        new("a_deny_on_every_other_principal_arn_denies_the_root", DenyWins) { KeyPolicy = [RootOfA, AppUses, NobodyElseDecrypts], Caller = RootA, Request = Decrypt(), Expected = DenyInResource, OverServer = true },
        new("a_deny_on_every_other_principal_arn_spares_the_roles_session", DenyWins) { KeyPolicy = [RootOfA, AppUses, NobodyElseDecrypts], Caller = AppSession, Request = Decrypt() },

        // NotPrincipal, NotAction.
        new("a_deny_with_not_principal_denies_a_user_not_listed", NotRule) { KeyPolicy = [RootOfA, OnlyAdminAndRoot], Caller = Carol, Request = Decrypt(), Expected = DenyInResource },
        new("a_deny_with_not_principal_spares_the_listed_user", NotRule) { KeyPolicy = [RootOfA, OnlyAdminAndRoot], Caller = Admin, Request = Decrypt() },
        new("a_deny_with_not_action_spares_reading_the_key_policy", NotRule) { KeyPolicy = [RootOfA, OnlyReadsButForTheRoot], Caller = Auditor, Request = GetKeyPolicy() },
        new("a_deny_with_not_action_denies_encrypting", NotRule) { KeyPolicy = [RootOfA, OnlyReadsButForTheRoot], Caller = Admin, Request = Encrypt(), Expected = DenyInResource },

        // Wildcards and resources.
        new("an_action_wildcard_covers_generate_data_key_without_plaintext", WildcardRule) { Caller = WorkerSession, Request = GenerateDataKeyWithoutPlaintext() },
        new("an_action_in_another_case_matches", WildcardRule) { KeyPolicy = [RootOfA, "{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@A:user/Bob'},'Action':'KMS:encrypt','Resource':'*'}"], Caller = Bob, Request = Encrypt() },
        new("an_action_prefix_wildcard_does_not_cover_another_action", WildcardRule) { Caller = Auditor, Request = Encrypt(), Expected = NoIdentity },
        new("an_identity_policy_scoped_to_account_a_keys_does_not_cover_a_key_of_b", WildcardRule) { KeyAccount = AccountB, Caller = Partner, Request = DescribeKey(), Expected = NoIdentity, OverServer = true },
        new("a_user_of_b_with_kms_star_uses_a_key_of_its_account", WildcardRule) { KeyAccount = AccountB, Caller = Zed, Request = Encrypt() },

        // Cross-account.
        new("a_role_of_account_b_decrypts_with_both_halves", CrossAccount) { KeyPolicy = [RootOfA, ShareWithB], Caller = Partner, Request = Decrypt(), OverServer = true },
        new("a_role_of_account_b_without_identity_policy_is_denied", CrossAccount) { KeyPolicy = [RootOfA, ShareWithB], Caller = Lambda, Request = Decrypt(), Expected = NoIdentity, OverServer = true },
        new("a_role_of_account_b_without_the_key_policy_half_is_denied", CrossAccount) { Caller = Partner, Request = Decrypt(), Expected = NoResource, OverServer = true },
        new("the_root_of_account_b_needs_no_identity_policy", CrossAccount) { KeyPolicy = [RootOfA, ShareWithB], Caller = RootB, Request = Decrypt(), OverServer = true },
        new("a_session_of_account_b_generates_a_data_key_with_the_roles_policy", CrossAccount) { KeyPolicy = [RootOfA, ShareWithB], Caller = PartnerSession, Request = GenerateDataKey(), OverServer = true },
        new("an_identity_deny_in_account_b_wins_over_the_key_policy", CrossAccount) { KeyPolicy = [RootOfA, ShareWithB], Caller = Zed, Request = Decrypt(), Expected = DenyInIdentity, OverServer = true },
        new("a_user_of_account_b_encrypts_with_both_halves", CrossAccount) { KeyPolicy = [RootOfA, ShareWithB], Caller = Zed, Request = Encrypt() },
        new("a_key_policy_naming_an_external_role_still_needs_its_identity_policy", CrossAccount) { KeyPolicy = [RootOfA, "{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@B:role/Lambda'},'Action':'kms:Decrypt','Resource':'*'}"], Caller = Lambda, Request = Decrypt(), Expected = NoIdentity, OverServer = true },
        new("a_key_policy_naming_an_external_role_with_identity_policy_allows", CrossAccount) { KeyPolicy = [RootOfA, "{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@B:role/Partner'},'Action':'kms:Decrypt','Resource':'*'}"], Caller = Partner, Request = Decrypt() },
        new("a_role_of_account_b_describes_a_shared_key_by_its_arn", CrossAccount) { KeyPolicy = [RootOfA, ShareWithB], Caller = Partner, Request = DescribeKey() },
        new("a_share_limited_to_decrypt_does_not_allow_encrypt", CrossAccount) { KeyPolicy = [RootOfA, "{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@B:root'},'Action':'kms:Decrypt','Resource':'*'}"], Caller = Partner, Request = Encrypt(), Expected = NoResource },
        new("the_root_of_account_a_cannot_use_a_key_of_b_with_the_default_policy", CrossAccount) { KeyAccount = AccountB, Caller = RootA, Request = Encrypt(), Expected = NoResource },
        new("a_key_of_b_shared_with_a_lets_a_user_of_a_with_identity_policy_decrypt", CrossAccount) { KeyAccount = AccountB, KeyPolicy = [RootOfB, "{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@A:root'},'Action':'kms:Decrypt','Resource':'*'}"], Caller = Carol, Request = Decrypt(), OverServer = true },
        new("another_account_cannot_schedule_deletion_of_a_key_that_grants_it_everything", CrossAccountOperations) { KeyPolicy = [RootOfA, EverythingToB], Caller = Zed, Request = ScheduleKeyDeletion(7), Expected = NoResource, OverServer = true },
        new("another_account_cannot_read_the_key_policy_it_is_granted", CrossAccountOperations) { KeyPolicy = [RootOfA, EverythingToB], Caller = Zed, Request = GetKeyPolicy(), Expected = NoResource },
        new("another_account_cannot_tag_a_key_that_grants_it_everything", CrossAccountOperations) { KeyPolicy = [RootOfA, EverythingToB], Caller = Zed, Request = TagResource(("team", "b")), Expected = NoResource },
        new("another_account_cannot_disable_a_key_that_grants_it_everything", CrossAccountOperations) { KeyPolicy = [RootOfA, EverythingToB], Caller = Zed, Request = DisableKey(), Expected = NoResource },
        new("another_account_cannot_enable_rotation_of_a_key_that_grants_it_everything", CrossAccountOperations) { KeyPolicy = [RootOfA, EverythingToB], Caller = Zed, Request = EnableKeyRotation(365), Expected = NoResource },
        new("another_account_granted_everything_still_encrypts", CrossAccountOperations) { KeyPolicy = [RootOfA, EverythingToB], Caller = Zed, Request = Encrypt(), OverServer = true },

        // Roles and sessions.
        new("a_role_principal_covers_its_assumed_role_session", Roles) { KeyPolicy = [RootOfA, AppUses], Caller = AppSession, Request = Decrypt(), OverServer = true },
        new("a_session_principal_allows_that_session", Roles) { KeyPolicy = [RootOfA, "{'Effect':'Allow','Principal':{'AWS':'arn:aws:sts::@A:assumed-role/App/job-42'},'Action':'kms:Decrypt','Resource':'*'}"], Caller = AppSession, Request = Decrypt() },
        new("a_session_principal_does_not_cover_another_session", Roles) { KeyPolicy = ["{'Effect':'Allow','Principal':{'AWS':'arn:aws:sts::@A:assumed-role/Worker/batch-6'},'Action':'kms:Decrypt','Resource':'*'}"], Caller = WorkerSession, Request = Decrypt(), Expected = NoResource },
        new("another_roles_principal_does_not_cover_the_session", Roles) { KeyPolicy = [AppUses], Caller = WorkerSession, Request = Decrypt(), Expected = NoResource, OverServer = true },
        new("a_session_uses_the_default_key_policy_with_its_roles_identity_policy", Roles) { Caller = WorkerSession, Request = GenerateDataKey(), OverServer = true },
        new("a_sessions_identity_policy_does_not_allow_describe", Roles) { Caller = WorkerSession, Request = DescribeKey(), Expected = NoIdentity },

        // Principal condition keys.
        new("a_principal_arn_condition_sees_the_role_of_a_session", PrincipalKeysRule) { KeyPolicy = [RootOfA, AppRoleDecrypts], Caller = AppSession, Request = Decrypt(), OverServer = true },
        new("a_principal_arn_condition_refuses_another_principal", PrincipalKeysRule) { KeyPolicy = [RootOfA, AppRoleDecrypts], Caller = Bob, Request = Decrypt(), Expected = NoIdentity },
        new("a_principal_type_condition_allows_an_assumed_role", PrincipalKeysRule) { KeyPolicy = [RootOfA, AssumedRolesEncrypt], Caller = AppSession, Request = Encrypt() },
        new("a_principal_type_condition_refuses_a_user", PrincipalKeysRule) { KeyPolicy = [RootOfA, AssumedRolesEncrypt], Caller = Bob, Request = Encrypt(), Expected = NoIdentity },
        new("a_principal_account_condition_refuses_a_role_of_another_account", PrincipalKeysRule) { KeyPolicy = [RootOfA, AssumedRolesEncrypt], Caller = PartnerSession, Request = Encrypt(), Expected = NoResource },
        new("a_principal_tag_condition_allows_the_tagged_user", PrincipalKeysRule) { KeyPolicy = [RootOfA, BlueTeamEncrypts], Caller = Tess, Request = Encrypt(), OverServer = true },
        new("a_principal_tag_condition_refuses_another_tag_value", PrincipalKeysRule) { KeyPolicy = [RootOfA, BlueTeamEncrypts], Caller = Ravi, Request = Encrypt(), Expected = NoIdentity },
        new("a_caller_account_condition_allows_a_user_of_the_account", CallerAccountRule) { KeyPolicy = [RootOfA, AnyoneInAEncrypts], Caller = Bob, Request = Encrypt(), OverServer = true },
        new("a_caller_account_condition_refuses_another_account", CallerAccountRule) { KeyPolicy = [RootOfA, AnyoneInAEncrypts], Caller = Partner, Request = Encrypt(), Expected = NoResource },

        // Encryption context.
        new("an_encryption_context_condition_allows_the_named_tenant", EncryptionContextRule) { KeyPolicy = [RootOfA, AppGeneratesForAcme], Caller = App, Request = GenerateDataKey(Context(("tenant", "acme"))), OverServer = true },
        new("an_encryption_context_condition_refuses_another_tenant", EncryptionContextRule) { KeyPolicy = [RootOfA, AppGeneratesForAcme], Caller = App, Request = GenerateDataKey(Context(("tenant", "globex"))), Expected = NoIdentity, OverServer = true },
        new("an_encryption_context_value_is_case_sensitive", EncryptionContextRule) { KeyPolicy = [RootOfA, AppGeneratesForAcme], Caller = App, Request = GenerateDataKey(Context(("tenant", "ACME"))), Expected = NoIdentity },
        new("an_encryption_context_condition_refuses_a_request_without_context", EncryptionContextRule) { KeyPolicy = [RootOfA, AppGeneratesForAcme], Caller = App, Request = GenerateDataKey(), Expected = NoIdentity },
        new("an_encryption_context_condition_allows_decrypting_a_backup", EncryptionContextRule) { KeyPolicy = [RootOfA, AppDecryptsBackups], Caller = App, Request = Decrypt(Context(("purpose", "backup"))), OverServer = true },
        new("an_encryption_context_condition_refuses_decrypting_a_restore", EncryptionContextRule) { KeyPolicy = [RootOfA, AppDecryptsBackups], Caller = App, Request = Decrypt(Context(("purpose", "restore"))), Expected = NoIdentity },
        new("a_string_like_encryption_context_condition_allows_a_matching_project", EncryptionContextRule) { KeyPolicy = [RootOfA, AppEncryptsAlphaProjects], Caller = App, Request = Encrypt(Context(("project", "alpha-7"))) },
        new("a_string_like_encryption_context_condition_refuses_another_project", EncryptionContextRule) { KeyPolicy = [RootOfA, AppEncryptsAlphaProjects], Caller = App, Request = Encrypt(Context(("project", "beta-1"))), Expected = NoIdentity },
        new("a_username_variable_allows_the_users_own_context", VariableRule) { Caller = Dana, Request = Encrypt(Context(("owner", "Dana"))), OverServer = true },
        new("a_username_variable_refuses_another_users_context", VariableRule) { Caller = Dana, Request = Encrypt(Context(("owner", "Bob"))), Expected = NoIdentity, OverServer = true },
        new("a_username_variable_allows_decrypting_the_users_own_context", VariableRule) { Caller = Dana, Request = Decrypt(Context(("owner", "Dana"))) },

        // kms:EncryptionContextKeys.
        new("for_all_values_allows_known_context_keys", ContextKeysRule) { KeyPolicy = [RootOfA, AppEncryptsWithKnownKeys], Caller = App, Request = Encrypt(Context(("tenant", "acme"))) },
        new("for_all_values_refuses_an_extra_context_key", ContextKeysRule) { KeyPolicy = [RootOfA, AppEncryptsWithKnownKeys], Caller = App, Request = Encrypt(Context(("tenant", "acme"), ("secret", "x"))), Expected = NoIdentity },
        new("for_all_values_allows_a_request_without_context", ContextKeysRule) { KeyPolicy = [RootOfA, AppEncryptsWithKnownKeys], Caller = App, Request = Encrypt() },
        new("for_any_value_allows_context_with_the_key", ContextKeysRule) { KeyPolicy = [RootOfA, AppEncryptsWithTenant], Caller = App, Request = Encrypt(Context(("region", "eu"), ("tenant", "acme"))) },
        new("for_any_value_refuses_a_request_without_context", ContextKeysRule) { KeyPolicy = [RootOfA, AppEncryptsWithTenant], Caller = App, Request = Encrypt(), Expected = NoIdentity },
        new("a_null_deny_refuses_encrypting_without_context", ContextKeysRule) { KeyPolicy = [RootOfA, NoEncryptionWithoutContext], Caller = Admin, Request = Encrypt(), Expected = DenyInResource, OverServer = true },
        new("a_null_deny_lets_encrypting_with_context_through", ContextKeysRule) { KeyPolicy = [RootOfA, NoEncryptionWithoutContext], Caller = Admin, Request = Encrypt(Context(("tenant", "acme"))) },

        // Algorithms.
        new("an_encryption_algorithm_condition_allows_oaep_sha_256", AlgorithmRule) { KeySpec = "RSA_2048", KeyUsage = "ENCRYPT_DECRYPT", KeyPolicy = [RootOfA, AppEncryptsWithOaepSha256], Caller = App, Request = Encrypt(algorithm: "RSAES_OAEP_SHA_256"), OverServer = true },
        new("an_encryption_algorithm_condition_refuses_oaep_sha_1", AlgorithmRule) { KeySpec = "RSA_2048", KeyUsage = "ENCRYPT_DECRYPT", KeyPolicy = [RootOfA, AppEncryptsWithOaepSha256], Caller = App, Request = Encrypt(algorithm: "RSAES_OAEP_SHA_1"), Expected = NoIdentity },
        new("an_encryption_algorithm_deny_refuses_decrypting_with_oaep_sha_1", AlgorithmRule) { KeySpec = "RSA_2048", KeyUsage = "ENCRYPT_DECRYPT", KeyPolicy = [RootOfA, DecryptOnlyWithOaepSha256], Caller = RootA, Request = DecryptRsa("RSAES_OAEP_SHA_1"), Expected = DenyInResource },
        new("an_encryption_algorithm_deny_lets_decrypting_with_oaep_sha_256_through", AlgorithmRule) { KeySpec = "RSA_2048", KeyUsage = "ENCRYPT_DECRYPT", KeyPolicy = [RootOfA, DecryptOnlyWithOaepSha256], Caller = RootA, Request = DecryptRsa("RSAES_OAEP_SHA_256") },
        new("a_symmetric_decrypt_has_the_symmetric_default_algorithm", AlgorithmRule) { KeyPolicy = [RootOfA, "{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@A:role/App'},'Action':'kms:Decrypt','Resource':'*','Condition':{'StringEquals':{'kms:EncryptionAlgorithm':'SYMMETRIC_DEFAULT'}}}"], Caller = App, Request = Decrypt() },
        new("a_signing_algorithm_condition_allows_pss", AlgorithmRule) { KeySpec = "RSA_2048", KeyUsage = "SIGN_VERIFY", KeyPolicy = [RootOfA, AppSignsWithPss], Caller = App, Request = Sign("RSASSA_PSS_SHA_256"), OverServer = true },
        new("a_signing_algorithm_condition_refuses_pkcs1", AlgorithmRule) { KeySpec = "RSA_2048", KeyUsage = "SIGN_VERIFY", KeyPolicy = [RootOfA, AppSignsWithPss], Caller = App, Request = Sign("RSASSA_PKCS1_V1_5_SHA_256"), Expected = NoIdentity },
        new("a_mac_algorithm_condition_allows_hmac_sha_256", AlgorithmRule) { KeySpec = "HMAC_256", KeyUsage = "GENERATE_VERIFY_MAC", KeyPolicy = [RootOfA, AppMacsWithSha256], Caller = App, Request = GenerateMac("HMAC_SHA_256") },
        new("a_mac_algorithm_condition_refuses_hmac_sha_512", AlgorithmRule) { KeySpec = "HMAC_512", KeyUsage = "GENERATE_VERIFY_MAC", KeyPolicy = [RootOfA, AppMacsWithSha256], Caller = App, Request = GenerateMac("HMAC_SHA_512"), Expected = NoIdentity },

        // Key properties.
        new("a_key_spec_condition_allows_describing_a_symmetric_key", KeyPropertyRule) { KeyPolicy = [RootOfA, AppDescribesSymmetricKeys], Caller = App, Request = DescribeKey() },
        new("a_key_spec_condition_refuses_an_rsa_key", KeyPropertyRule) { KeySpec = "RSA_2048", KeyUsage = "SIGN_VERIFY", KeyPolicy = [RootOfA, AppDescribesSymmetricKeys], Caller = App, Request = GetPublicKey(), Expected = NoIdentity },
        new("a_key_usage_and_origin_condition_allows_a_signing_key", KeyPropertyRule) { KeySpec = "ECC_NIST_P256", KeyUsage = "SIGN_VERIFY", KeyPolicy = [RootOfA, AppGetsPublicKeysOfSigningKeys], Caller = App, Request = GetPublicKey() },
        new("a_key_usage_condition_refuses_an_encryption_key", KeyPropertyRule) { KeySpec = "RSA_2048", KeyUsage = "ENCRYPT_DECRYPT", KeyPolicy = [RootOfA, AppGetsPublicKeysOfSigningKeys], Caller = App, Request = GetPublicKey(), Expected = NoIdentity },

        // ABAC: resource tags and aliases.
        new("a_resource_tag_matching_the_principal_tag_allows", AbacRule) { KeyTags = new() { ["team"] = "blue" }, Caller = Tess, Request = Decrypt(), OverServer = true },
        new("a_resource_tag_of_another_team_refuses", AbacRule) { KeyTags = new() { ["team"] = "blue" }, Caller = Ravi, Request = Decrypt(), Expected = NoIdentity, OverServer = true },
        new("an_untagged_key_refuses_the_team_policy", AbacRule) { Caller = Tess, Request = DescribeKey(), Expected = NoIdentity },
        new("a_resource_tag_condition_in_the_key_policy_allows_a_prod_key", AbacRule) { KeyTags = new() { ["env"] = "prod" }, KeyPolicy = [RootOfA, AppEncryptsProdKeys], Caller = App, Request = Encrypt() },
        new("a_resource_tag_condition_in_the_key_policy_refuses_a_dev_key", AbacRule) { KeyTags = new() { ["env"] = "dev" }, KeyPolicy = [RootOfA, AppEncryptsProdKeys], Caller = App, Request = Encrypt(), Expected = NoIdentity },
        new("a_resource_aliases_condition_allows_an_aliased_key", AliasAbacRule) { KeyHasAlias = true, KeyPolicy = [RootOfA, AppEncryptsAliasedKeys], Caller = App, Request = Encrypt(), OverServer = true },
        new("a_resource_aliases_condition_refuses_a_key_without_alias", AliasAbacRule) { KeyPolicy = [RootOfA, AppEncryptsAliasedKeys], Caller = App, Request = Encrypt(), Expected = NoIdentity },

        // Request tags.
        new("a_user_creates_a_symmetric_key_tagged_dev", RequestTagRule) { Caller = Kim, Request = CreateKey(null, null, ("env", "dev")), OverServer = true },
        new("a_user_cannot_create_a_key_tagged_prod", RequestTagRule) { Caller = Kim, Request = CreateKey(null, null, ("env", "prod")), Expected = NoIdentity, OverServer = true },
        new("a_user_cannot_create_an_untagged_key", RequestTagRule) { Caller = Kim, Request = CreateKey(), Expected = NoIdentity },
        new("a_user_limited_to_symmetric_keys_cannot_create_an_rsa_key", RequestTagRule) { Caller = Kim, Request = CreateKey("RSA_2048", "SIGN_VERIFY", ("env", "dev")), Expected = NoIdentity },
        new("a_user_tags_a_key_with_allowed_tag_keys", RequestTagRule) { Caller = Kim, Request = TagResource(("env", "dev"), ("owner", "kim")) },
        new("a_user_cannot_tag_a_key_with_another_tag_key", RequestTagRule) { Caller = Kim, Request = TagResource(("env", "dev"), ("cost", "1")), Expected = NoIdentity },
        new("a_user_untags_an_allowed_tag_key", RequestTagRule) { KeyTags = new() { ["owner"] = "kim" }, Caller = Kim, Request = UntagResource("owner") },
        new("a_request_tag_deny_refuses_tagging_prod", RequestTagRule) { KeyPolicy = [RootOfA, NoProdTags], Caller = Admin, Request = TagResource(("env", "prod")), Expected = DenyInResource },

        // CreateKey with tags is kms:TagResource too.
        new("a_user_allowed_only_create_key_cannot_create_a_tagged_key", CreateKeyTags) { Caller = Nia, Request = CreateKeyRefusedTagging(("env", "dev")), Expected = NoIdentity, OverServer = true },
        new("a_user_allowed_only_create_key_creates_an_untagged_key", CreateKeyTags) { Caller = Nia, Request = CreateKey() },
        new("a_tag_policy_refusing_a_tag_key_refuses_creating_a_key_with_it", CreateKeyTags) { Caller = Kim, Request = CreateKeyRefusedTagging(("env", "dev"), ("cost", "1")), Expected = NoIdentity, OverServer = true },
        new("an_identity_deny_on_tagging_refuses_creating_a_tagged_key", CreateKeyTags) { Caller = Mallory, Request = CreateKeyRefusedTagging(("env", "dev")), Expected = DenyInIdentity },
        new("the_account_root_creates_a_tagged_key", CreateKeyTags) { Caller = RootA, Request = CreateKey(null, null, ("env", "dev")) },

        // Numeric request keys, bypass, transport and time.
        new("a_deletion_window_deny_refuses_seven_days", NumericRule) { KeyPolicy = [RootOfA, ThirtyDayDeletionWindow], Caller = Admin, Request = ScheduleKeyDeletion(7), Expected = DenyInResource, OverServer = true },
        new("a_deletion_window_deny_lets_thirty_days_through", NumericRule) { KeyPolicy = [RootOfA, ThirtyDayDeletionWindow], Caller = Admin, Request = ScheduleKeyDeletion(30) },
        new("a_rotation_period_condition_allows_ninety_days", NumericRule) { KeyPolicy = [RootOfA, AppRotatesAtLeastTwiceAYear], Caller = App, Request = EnableKeyRotation(90) },
        new("a_rotation_period_condition_refuses_a_year", NumericRule) { KeyPolicy = [RootOfA, AppRotatesAtLeastTwiceAYear], Caller = App, Request = EnableKeyRotation(365), Expected = NoIdentity },
        new("a_bypass_deny_refuses_putting_a_policy_with_the_bypass", BypassRule) { KeyPolicy = [RootOfA, NoLockoutBypass], Caller = Admin, Request = PutKeyPolicy(bypassLockoutCheck: true), Expected = DenyInResource, OverServer = true },
        new("a_bypass_deny_lets_putting_a_policy_without_the_bypass", BypassRule) { KeyPolicy = [RootOfA, NoLockoutBypass], Caller = Admin, Request = PutKeyPolicy() },
        new("a_secure_transport_deny_refuses_a_request_without_tls", GlobalKeysRule) { KeyPolicy = [RootOfA, OnlySecureTransport], Caller = Carol, Request = Decrypt(), Expected = DenyInResource },
        new("a_current_time_condition_allows_before_the_date", GlobalKeysRule) { KeyPolicy = [RootOfA, AppEncryptsUntil2999], Caller = App, Request = Encrypt() },
        new("a_current_time_condition_refuses_before_the_start", GlobalKeysRule) { KeyPolicy = [RootOfA, AppEncryptsFrom2999], Caller = App, Request = Encrypt(), Expected = NoIdentity },

        // ReEncrypt.
        new("re_encrypt_is_allowed_by_re_encrypt_star", ReEncryptRule) { KeyPolicy = [RootOfA, AppReEncrypts], Caller = App, Request = ReEncrypt() },
        new("re_encrypt_without_re_encrypt_from_is_denied", ReEncryptRule) { KeyPolicy = [RootOfA, AppReEncryptsToOnly], Caller = App, Request = ReEncrypt("kms:ReEncryptFrom"), Expected = NoIdentity },
        new("re_encrypt_without_re_encrypt_to_is_denied", ReEncryptRule) { Caller = WorkerSession, Request = ReEncrypt("kms:ReEncryptTo"), Expected = NoIdentity },
        new("re_encrypt_across_accounts_with_both_halves", ReEncryptRule) { KeyPolicy = [RootOfA, ShareWithB], Caller = Partner, Request = ReEncrypt() },

        // Aliases: the alias (IAM policies) and each key concerned (key policies).
        new("an_administrator_creates_an_alias", AliasAccess) { Caller = Admin, Request = CreateAlias() },
        new("the_account_root_creates_an_alias", AliasAccess) { Caller = RootA, Request = CreateAlias() },
        new("a_user_without_identity_policy_cannot_create_an_alias", AliasAccess) { Caller = Bob, Request = CreateAlias(AliasResource.Alias), Expected = NoIdentity },
        new("a_key_policy_deny_refuses_creating_an_alias", AliasAccess) { KeyPolicy = [RootOfA, NoAliasChanges], Caller = Admin, Request = CreateAlias(), Expected = DenyInResource },
        new("a_key_administrator_without_an_alias_policy_cannot_create_an_alias", AliasAccess) { KeyPolicy = [RootOfA, KeyAdministrators], Caller = Bob, Request = CreateAlias(AliasResource.Alias), Expected = NoIdentity, OverServer = true },
        new("an_alias_policy_without_the_key_half_cannot_create_an_alias", AliasAccess) { Caller = Leo, Request = CreateAlias(), Expected = NoIdentity },
        new("an_alias_policy_and_a_key_policy_naming_the_user_create_an_alias", AliasAccess) { KeyPolicy = [RootOfA, LeoManagesAliases], Caller = Leo, Request = CreateAlias(), OverServer = true },
        new("an_identity_deny_on_aliases_refuses_creating_an_alias", AliasAccess) { Caller = Ana, Request = CreateAlias(AliasResource.Alias), Expected = DenyInIdentity },
        new("an_administrator_deletes_an_alias", AliasAccess) { KeyHasAlias = true, Caller = Admin, Request = DeleteAlias() },
        new("a_key_administrator_without_an_alias_policy_cannot_delete_an_alias", AliasAccess) { KeyHasAlias = true, KeyPolicy = [RootOfA, KeyAdministrators], Caller = Bob, Request = DeleteAlias(AliasResource.Alias), Expected = NoIdentity, OverServer = true },
        new("an_alias_policy_without_the_key_half_cannot_delete_an_alias", AliasAccess) { KeyHasAlias = true, Caller = Leo, Request = DeleteAlias(), Expected = NoIdentity },
        new("an_alias_policy_and_a_key_policy_naming_the_user_delete_an_alias", AliasAccess) { KeyHasAlias = true, KeyPolicy = [RootOfA, LeoManagesAliases], Caller = Leo, Request = DeleteAlias() },
        new("an_identity_deny_on_aliases_refuses_deleting_an_alias", AliasAccess) { KeyHasAlias = true, Caller = Ana, Request = DeleteAlias(AliasResource.Alias), Expected = DenyInIdentity },
        new("a_key_policy_deny_refuses_deleting_an_alias", AliasAccess) { KeyHasAlias = true, KeyPolicy = [RootOfA, NoAliasChanges], Caller = Admin, Request = DeleteAlias(), Expected = DenyInResource },
        new("an_administrator_points_an_alias_at_another_key", AliasAccess) { KeyHasAlias = true, Caller = Admin, Request = UpdateAliasAwayFromTheKey() },
        new("a_key_policy_deny_on_the_current_key_refuses_updating_its_alias", AliasAccess) { KeyHasAlias = true, KeyPolicy = [RootOfA, NoAliasChanges], Caller = Admin, Request = UpdateAliasAwayFromTheKey(), Expected = DenyInResource, OverServer = true },
        new("a_key_policy_deny_on_the_new_key_refuses_updating_an_alias_to_it", AliasAccess) { KeyPolicy = [RootOfA, NoAliasChanges], Caller = Admin, Request = UpdateAliasToTheKey(), Expected = DenyInResource },
        new("a_key_policy_naming_the_user_on_the_current_key_only_does_not_allow_the_new_key", AliasAccess) { KeyHasAlias = true, KeyPolicy = [RootOfA, LeoManagesAliases], Caller = Leo, Request = UpdateAliasAwayFromTheKey(AliasResource.OtherKey), Expected = NoIdentity },
        new("a_key_policy_naming_the_user_on_the_new_key_only_does_not_allow_the_current_key", AliasAccess) { KeyPolicy = [RootOfA, LeoManagesAliases], Caller = Leo, Request = UpdateAliasToTheKey(AliasResource.OtherKey), Expected = NoIdentity, OverServer = true },
        new("a_key_administrator_without_an_alias_policy_cannot_update_an_alias", AliasAccess) { KeyHasAlias = true, KeyPolicy = [RootOfA, KeyAdministrators], Caller = Bob, Request = UpdateAliasAwayFromTheKey(AliasResource.Alias), Expected = NoIdentity },
        new("an_identity_deny_on_aliases_refuses_updating_an_alias", AliasAccess) { KeyHasAlias = true, Caller = Ana, Request = UpdateAliasAwayFromTheKey(AliasResource.Alias), Expected = DenyInIdentity },
        new("an_auditor_describes_the_key_by_its_alias", AliasRule) { KeyHasAlias = true, Caller = Auditor, Request = DescribeKeyByAlias() },
        new("a_user_without_identity_policy_cannot_describe_by_alias", AliasRule) { KeyHasAlias = true, Caller = Bob, Request = DescribeKeyByAlias(), Expected = NoIdentity },

        // Account-level actions.
        new("the_account_root_creates_a_key", AccountLevel) { Caller = RootA, Request = CreateKey(), OverServer = true },
        new("a_user_without_identity_policy_cannot_create_a_key", AccountLevel) { Caller = Bob, Request = CreateKey(), Expected = NoIdentity, OverServer = true },
        new("an_auditor_lists_keys", AccountLevel) { Caller = Auditor, Request = ListKeys(), OverServer = true },
        new("a_user_without_identity_policy_cannot_list_keys", AccountLevel) { Caller = Bob, Request = ListKeys(), Expected = NoIdentity },
        new("a_user_without_identity_policy_cannot_list_aliases", AccountLevel) { Caller = Bob, Request = ListAliases(), Expected = NoIdentity },
        new("an_administrator_generates_random_bytes", AccountLevel) { Caller = Admin, Request = GenerateRandom() },
        new("a_decrypt_only_user_cannot_generate_random_bytes", AccountLevel) { Caller = Carol, Request = GenerateRandom(), Expected = NoIdentity },
        new("an_identity_deny_on_other_actions_lets_create_key_through", AccountLevel) { Caller = Mallory, Request = CreateKey() },
        new("a_role_of_account_b_without_identity_policy_cannot_list_keys", AccountLevel) { Caller = Lambda, Request = ListKeys(), Expected = NoIdentity },
    ];

    /// <summary>The account statement of AWS's default key policy for <paramref name="account"/>.</summary>
    public static string RootOf(string account) => account == AccountB ? RootOfB : RootOfA;

    public static TheoryData<string> Names(bool overServer)
    {
        var names = new TheoryData<string>();
        foreach (var row in All.Where(row => !overServer || row.OverServer))
        {
            names.Add(row.Name);
        }

        return names;
    }

    public static AuthorizationCase Named(string name) => All.Single(row => row.Name == name);
}
