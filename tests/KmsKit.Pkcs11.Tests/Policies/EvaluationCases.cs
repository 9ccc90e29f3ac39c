using KmsKit.Pkcs11.Policies;

namespace KmsKit.Pkcs11.Tests.Policies;

/// <summary>The evaluation table: each row names the AWS documentation rule it follows.</summary>
public static class EvaluationCases
{
    private const AuthorizationDecision Allow = AuthorizationDecision.Allow;
    private const AuthorizationDecision Implicit = AuthorizationDecision.ImplicitDeny;
    private const AuthorizationDecision Explicit = AuthorizationDecision.ExplicitDeny;
    private const DenialReason NoResource = DenialReason.NoResourceBasedPolicyAllows;
    private const DenialReason NoIdentity = DenialReason.NoIdentityBasedPolicyAllows;
    private const DenialReason DenyInResource = DenialReason.ExplicitDenyInResourceBasedPolicy;
    private const DenialReason DenyInIdentity = DenialReason.ExplicitDenyInIdentityBasedPolicy;

    private const string RootA = "{'Sid':'Enable IAM User Permissions','Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@A:root'},'Action':'kms:*','Resource':'*'}";
    private const string AllOfB = "{'Sid':'Account B','Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@B:root'},'Action':'kms:*','Resource':'*'}";
    private const string RootB = "{'Sid':'Account B','Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@B:root'},'Action':'kms:Decrypt','Resource':'*'}";
    private const string BobDecrypts = "{'Sid':'Bob','Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@A:user/Bob'},'Action':'kms:Decrypt','Resource':'*'}";
    private const string MayDecrypt = "{'Effect':'Allow','Action':'kms:Decrypt','Resource':'*'}";
    private const string MayNotDecrypt = "{'Effect':'Deny','Action':'kms:Decrypt','Resource':'*'}";
    private const string Alice = "arn:aws:iam::" + EvaluationCase.A + ":user/Alice";
    private const string RootOfA = "arn:aws:iam::" + EvaluationCase.A + ":root";
    private const string BobOfB = "arn:aws:iam::" + EvaluationCase.B + ":user/Bob";
    private const string RootOfB = "arn:aws:iam::" + EvaluationCase.B + ":root";
    private const string AppSession = "arn:aws:sts::" + EvaluationCase.A + ":assumed-role/App/session-1";
    private const string DevKeyAnywhere = "arn:aws:kms:*:@A:key/*";

    private const string Delegation = "KMS key policies: the account principal enables IAM policies (delegation to IAM)";
    private const string DirectRule = "KMS determining access: a key policy that names the principal allows it alone";
    private const string DenyWins = "IAM policy evaluation logic: an explicit deny in any policy overrides any allow";
    private const string CrossAccount = "KMS cross-account access: key policy allows the account AND the external account's IAM policy allows";
    private const string CrossAccountOperations = "KMS permissions reference: only actions marked 'Cross-account use: Yes' take effect for another account";
    private const string Roles = "IAM Principal element: a role principal covers its assumed-role sessions";
    private const string NotPrincipalRule = "IAM NotPrincipal: the statement applies to every principal except those listed";
    private const string NotActionRule = "IAM NotAction/NotResource: the statement applies to everything except those listed";
    private const string WildcardRule = "IAM Action/Resource: * and ? wildcards; actions are case-insensitive, ARNs case-sensitive";
    private const string StringRule = "IAM condition operators: String*, absent key, multiple values ORed, keys ANDed";
    private const string SetRule = "IAM multivalued context keys: ForAnyValue / ForAllValues";
    private const string IfExistsRule = "IAM ...IfExists: true when the key is absent from the request";
    private const string NullBoolRule = "IAM Null and Bool condition operators";
    private const string DateNumericRule = "IAM Date and Numeric condition operators";
    private const string IpRule = "IAM IpAddress / NotIpAddress: CIDR, IPv4 and IPv6";
    private const string ArnRule = "IAM Arn condition operators";
    private const string VariableRule = "IAM policy variables (Version 2012-10-17 only) and ${*} ${?} ${$}";
    private const string ServiceRule = "KMS key policies: AWS service principals";
    private const string AccountLevel = "KMS: CreateKey, ListKeys ... are controlled by IAM policies only";
    private const string GrantRule = "KMS grants: a grant allows the operation unless an explicit deny applies";

    public static IReadOnlyList<EvaluationCase> All { get; } =
    [
        // Delegation to IAM and the direct principal grant.
        new("default_policy_and_an_identity_policy_allow_a_user", Delegation) { Identity = [[MayDecrypt]], Decision = Allow },
        new("default_policy_without_an_identity_policy_denies_a_user", Delegation) { Decision = Implicit, Reason = NoIdentity },
        new("default_policy_allows_the_account_root_without_identity_policy", Delegation) { Caller = RootOfA, Decision = Allow },
        new("identity_policy_for_another_action_does_not_allow", Delegation) { Identity = [["{'Effect':'Allow','Action':'kms:Encrypt','Resource':'*'}"]], Decision = Implicit, Reason = NoIdentity },
        new("bare_account_id_principal_delegates_like_root", Delegation) { KeyStatements = ["{'Effect':'Allow','Principal':{'AWS':'@A'},'Action':'kms:*','Resource':'*'}"], Identity = [[MayDecrypt]], Decision = Allow },
        new("bare_account_id_principal_without_identity_policy_denies", Delegation) { KeyStatements = ["{'Effect':'Allow','Principal':{'AWS':'@A'},'Action':'kms:*','Resource':'*'}"], Decision = Implicit, Reason = NoIdentity },
        new("account_statement_limited_to_encrypt_does_not_delegate_decrypt", Delegation) { KeyStatements = ["{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@A:root'},'Action':'kms:Encrypt','Resource':'*'}"], Identity = [[MayDecrypt]], Decision = Implicit, Reason = NoResource },
        new("identity_policy_alone_without_delegation_denies", Delegation) { KeyStatements = ["{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@A:user/Carol'},'Action':'kms:*','Resource':'*'}"], Identity = [[MayDecrypt]], Decision = Implicit, Reason = NoResource },
        new("key_policy_naming_the_user_allows_without_identity_policy", DirectRule) { KeyStatements = [BobDecrypts], Decision = Allow },
        new("key_policy_naming_another_user_denies", DirectRule) { KeyStatements = [BobDecrypts], Caller = Alice, Decision = Implicit, Reason = NoResource },
        new("key_policy_naming_the_user_for_another_action_denies", DirectRule) { KeyStatements = [BobDecrypts], Action = "kms:Encrypt", Decision = Implicit, Reason = NoResource },
        new("key_policy_star_principal_allows_a_same_account_user", DirectRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:Decrypt','Resource':'*'}"], Decision = Allow },
        new("key_policy_aws_star_principal_allows_a_same_account_user", DirectRule) { KeyStatements = ["{'Effect':'Allow','Principal':{'AWS':'*'},'Action':'kms:Decrypt','Resource':'*'}"], Decision = Allow },
        new("key_policy_statement_for_another_key_resource_does_not_apply", DirectRule) { KeyStatements = ["{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@A:user/Bob'},'Action':'kms:Decrypt','Resource':'arn:aws:kms:us-east-1:@A:key/other'}"], Decision = Implicit, Reason = NoResource },
        new("key_policy_statement_without_resource_has_no_effect", DirectRule) { KeyStatements = ["{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@A:user/Bob'},'Action':'kms:Decrypt'}"], Decision = Implicit, Reason = NoResource },

        // Explicit deny wins.
        new("key_policy_deny_overrides_delegation_and_identity_allow", DenyWins) { KeyStatements = [RootA, "{'Sid':'NoBob','Effect':'Deny','Principal':{'AWS':'arn:aws:iam::@A:user/Bob'},'Action':'kms:Decrypt','Resource':'*'}"], Identity = [[MayDecrypt]], Decision = Explicit, Reason = DenyInResource },
        new("identity_deny_overrides_a_direct_key_policy_allow", DenyWins) { KeyStatements = [BobDecrypts], Identity = [[MayNotDecrypt]], Decision = Explicit, Reason = DenyInIdentity },
        new("deny_in_second_identity_policy_overrides_allow_in_first", DenyWins) { Identity = [[MayDecrypt], [MayNotDecrypt]], Decision = Explicit, Reason = DenyInIdentity },
        new("deny_in_both_reports_the_key_policy", DenyWins) { KeyStatements = [RootA, "{'Effect':'Deny','Principal':'*','Action':'kms:*','Resource':'*'}"], Identity = [[MayNotDecrypt]], Decision = Explicit, Reason = DenyInResource },
        new("key_policy_deny_on_the_account_covers_its_users", DenyWins) { KeyStatements = [BobDecrypts, "{'Effect':'Deny','Principal':{'AWS':'arn:aws:iam::@A:root'},'Action':'kms:Decrypt','Resource':'*'}"], Decision = Explicit, Reason = DenyInResource },
        new("deny_for_another_action_does_not_apply", DenyWins) { KeyStatements = [RootA, "{'Effect':'Deny','Principal':'*','Action':'kms:ScheduleKeyDeletion','Resource':'*'}"], Identity = [[MayDecrypt]], Decision = Allow },
        new("deny_also_applies_to_the_root", DenyWins) { KeyStatements = [RootA, "{'Effect':'Deny','Principal':'*','Action':'kms:Decrypt','Resource':'*'}"], Caller = RootOfA, Decision = Explicit, Reason = DenyInResource },

        // Cross-account: both halves.
        new("cross_account_user_allowed_by_account_and_identity_policy", CrossAccount) { KeyStatements = [RootA, RootB], Caller = BobOfB, Identity = [[MayDecrypt]], Decision = Allow },
        new("cross_account_user_without_identity_policy_denied", CrossAccount) { KeyStatements = [RootA, RootB], Caller = BobOfB, Decision = Implicit, Reason = NoIdentity },
        new("cross_account_root_needs_no_identity_policy", CrossAccount) { KeyStatements = [RootA, RootB], Caller = RootOfB, Decision = Allow },
        new("cross_account_identity_policy_without_key_policy_half_denied", CrossAccount) { KeyStatements = [RootA], Caller = BobOfB, Identity = [[MayDecrypt]], Decision = Implicit, Reason = NoResource },
        new("cross_account_user_named_in_key_policy_with_identity_policy_allowed", CrossAccount) { KeyStatements = ["{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@B:user/Bob'},'Action':'kms:Decrypt','Resource':'*'}"], Caller = BobOfB, Identity = [[MayDecrypt]], Decision = Allow },
        new("cross_account_user_named_in_key_policy_still_needs_identity_policy", CrossAccount) { KeyStatements = ["{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@B:user/Bob'},'Action':'kms:Decrypt','Resource':'*'}"], Caller = BobOfB, Decision = Implicit, Reason = NoIdentity },
        new("cross_account_star_principal_still_needs_identity_policy", CrossAccount) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:Decrypt','Resource':'*'}"], Caller = BobOfB, Decision = Implicit, Reason = NoIdentity },
        new("cross_account_star_principal_with_identity_policy_allowed", CrossAccount) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:Decrypt','Resource':'*'}"], Caller = BobOfB, Identity = [[MayDecrypt]], Decision = Allow },
        new("cross_account_identity_deny_wins", CrossAccount) { KeyStatements = [RootB], Caller = BobOfB, Identity = [[MayDecrypt, MayNotDecrypt]], Decision = Explicit, Reason = DenyInIdentity },
        new("cross_account_root_not_named_when_only_a_user_is", CrossAccount) { KeyStatements = ["{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@B:user/Bob'},'Action':'kms:Decrypt','Resource':'*'}"], Caller = RootOfB, Decision = Implicit, Reason = NoResource },
        new("cross_account_root_cannot_schedule_deletion_even_when_the_key_policy_allows_everything", CrossAccountOperations) { KeyStatements = [RootA, AllOfB], Caller = RootOfB, Action = "kms:ScheduleKeyDeletion", Decision = Implicit, Reason = NoResource },
        new("cross_account_user_cannot_put_a_key_policy_with_both_halves", CrossAccountOperations) { KeyStatements = [RootA, AllOfB], Caller = BobOfB, Identity = [["{'Effect':'Allow','Action':'kms:*','Resource':'*'}"]], Action = "kms:PutKeyPolicy", Decision = Implicit, Reason = NoResource },
        new("cross_account_root_cannot_create_an_alias_for_the_key", CrossAccountOperations) { KeyStatements = [RootA, AllOfB], Caller = RootOfB, Action = "kms:CreateAlias", Decision = Implicit, Reason = NoResource },
        new("cross_account_root_cannot_tag_the_key", CrossAccountOperations) { KeyStatements = [RootA, AllOfB], Caller = RootOfB, Action = "kms:TagResource", Decision = Implicit, Reason = NoResource },
        new("cross_account_root_may_describe_the_key", CrossAccountOperations) { KeyStatements = [RootA, AllOfB], Caller = RootOfB, Action = "kms:DescribeKey", Decision = Allow },
        new("cross_account_root_may_sign_with_the_key", CrossAccountOperations) { KeyStatements = [RootA, AllOfB], Caller = RootOfB, Action = "kms:Sign", Decision = Allow },
        new("cross_account_explicit_deny_is_still_reported_for_a_same_account_only_action", CrossAccountOperations) { KeyStatements = [RootA, AllOfB, "{'Effect':'Deny','Principal':'*','Action':'kms:ScheduleKeyDeletion','Resource':'*'}"], Caller = RootOfB, Action = "kms:ScheduleKeyDeletion", Decision = Explicit, Reason = DenyInResource },
        new("key_account_root_cannot_use_another_accounts_delegation", CrossAccount) { KeyStatements = [RootB], Caller = RootOfA, Decision = Implicit, Reason = NoResource },

        // Roles and assumed-role sessions.
        new("role_principal_allows_its_session", Roles) { KeyStatements = ["{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@A:role/App'},'Action':'kms:Decrypt','Resource':'*'}"], Caller = AppSession, Decision = Allow },
        new("role_principal_with_path_allows_its_session", Roles) { KeyStatements = ["{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@A:role/service/team/App'},'Action':'kms:Decrypt','Resource':'*'}"], Caller = AppSession, Decision = Allow },
        new("role_principal_does_not_allow_another_roles_session", Roles) { KeyStatements = ["{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@A:role/Other'},'Action':'kms:Decrypt','Resource':'*'}"], Caller = AppSession, Decision = Implicit, Reason = NoResource },
        new("role_principal_does_not_allow_same_name_in_another_account", Roles) { KeyStatements = ["{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@B:role/App'},'Action':'kms:Decrypt','Resource':'*'}"], Caller = AppSession, Decision = Implicit, Reason = NoResource },
        new("session_principal_allows_that_session", Roles) { KeyStatements = ["{'Effect':'Allow','Principal':{'AWS':'arn:aws:sts::@A:assumed-role/App/session-1'},'Action':'kms:Decrypt','Resource':'*'}"], Caller = AppSession, Decision = Allow },
        new("session_principal_does_not_allow_another_session", Roles) { KeyStatements = ["{'Effect':'Allow','Principal':{'AWS':'arn:aws:sts::@A:assumed-role/App/session-2'},'Action':'kms:Decrypt','Resource':'*'}"], Caller = AppSession, Decision = Implicit, Reason = NoResource },
        new("role_principal_allows_the_role_itself", Roles) { KeyStatements = ["{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@A:role/App'},'Action':'kms:Decrypt','Resource':'*'}"], Caller = "arn:aws:iam::" + EvaluationCase.A + ":role/App", Decision = Allow },
        new("session_delegated_to_iam_with_identity_policy_allowed", Roles) { Caller = AppSession, Identity = [[MayDecrypt]], Decision = Allow },
        new("principal_arn_condition_sees_the_role_of_a_session", Roles) { KeyStatements = ["{'Effect':'Allow','Principal':{'AWS':'@A'},'Action':'kms:Decrypt','Resource':'*','Condition':{'ArnEquals':{'aws:PrincipalArn':'arn:aws:iam::@A:role/App'}}}"], Caller = AppSession, Identity = [[MayDecrypt]], Decision = Allow },
        new("principal_type_condition_for_a_session", Roles) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:Decrypt','Resource':'*','Condition':{'StringEquals':{'aws:PrincipalType':'AssumedRole'}}}"], Caller = AppSession, Decision = Allow },

        // NotPrincipal.
        new("deny_not_principal_denies_everyone_else", NotPrincipalRule) { KeyStatements = [RootA, "{'Effect':'Deny','NotPrincipal':{'AWS':'arn:aws:iam::@A:user/Bob'},'Action':'kms:*','Resource':'*'}"], Caller = Alice, Identity = [[MayDecrypt]], Decision = Explicit, Reason = DenyInResource },
        new("deny_not_principal_spares_the_listed_user", NotPrincipalRule) { KeyStatements = [RootA, "{'Effect':'Deny','NotPrincipal':{'AWS':'arn:aws:iam::@A:user/Bob'},'Action':'kms:*','Resource':'*'}"], Identity = [[MayDecrypt]], Decision = Allow },
        new("deny_not_principal_listing_the_account_spares_only_the_root", NotPrincipalRule) { KeyStatements = [RootA, "{'Effect':'Deny','NotPrincipal':{'AWS':['arn:aws:iam::@A:user/Bob','arn:aws:iam::@A:root']},'Action':'kms:*','Resource':'*'}"], Caller = Alice, Identity = [[MayDecrypt]], Decision = Explicit, Reason = DenyInResource },
        new("deny_not_principal_listing_the_account_spares_the_root", NotPrincipalRule) { KeyStatements = [RootA, "{'Effect':'Deny','NotPrincipal':{'AWS':['arn:aws:iam::@A:user/Bob','arn:aws:iam::@A:root']},'Action':'kms:*','Resource':'*'}"], Caller = RootOfA, Decision = Allow },
        new("allow_not_principal_allows_everyone_else_directly", NotPrincipalRule) { KeyStatements = ["{'Effect':'Allow','NotPrincipal':{'AWS':'arn:aws:iam::@A:user/Bob'},'Action':'kms:Decrypt','Resource':'*'}"], Caller = Alice, Decision = Allow },
        new("allow_not_principal_excludes_the_listed_user", NotPrincipalRule) { KeyStatements = ["{'Effect':'Allow','NotPrincipal':{'AWS':'arn:aws:iam::@A:user/Bob'},'Action':'kms:Decrypt','Resource':'*'}"], Decision = Implicit, Reason = NoResource },

        // NotAction and NotResource.
        new("not_action_allows_an_unlisted_action", NotActionRule) { KeyStatements = ["{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@A:user/Bob'},'NotAction':'kms:ScheduleKeyDeletion','Resource':'*'}"], Decision = Allow },
        new("not_action_does_not_allow_the_listed_action", NotActionRule) { KeyStatements = ["{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@A:user/Bob'},'NotAction':['kms:Decrypt','kms:Encrypt'],'Resource':'*'}"], Decision = Implicit, Reason = NoResource },
        new("deny_not_action_denies_everything_but_describe", NotActionRule) { KeyStatements = [RootA, "{'Effect':'Deny','Principal':'*','NotAction':'kms:Describe*','Resource':'*'}"], Identity = [[MayDecrypt]], Decision = Explicit, Reason = DenyInResource },
        new("deny_not_action_spares_describe", NotActionRule) { KeyStatements = [RootA, "{'Effect':'Deny','Principal':'*','NotAction':'kms:Describe*','Resource':'*'}"], Caller = RootOfA, Action = "kms:DescribeKey", Decision = Allow },
        new("identity_not_resource_allows_an_unlisted_key", NotActionRule) { Identity = [["{'Effect':'Allow','Action':'kms:Decrypt','NotResource':'arn:aws:kms:us-east-1:@A:key/other'}"]], Decision = Allow },
        new("identity_not_resource_excludes_the_listed_key", NotActionRule) { Identity = [["{'Effect':'Allow','Action':'kms:Decrypt','NotResource':'@KEY'}"]], Decision = Implicit, Reason = NoIdentity },

        // Wildcards.
        new("action_prefix_wildcard_matches", WildcardRule) { Identity = [["{'Effect':'Allow','Action':'kms:ReEncrypt*','Resource':'*'}"]], Action = "kms:ReEncryptFrom", Decision = Allow },
        new("action_two_wildcards_match", WildcardRule) { Identity = [["{'Effect':'Allow','Action':'kms:Generate*Key*','Resource':'*'}"]], Action = "kms:GenerateDataKeyWithoutPlaintext", Decision = Allow },
        new("action_match_is_case_insensitive", WildcardRule) { Identity = [["{'Effect':'Allow','Action':'KMS:decrypt','Resource':'*'}"]], Decision = Allow },
        new("action_question_mark_matches_one_character", WildcardRule) { Identity = [["{'Effect':'Allow','Action':'kms:?ecrypt','Resource':'*'}"]], Decision = Allow },
        new("action_question_mark_does_not_match_another_letter", WildcardRule) { Identity = [["{'Effect':'Allow','Action':'kms:?ncrypt','Resource':'*'}"]], Decision = Implicit, Reason = NoIdentity },
        new("action_star_matches_every_action", WildcardRule) { Identity = [["{'Effect':'Allow','Action':'*','Resource':'*'}"]], Decision = Allow },
        new("resource_wildcard_over_regions_matches", WildcardRule) { Identity = [["{'Effect':'Allow','Action':'kms:Decrypt','Resource':'" + DevKeyAnywhere + "'}"]], Decision = Allow },
        new("resource_in_another_region_does_not_match", WildcardRule) { Identity = [["{'Effect':'Allow','Action':'kms:Decrypt','Resource':'arn:aws:kms:us-west-2:@A:key/*'}"]], Decision = Implicit, Reason = NoIdentity },
        new("resource_match_is_case_sensitive", WildcardRule) { Identity = [["{'Effect':'Allow','Action':'kms:Decrypt','Resource':'arn:aws:kms:us-east-1:@A:KEY/*'}"]], Decision = Implicit, Reason = NoIdentity },
        new("resource_list_matches_any_entry", WildcardRule) { Identity = [["{'Effect':'Allow','Action':'kms:Decrypt','Resource':['arn:aws:kms:us-east-1:@A:key/other','@KEY']}"]], Decision = Allow },

        // String operators.
        new("string_equals_on_encryption_context_matches", StringRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:Decrypt','Resource':'*','Condition':{'StringEquals':{'kms:EncryptionContext:Department':'IT'}}}"], Values = [("kms:EncryptionContext:Department", "IT")], Decision = Allow },
        new("string_equals_value_is_case_sensitive", StringRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:Decrypt','Resource':'*','Condition':{'StringEquals':{'kms:EncryptionContext:Department':'IT'}}}"], Values = [("kms:EncryptionContext:Department", "it")], Decision = Implicit, Reason = NoResource },
        new("string_equals_with_absent_key_does_not_match", StringRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:Decrypt','Resource':'*','Condition':{'StringEquals':{'kms:EncryptionContext:Department':'IT'}}}"], Decision = Implicit, Reason = NoResource },
        new("condition_key_name_is_case_insensitive", StringRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:Decrypt','Resource':'*','Condition':{'StringEquals':{'KMS:encryptioncontext:department':'IT'}}}"], Values = [("kms:EncryptionContext:Department", "IT")], Decision = Allow },
        new("string_not_equals_with_another_value_holds", StringRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:Decrypt','Resource':'*','Condition':{'StringNotEquals':{'kms:ViaService':'s3.us-east-1.amazonaws.com'}}}"], Values = [("kms:ViaService", "ec2.us-east-1.amazonaws.com")], Decision = Allow },
        new("string_not_equals_with_absent_key_holds", StringRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:Decrypt','Resource':'*','Condition':{'StringNotEquals':{'kms:ViaService':'s3.us-east-1.amazonaws.com'}}}"], Decision = Allow },
        new("string_equals_ignore_case_matches_other_case", StringRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:Decrypt','Resource':'*','Condition':{'StringEqualsIgnoreCase':{'kms:EncryptionContext:Department':'it'}}}"], Values = [("kms:EncryptionContext:Department", "IT")], Decision = Allow },
        new("string_not_equals_ignore_case_fails_on_other_case", StringRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:Decrypt','Resource':'*','Condition':{'StringNotEqualsIgnoreCase':{'kms:EncryptionContext:Department':'it'}}}"], Values = [("kms:EncryptionContext:Department", "IT")], Decision = Implicit, Reason = NoResource },
        new("string_like_matches_a_wildcard_value", StringRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:Decrypt','Resource':'*','Condition':{'StringLike':{'kms:EncryptionContext:Project':'alpha-*'}}}"], Values = [("kms:EncryptionContext:Project", "alpha-7")], Decision = Allow },
        new("string_not_like_deny_applies_to_a_non_matching_value", StringRule) { KeyStatements = [RootA, "{'Effect':'Deny','Principal':'*','Action':'kms:Decrypt','Resource':'*','Condition':{'StringNotLike':{'kms:EncryptionContext:Project':'alpha-*'}}}"], Identity = [[MayDecrypt]], Values = [("kms:EncryptionContext:Project", "beta-1")], Decision = Explicit, Reason = DenyInResource },
        new("string_equals_values_are_ored", StringRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:Decrypt','Resource':'*','Condition':{'StringEquals':{'kms:EncryptionContext:Department':['HR','IT']}}}"], Values = [("kms:EncryptionContext:Department", "IT")], Decision = Allow },
        new("condition_keys_are_anded", StringRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:Decrypt','Resource':'*','Condition':{'StringEquals':{'kms:EncryptionContext:Department':'IT','kms:CallerAccount':'@B'}}}"], Values = [("kms:EncryptionContext:Department", "IT"), ("kms:CallerAccount", "111122223333")], Decision = Implicit, Reason = NoResource },
        new("condition_operators_are_anded", StringRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:Decrypt','Resource':'*','Condition':{'StringEquals':{'kms:EncryptionContext:Department':'IT'},'StringLike':{'kms:ViaService':'s3.*'}}}"], Values = [("kms:EncryptionContext:Department", "IT"), ("kms:ViaService", "s3.us-east-1.amazonaws.com")], Decision = Allow },
        new("via_service_condition_in_identity_policy", StringRule) { Identity = [["{'Effect':'Allow','Action':'kms:Decrypt','Resource':'*','Condition':{'StringEquals':{'kms:ViaService':'secretsmanager.us-east-1.amazonaws.com'}}}"]], Values = [("kms:ViaService", "secretsmanager.us-east-1.amazonaws.com")], Decision = Allow },

        // IfExists.
        new("string_equals_if_exists_holds_when_absent", IfExistsRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:Decrypt','Resource':'*','Condition':{'StringEqualsIfExists':{'kms:EncryptionAlgorithm':'SYMMETRIC_DEFAULT'}}}"], Decision = Allow },
        new("string_equals_if_exists_checks_a_present_key", IfExistsRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:Decrypt','Resource':'*','Condition':{'StringEqualsIfExists':{'kms:EncryptionAlgorithm':'SYMMETRIC_DEFAULT'}}}"], Values = [("kms:EncryptionAlgorithm", "RSAES_OAEP_SHA_256")], Decision = Implicit, Reason = NoResource },
        new("numeric_if_exists_holds_when_absent", IfExistsRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:Decrypt','Resource':'*','Condition':{'NumericLessThanIfExists':{'kms:RotationPeriodInDays':'100'}}}"], Decision = Allow },
        new("bool_if_exists_holds_when_absent", IfExistsRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:Decrypt','Resource':'*','Condition':{'BoolIfExists':{'aws:SecureTransport':'true'}}}"], Decision = Allow },

        // ForAnyValue / ForAllValues.
        new("for_all_values_holds_for_a_subset", SetRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:Encrypt','Resource':'*','Condition':{'ForAllValues:StringEquals':{'kms:EncryptionContextKeys':['Department','Project']}}}"], Action = "kms:Encrypt", Values = [("kms:EncryptionContextKeys", "Department")], Decision = Allow },
        new("for_all_values_fails_for_an_extra_key", SetRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:Encrypt','Resource':'*','Condition':{'ForAllValues:StringEquals':{'kms:EncryptionContextKeys':['Department','Project']}}}"], Action = "kms:Encrypt", Values = [("kms:EncryptionContextKeys", "Department"), ("kms:EncryptionContextKeys", "Secret")], Decision = Implicit, Reason = NoResource },
        new("for_all_values_holds_when_the_key_is_absent", SetRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:Encrypt','Resource':'*','Condition':{'ForAllValues:StringEquals':{'kms:EncryptionContextKeys':['Department']}}}"], Action = "kms:Encrypt", Decision = Allow },
        new("for_any_value_holds_for_one_overlap", SetRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:Encrypt','Resource':'*','Condition':{'ForAnyValue:StringEquals':{'kms:EncryptionContextKeys':'Department'}}}"], Action = "kms:Encrypt", Values = [("kms:EncryptionContextKeys", "Project"), ("kms:EncryptionContextKeys", "Department")], Decision = Allow },
        new("for_any_value_fails_without_overlap", SetRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:Encrypt','Resource':'*','Condition':{'ForAnyValue:StringEquals':{'kms:EncryptionContextKeys':'Department'}}}"], Action = "kms:Encrypt", Values = [("kms:EncryptionContextKeys", "Project")], Decision = Implicit, Reason = NoResource },
        new("for_any_value_fails_when_the_key_is_absent", SetRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:Encrypt','Resource':'*','Condition':{'ForAnyValue:StringEquals':{'kms:EncryptionContextKeys':'Department'}}}"], Action = "kms:Encrypt", Decision = Implicit, Reason = NoResource },
        new("for_all_values_string_like_checks_every_key", SetRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:Encrypt','Resource':'*','Condition':{'ForAllValues:StringLike':{'kms:EncryptionContextKeys':'app:*'}}}"], Action = "kms:Encrypt", Values = [("kms:EncryptionContextKeys", "app:one"), ("kms:EncryptionContextKeys", "app:two")], Decision = Allow },
        new("deny_for_any_value_string_not_equals_catches_an_unexpected_grant_operation", SetRule) { KeyStatements = [RootA, "{'Effect':'Deny','Principal':'*','Action':'kms:CreateGrant','Resource':'*','Condition':{'ForAnyValue:StringNotEquals':{'kms:GrantOperations':['Decrypt','Encrypt']}}}"], Caller = RootOfA, Action = "kms:CreateGrant", Values = [("kms:GrantOperations", "Decrypt"), ("kms:GrantOperations", "RetireGrant")], Decision = Explicit, Reason = DenyInResource },
        new("multivalued_key_with_plain_operator_matches_any_value", SetRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:Decrypt','Resource':'*','Condition':{'StringEquals':{'kms:ResourceAliases':'alias/app'}}}"], Values = [("kms:ResourceAliases", "alias/other"), ("kms:ResourceAliases", "alias/app")], Decision = Allow },

        // Null and Bool.
        new("null_false_holds_when_keys_are_present", NullBoolRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:Encrypt','Resource':'*','Condition':{'Null':{'kms:EncryptionContextKeys':'false'}}}"], Action = "kms:Encrypt", Values = [("kms:EncryptionContextKeys", "Department")], Decision = Allow },
        new("null_false_fails_without_encryption_context", NullBoolRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:Encrypt','Resource':'*','Condition':{'Null':{'kms:EncryptionContextKeys':'false'}}}"], Action = "kms:Encrypt", Decision = Implicit, Reason = NoResource },
        new("null_true_holds_when_the_key_is_absent", NullBoolRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:Decrypt','Resource':'*','Condition':{'Null':{'aws:RequestTag/env':'true'}}}"], Decision = Allow },
        new("bool_true_matches", NullBoolRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:CreateGrant','Resource':'*','Condition':{'Bool':{'kms:GrantIsForAWSResource':'true'}}}"], Action = "kms:CreateGrant", Values = [("kms:GrantIsForAWSResource", "true")], Decision = Allow },
        new("bool_false_does_not_match_true", NullBoolRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:CreateGrant','Resource':'*','Condition':{'Bool':{'kms:GrantIsForAWSResource':'true'}}}"], Action = "kms:CreateGrant", Values = [("kms:GrantIsForAWSResource", "false")], Decision = Implicit, Reason = NoResource },
        new("bool_json_literal_deny_on_insecure_transport", NullBoolRule) { KeyStatements = [RootA, "{'Effect':'Deny','Principal':'*','Action':'kms:*','Resource':'*','Condition':{'Bool':{'aws:SecureTransport':false}}}"], Identity = [[MayDecrypt]], Values = [("aws:SecureTransport", "false")], Decision = Explicit, Reason = DenyInResource },
        new("principal_is_aws_service_false_for_a_user", NullBoolRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:Decrypt','Resource':'*','Condition':{'Bool':{'aws:PrincipalIsAWSService':'false'}}}"], Decision = Allow },

        // Date and Numeric.
        new("date_less_than_holds_before_the_date", DateNumericRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:Decrypt','Resource':'*','Condition':{'DateLessThan':{'aws:CurrentTime':'2030-01-01T00:00:00Z'}}}"], Values = [("aws:CurrentTime", "2026-12-05T16:00:00Z")], Decision = Allow },
        new("date_greater_than_fails_before_the_date", DateNumericRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:Decrypt','Resource':'*','Condition':{'DateGreaterThan':{'aws:CurrentTime':'2030-01-01T00:00:00Z'}}}"], Values = [("aws:CurrentTime", "2026-12-05T16:00:00Z")], Decision = Implicit, Reason = NoResource },
        new("date_equals_compares_epoch_seconds_with_iso", DateNumericRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:Decrypt','Resource':'*','Condition':{'DateEquals':{'aws:CurrentTime':'1893456000'}}}"], Values = [("aws:CurrentTime", "2030-01-01T00:00:00Z")], Decision = Allow },
        new("date_not_equals_holds_for_another_instant", DateNumericRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:Decrypt','Resource':'*','Condition':{'DateNotEquals':{'aws:CurrentTime':'2030-01-01'}}}"], Values = [("aws:CurrentTime", "2026-12-05T16:00:00Z")], Decision = Allow },
        new("date_greater_than_equals_holds_on_the_instant", DateNumericRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:Decrypt','Resource':'*','Condition':{'DateGreaterThanEquals':{'aws:CurrentTime':'2026-12-05T16:00:00Z'}}}"], Values = [("aws:CurrentTime", "2026-12-05T16:00:00Z")], Decision = Allow },
        new("date_less_than_equals_fails_after_the_instant", DateNumericRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:Decrypt','Resource':'*','Condition':{'DateLessThanEquals':{'aws:CurrentTime':'2026-12-05T15:59:59Z'}}}"], Values = [("aws:CurrentTime", "2026-12-05T16:00:00Z")], Decision = Implicit, Reason = NoResource },
        new("numeric_less_than_equals_allows_a_short_deletion_window", DateNumericRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:ScheduleKeyDeletion','Resource':'*','Condition':{'NumericLessThanEquals':{'kms:ScheduleKeyDeletionPendingWindowInDays':'30'}}}"], Action = "kms:ScheduleKeyDeletion", Values = [("kms:ScheduleKeyDeletionPendingWindowInDays", "7")], Decision = Allow },
        new("numeric_greater_than_equals_refuses_a_short_window", DateNumericRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:ScheduleKeyDeletion','Resource':'*','Condition':{'NumericGreaterThanEquals':{'kms:ScheduleKeyDeletionPendingWindowInDays':20}}}"], Action = "kms:ScheduleKeyDeletion", Values = [("kms:ScheduleKeyDeletionPendingWindowInDays", "7")], Decision = Implicit, Reason = NoResource },
        new("numeric_equals_matches_the_number", DateNumericRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:EnableKeyRotation','Resource':'*','Condition':{'NumericEquals':{'kms:RotationPeriodInDays':'365'}}}"], Action = "kms:EnableKeyRotation", Values = [("kms:RotationPeriodInDays", "365")], Decision = Allow },
        new("numeric_not_equals_fails_on_the_number", DateNumericRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:EnableKeyRotation','Resource':'*','Condition':{'NumericNotEquals':{'kms:RotationPeriodInDays':'365'}}}"], Action = "kms:EnableKeyRotation", Values = [("kms:RotationPeriodInDays", "365")], Decision = Implicit, Reason = NoResource },
        new("numeric_less_than_fails_for_a_non_number", DateNumericRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:EnableKeyRotation','Resource':'*','Condition':{'NumericLessThan':{'kms:RotationPeriodInDays':'365'}}}"], Action = "kms:EnableKeyRotation", Values = [("kms:RotationPeriodInDays", "soon")], Decision = Implicit, Reason = NoResource },
        new("numeric_greater_than_holds_above", DateNumericRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:EnableKeyRotation','Resource':'*','Condition':{'NumericGreaterThan':{'kms:RotationPeriodInDays':'90'}}}"], Action = "kms:EnableKeyRotation", Values = [("kms:RotationPeriodInDays", "91")], Decision = Allow },

        // IP addresses.
        new("ip_address_v4_inside_the_range", IpRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:Decrypt','Resource':'*','Condition':{'IpAddress':{'aws:SourceIp':'203.0.113.0/24'}}}"], Values = [("aws:SourceIp", "203.0.113.7")], Decision = Allow },
        new("ip_address_v4_outside_the_range", IpRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:Decrypt','Resource':'*','Condition':{'IpAddress':{'aws:SourceIp':'203.0.113.0/24'}}}"], Values = [("aws:SourceIp", "198.51.100.7")], Decision = Implicit, Reason = NoResource },
        new("not_ip_address_deny_outside_the_range", IpRule) { KeyStatements = [RootA, "{'Effect':'Deny','Principal':'*','Action':'kms:*','Resource':'*','Condition':{'NotIpAddress':{'aws:SourceIp':['203.0.113.0/24','2001:db8::/32']}}}"], Identity = [[MayDecrypt]], Values = [("aws:SourceIp", "198.51.100.7")], Decision = Explicit, Reason = DenyInResource },
        new("ip_address_v6_inside_the_range", IpRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:Decrypt','Resource':'*','Condition':{'IpAddress':{'aws:SourceIp':'2001:db8::/32'}}}"], Values = [("aws:SourceIp", "2001:db8:1234::1")], Decision = Allow },
        new("ip_address_v6_outside_the_range", IpRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:Decrypt','Resource':'*','Condition':{'IpAddress':{'aws:SourceIp':'2001:db8::/32'}}}"], Values = [("aws:SourceIp", "2001:db9::1")], Decision = Implicit, Reason = NoResource },
        new("ip_address_without_prefix_is_one_address", IpRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:Decrypt','Resource':'*','Condition':{'IpAddress':{'aws:SourceIp':'203.0.113.7'}}}"], Values = [("aws:SourceIp", "203.0.113.8")], Decision = Implicit, Reason = NoResource },

        // ARN operators.
        new("arn_like_matches_a_grantee_role", ArnRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:CreateGrant','Resource':'*','Condition':{'ArnLike':{'kms:GranteePrincipal':'arn:aws:iam::@A:role/app-*'}}}"], Action = "kms:CreateGrant", Values = [("kms:GranteePrincipal", "arn:aws:iam::111122223333:role/app-worker")], Decision = Allow },
        new("arn_equals_fails_for_another_arn", ArnRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:CreateGrant','Resource':'*','Condition':{'ArnEquals':{'kms:GranteePrincipal':'arn:aws:iam::@A:role/app'}}}"], Action = "kms:CreateGrant", Values = [("kms:GranteePrincipal", "arn:aws:iam::111122223333:role/other")], Decision = Implicit, Reason = NoResource },
        new("arn_not_equals_holds_for_another_arn", ArnRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:RetireGrant','Resource':'*','Condition':{'ArnNotEquals':{'kms:RetiringPrincipal':'arn:aws:iam::@A:role/app'}}}"], Action = "kms:RetireGrant", Values = [("kms:RetiringPrincipal", "arn:aws:iam::111122223333:role/other")], Decision = Allow },
        new("arn_not_like_fails_for_a_matching_arn", ArnRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:RetireGrant','Resource':'*','Condition':{'ArnNotLike':{'kms:RetiringPrincipal':'arn:aws:iam::*:role/app'}}}"], Action = "kms:RetireGrant", Values = [("kms:RetiringPrincipal", "arn:aws:iam::111122223333:role/app")], Decision = Implicit, Reason = NoResource },

        // Policy variables.
        new("username_variable_matches_the_callers_name", VariableRule) { Identity = [["{'Effect':'Allow','Action':'kms:Decrypt','Resource':'*','Condition':{'StringEquals':{'kms:EncryptionContext:owner':'${aws:username}'}}}"]], Values = [("kms:EncryptionContext:owner", "Bob")], Decision = Allow },
        new("username_variable_refuses_another_name", VariableRule) { Identity = [["{'Effect':'Allow','Action':'kms:Decrypt','Resource':'*','Condition':{'StringEquals':{'kms:EncryptionContext:owner':'${aws:username}'}}}"]], Values = [("kms:EncryptionContext:owner", "Alice")], Decision = Implicit, Reason = NoIdentity },
        new("username_variable_is_unresolved_for_a_session", VariableRule) { Caller = AppSession, Identity = [["{'Effect':'Allow','Action':'kms:Decrypt','Resource':'*','Condition':{'StringEquals':{'kms:EncryptionContext:owner':'${aws:username}'}}}"]], Values = [("kms:EncryptionContext:owner", "App")], Decision = Implicit, Reason = NoIdentity },
        new("principal_tag_variable_matches_a_context_value", VariableRule) { Tags = new() { ["team"] = "blue" }, Identity = [["{'Effect':'Allow','Action':'kms:Decrypt','Resource':'*','Condition':{'StringEquals':{'kms:EncryptionContext:team':'${aws:PrincipalTag/team}'}}}"]], Values = [("kms:EncryptionContext:team", "blue")], Decision = Allow },
        new("principal_tag_condition_matches", VariableRule) { Tags = new() { ["team"] = "blue" }, KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:Decrypt','Resource':'*','Condition':{'StringEquals':{'aws:PrincipalTag/team':'blue'}}}"], Decision = Allow },
        new("variable_inside_a_like_pattern", VariableRule) { Identity = [["{'Effect':'Allow','Action':'kms:Decrypt','Resource':'*','Condition':{'StringLike':{'kms:EncryptionContext:path':'home/${aws:username}/*'}}}"]], Values = [("kms:EncryptionContext:path", "home/Bob/notes")], Decision = Allow },
        new("variable_from_the_request_context", VariableRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:Decrypt','Resource':'*','Condition':{'StringEquals':{'kms:EncryptionContext:account':'${kms:CallerAccount}'}}}"], Values = [("kms:CallerAccount", "111122223333"), ("kms:EncryptionContext:account", "111122223333")], Decision = Allow },
        new("star_escape_is_a_literal_star", VariableRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:Decrypt','Resource':'*','Condition':{'StringLike':{'kms:EncryptionContext:mark':'a${*}'}}}"], Values = [("kms:EncryptionContext:mark", "abc")], Decision = Implicit, Reason = NoResource },
        new("star_escape_matches_a_star", VariableRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:Decrypt','Resource':'*','Condition':{'StringLike':{'kms:EncryptionContext:mark':'a${*}${?}${$}'}}}"], Values = [("kms:EncryptionContext:mark", "a*?$")], Decision = Allow },
        new("version_2008_takes_variables_literally", VariableRule) { Version = "2008-10-17", KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:Decrypt','Resource':'*','Condition':{'StringEquals':{'kms:EncryptionContext:owner':'${aws:username}'}}}"], Values = [("kms:EncryptionContext:owner", "Bob")], Decision = Implicit, Reason = NoResource },
        new("resource_variable_in_identity_policy", VariableRule) { Identity = [["{'Effect':'Allow','Action':'kms:Decrypt','Resource':'arn:aws:kms:us-east-1:${aws:PrincipalAccount}:key/*'}"]], Decision = Allow },

        // Service principals.
        new("service_principal_named_in_key_policy_is_allowed", ServiceRule) { KeyStatements = ["{'Effect':'Allow','Principal':{'Service':'dynamodb.amazonaws.com'},'Action':'kms:Decrypt','Resource':'*'}"], Caller = "dynamodb.amazonaws.com", Decision = Allow },
        new("service_principal_not_named_is_denied", ServiceRule) { Caller = "dynamodb.amazonaws.com", Decision = Implicit, Reason = NoResource },
        new("service_principal_is_covered_by_star", ServiceRule) { KeyStatements = ["{'Effect':'Allow','Principal':'*','Action':'kms:Decrypt','Resource':'*'}"], Caller = "logs.amazonaws.com", Decision = Allow },
        new("another_service_is_not_the_named_one", ServiceRule) { KeyStatements = ["{'Effect':'Allow','Principal':{'Service':['dynamodb.amazonaws.com']},'Action':'kms:Decrypt','Resource':'*'}"], Caller = "s3.amazonaws.com", Decision = Implicit, Reason = NoResource },

        // Account-level actions.
        new("list_keys_allowed_by_identity_policy", AccountLevel) { KeyStatements = null, Action = "kms:ListKeys", Resource = "*", Identity = [["{'Effect':'Allow','Action':'kms:List*','Resource':'*'}"]], Decision = Allow },
        new("create_key_without_identity_policy_denied", AccountLevel) { KeyStatements = null, Action = "kms:CreateKey", Resource = "*", Decision = Implicit, Reason = NoIdentity },
        new("create_key_by_the_account_root_allowed", AccountLevel) { KeyStatements = null, Caller = RootOfA, Action = "kms:CreateKey", Resource = "*", Decision = Allow },
        new("create_key_denied_by_identity_policy", AccountLevel) { KeyStatements = null, Action = "kms:CreateKey", Resource = "*", Identity = [["{'Effect':'Allow','Action':'kms:*','Resource':'*'}", "{'Effect':'Deny','Action':'kms:CreateKey','Resource':'*'}"]], Decision = Explicit, Reason = DenyInIdentity },
        new("create_key_limited_by_key_spec", AccountLevel) { KeyStatements = null, Action = "kms:CreateKey", Resource = "*", Identity = [["{'Effect':'Allow','Action':'kms:CreateKey','Resource':'*','Condition':{'StringEquals':{'kms:KeySpec':'SYMMETRIC_DEFAULT'}}}"]], Values = [("kms:KeySpec", "RSA_4096")], Decision = Implicit, Reason = NoIdentity },
        new("generate_random_by_another_accounts_root_denied", AccountLevel) { KeyStatements = null, Caller = RootOfB, Action = "kms:GenerateRandom", Resource = "*", Decision = Implicit, Reason = NoIdentity },

        // Grants extension point.
        new("grant_allows_without_any_policy_allowing", GrantRule) { KeyStatements = [BobDecrypts], Caller = Alice, GrantAllows = true, Decision = Allow },
        new("grant_does_not_override_an_explicit_deny", GrantRule) { Identity = [[MayNotDecrypt]], GrantAllows = true, Decision = Explicit, Reason = DenyInIdentity },
    ];

    public static TheoryData<string> Names()
    {
        var names = new TheoryData<string>();
        foreach (var row in All)
        {
            names.Add(row.Name);
        }

        return names;
    }

    public static EvaluationCase Named(string name) => All.Single(row => row.Name == name);
}
