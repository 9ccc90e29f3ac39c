namespace KmsKit.Tests.Authorization;

/// <summary>
/// One principal of the cast: its ARN, its identity (IAM) policies as JSON documents, its principal tags, and
/// the access key the server's principals file maps to it.
/// </summary>
public sealed record CastMember(string Name, string Arn, string AccessKeyId)
{
    public IReadOnlyList<string> IdentityPolicies { get; init; } = [];

    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public override string ToString() => Name;
}

/// <summary>
/// The fixed principals of the authorization table, in account A (which owns most keys) and account B. Every
/// IAM user or role a key policy of the table names is here, so the server (whose principals file is this cast)
/// accepts those key policies.
/// </summary>
public static class AuthorizationCast
{
    public const string AccountA = "111122223333";
    public const string AccountB = "444455556666";
    public const string Secret = "authorization-table-secret";

    /// <summary>The root of account A: allowed what A's key policies allow the account, without identity policy.</summary>
    public static CastMember RootA { get; } = new("RootA", $"arn:aws:iam::{AccountA}:root", "AKIATABLEROOTA");

    /// <summary>A user of A without any identity policy.</summary>
    public static CastMember Bob { get; } = new("Bob", $"arn:aws:iam::{AccountA}:user/Bob", "AKIATABLEBOB");

    /// <summary>A user of A whose identity policy allows kms:Decrypt on every key.</summary>
    public static CastMember Carol { get; } = new("Carol", $"arn:aws:iam::{AccountA}:user/Carol", "AKIATABLECAROL")
    {
        IdentityPolicies = [Policy("{'Effect':'Allow','Action':'kms:Decrypt','Resource':'*'}")],
    };

    /// <summary>A key administrator of A: kms:* on every resource.</summary>
    public static CastMember Admin { get; } = new("Admin", $"arn:aws:iam::{AccountA}:user/Admin", "AKIATABLEADMIN")
    {
        IdentityPolicies = [Policy("{'Effect':'Allow','Action':'kms:*','Resource':'*'}")],
    };

    /// <summary>A user of A allowed kms:* by one identity policy and denied kms:Decrypt, kms:ScheduleKeyDeletion and kms:TagResource by another.</summary>
    public static CastMember Mallory { get; } = new("Mallory", $"arn:aws:iam::{AccountA}:user/Mallory", "AKIATABLEMALLORY")
    {
        IdentityPolicies =
        [
            Policy("{'Effect':'Allow','Action':'kms:*','Resource':'*'}"),
            Policy("{'Effect':'Deny','Action':['kms:Decrypt','kms:ScheduleKeyDeletion','kms:TagResource'],'Resource':'*'}"),
        ],
    };

    /// <summary>A user of A allowed kms:* but denied managing any alias of A (the alias half of CreateAlias, UpdateAlias, DeleteAlias).</summary>
    public static CastMember Ana { get; } = new("Ana", $"arn:aws:iam::{AccountA}:user/Ana", "AKIATABLEANA")
    {
        IdentityPolicies =
        [
            Policy(
                "{'Effect':'Allow','Action':'kms:*','Resource':'*'}",
                $"{{'Effect':'Deny','Action':['kms:CreateAlias','kms:UpdateAlias','kms:DeleteAlias'],'Resource':'arn:aws:kms:*:{AccountA}:alias/*'}}"),
        ],
    };

    /// <summary>A user of A whose identity policy allows managing the aliases alias/authz-* and nothing on keys (key policies name it).</summary>
    public static CastMember Leo { get; } = new("Leo", $"arn:aws:iam::{AccountA}:user/Leo", "AKIATABLELEO")
    {
        IdentityPolicies = [Policy($"{{'Effect':'Allow','Action':['kms:CreateAlias','kms:UpdateAlias','kms:DeleteAlias'],'Resource':'arn:aws:kms:*:{AccountA}:alias/authz-*'}}")],
    };

    /// <summary>A user of A who may create keys, and not tag them.</summary>
    public static CastMember Nia { get; } = new("Nia", $"arn:aws:iam::{AccountA}:user/Nia", "AKIATABLENIA")
    {
        IdentityPolicies = [Policy("{'Effect':'Allow','Action':'kms:CreateKey','Resource':'*'}")],
    };

    /// <summary>A read-only auditor of A: kms:Describe*, kms:Get* and kms:List*.</summary>
    public static CastMember Auditor { get; } = new("Auditor", $"arn:aws:iam::{AccountA}:user/Auditor", "AKIATABLEAUDITOR")
    {
        IdentityPolicies = [Policy("{'Effect':'Allow','Action':['kms:Describe*','kms:Get*','kms:List*'],'Resource':'*'}")],
    };

    /// <summary>A user of A tagged team=blue whose identity policy uses keys whose team tag is its own (ABAC).</summary>
    public static CastMember Tess { get; } = new("Tess", $"arn:aws:iam::{AccountA}:user/Tess", "AKIATABLETESS")
    {
        IdentityPolicies = [TeamKeys],
        Tags = new Dictionary<string, string>(StringComparer.Ordinal) { ["team"] = "blue" },
    };

    /// <summary>A user of A tagged team=red, with the same team policy as Tess.</summary>
    public static CastMember Ravi { get; } = new("Ravi", $"arn:aws:iam::{AccountA}:user/Ravi", "AKIATABLERAVI")
    {
        IdentityPolicies = [TeamKeys],
        Tags = new Dictionary<string, string>(StringComparer.Ordinal) { ["team"] = "red" },
    };

    /// <summary>A user of A whose policy allows encryption only under an encryption context naming its user name.</summary>
    public static CastMember Dana { get; } = new("Dana", $"arn:aws:iam::{AccountA}:user/Dana", "AKIATABLEDANA")
    {
        IdentityPolicies = [Policy("{'Effect':'Allow','Action':['kms:Encrypt','kms:Decrypt'],'Resource':'*','Condition':{'StringEquals':{'kms:EncryptionContext:owner':'${aws:username}'}}}")],
    };

    /// <summary>A user of A who may create only symmetric keys, and only tagged with an env tag of dev or test.</summary>
    public static CastMember Kim { get; } = new("Kim", $"arn:aws:iam::{AccountA}:user/Kim", "AKIATABLEKIM")
    {
        IdentityPolicies =
        [
            Policy(
                "{'Effect':'Allow','Action':'kms:CreateKey','Resource':'*','Condition':{'StringEquals':{'kms:KeySpec':'SYMMETRIC_DEFAULT','aws:RequestTag/env':['dev','test']}}}",
                "{'Effect':'Allow','Action':['kms:TagResource','kms:UntagResource'],'Resource':'*','Condition':{'ForAllValues:StringEquals':{'aws:TagKeys':['env','owner']}}}",
                "{'Effect':'Allow','Action':'kms:ListKeys','Resource':'*'}"),
        ],
    };

    /// <summary>A user of A allowed kms:* by one identity policy and denied kms:CreateGrant and kms:RetireGrant by another.</summary>
    public static CastMember Rita { get; } = new("Rita", $"arn:aws:iam::{AccountA}:user/Rita", "AKIATABLERITA")
    {
        IdentityPolicies =
        [
            Policy("{'Effect':'Allow','Action':'kms:*','Resource':'*'}"),
            Policy("{'Effect':'Deny','Action':['kms:CreateGrant','kms:RetireGrant'],'Resource':'*'}"),
        ],
    };

    /// <summary>A role of A without identity policy (key policies name it directly).</summary>
    public static CastMember App { get; } = new("App", $"arn:aws:iam::{AccountA}:role/App", "AKIATABLEAPP");

    /// <summary>An assumed-role session of the role App.</summary>
    public static CastMember AppSession { get; } = new("AppSession", $"arn:aws:sts::{AccountA}:assumed-role/App/job-42", "AKIATABLEAPPSESSION");

    /// <summary>A session of the role Worker of A, whose identity policy allows data-key work on A's keys.</summary>
    public static CastMember WorkerSession { get; } = new("WorkerSession", $"arn:aws:sts::{AccountA}:assumed-role/Worker/batch-7", "AKIATABLEWORKER")
    {
        IdentityPolicies = [Policy($"{{'Effect':'Allow','Action':['kms:Encrypt','kms:Decrypt','kms:GenerateDataKey*','kms:ReEncryptFrom'],'Resource':'arn:aws:kms:*:{AccountA}:key/*'}}")],
    };

    /// <summary>The root of account B.</summary>
    public static CastMember RootB { get; } = new("RootB", $"arn:aws:iam::{AccountB}:root", "AKIATABLEROOTB");

    /// <summary>A role of B whose identity policy allows using account A's keys.</summary>
    public static CastMember Partner { get; } = new("Partner", $"arn:aws:iam::{AccountB}:role/Partner", "AKIATABLEPARTNER")
    {
        IdentityPolicies = [UseKeysOfA],
    };

    /// <summary>A session of the role Partner of B, with the role's identity policy.</summary>
    public static CastMember PartnerSession { get; } = new("PartnerSession", $"arn:aws:sts::{AccountB}:assumed-role/Partner/etl", "AKIATABLEPARTNERSESSION")
    {
        IdentityPolicies = [UseKeysOfA],
    };

    /// <summary>A role of B without identity policy.</summary>
    public static CastMember Lambda { get; } = new("Lambda", $"arn:aws:iam::{AccountB}:role/Lambda", "AKIATABLELAMBDA");

    /// <summary>A user of B whose identity policy allows kms:* on every resource, and is denied kms:Decrypt on A's keys.</summary>
    public static CastMember Zed { get; } = new("Zed", $"arn:aws:iam::{AccountB}:user/Zed", "AKIATABLEZED")
    {
        IdentityPolicies =
        [
            Policy(
                "{'Effect':'Allow','Action':'kms:*','Resource':'*'}",
                $"{{'Effect':'Deny','Action':'kms:Decrypt','Resource':'arn:aws:kms:*:{AccountA}:key/*'}}"),
        ],
    };

    public static IReadOnlyList<CastMember> All { get; } =
        [RootA, Bob, Carol, Admin, Mallory, Ana, Leo, Nia, Auditor, Tess, Ravi, Dana, Kim, Rita, App, AppSession, WorkerSession, RootB, Partner, PartnerSession, Lambda, Zed];

    private static string TeamKeys =>
        Policy("{'Effect':'Allow','Action':['kms:Encrypt','kms:Decrypt','kms:DescribeKey'],'Resource':'*','Condition':{'StringEquals':{'aws:ResourceTag/team':'${aws:PrincipalTag/team}'}}}");

    private static string UseKeysOfA =>
        Policy($"{{'Effect':'Allow','Action':['kms:Encrypt','kms:Decrypt','kms:ReEncrypt*','kms:GenerateDataKey*','kms:DescribeKey'],'Resource':'arn:aws:kms:*:{AccountA}:key/*'}}");

    /// <summary>A policy document from statements written with single quotes; @A and @B are the two accounts.</summary>
    public static string Policy(params string[] statements) =>
        Json($"{{'Version':'2012-10-17','Statement':[{string.Join(',', statements)}]}}");

    public static string Json(string text) =>
        text.Replace('\'', '"').Replace("@A", AccountA, StringComparison.Ordinal).Replace("@B", AccountB, StringComparison.Ordinal);

    /// <summary>The server's principals file for the cast: one access key per member, all with <see cref="Secret"/>.</summary>
    public static string PrincipalsFile()
    {
        var entries = All.Select(member =>
        {
            var tags = string.Join(", ", member.Tags.Select(tag => $"\"{tag.Key}\": \"{tag.Value}\""));
            return $$"""
                "{{member.AccessKeyId}}": { "secretAccessKey": "{{Secret}}", "principalArn": "{{member.Arn}}", "policies": [ {{string.Join(", ", member.IdentityPolicies)}} ], "tags": { {{tags}} } }
                """;
        });
        return "{\n" + string.Join(",\n", entries) + "\n}\n";
    }
}
