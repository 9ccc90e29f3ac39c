using KmsKit.Pkcs11.Policies;

namespace KmsKit.Pkcs11.Tests.Policies;

/// <summary>
/// One row of the evaluation table. Policy JSON is written with single quotes and @A / @B / @KEY placeholders
/// (two accounts and the key's ARN) so that the rows stay readable.
/// </summary>
public sealed record EvaluationCase(string Name, string Rule)
{
    public const string A = "111122223333";
    public const string B = "444455556666";
    public const string Key = "arn:aws:kms:us-east-1:" + A + ":key/1234abcd-12ab-34cd-56ef-1234567890ab";

    /// <summary>The key policy's statements; null for an account-level action (no key).</summary>
    public string[]? KeyStatements { get; init; } = ["{'Sid':'Enable IAM User Permissions','Effect':'Allow','Principal':{'AWS':'arn:aws:iam::@A:root'},'Action':'kms:*','Resource':'*'}"];

    /// <summary>Each identity policy's statements.</summary>
    public string[][] Identity { get; init; } = [];

    public string Version { get; init; } = "2012-10-17";

    public string Caller { get; init; } = $"arn:aws:iam::{A}:user/Bob";

    public Dictionary<string, string>? Tags { get; init; }

    public string Action { get; init; } = "kms:Decrypt";

    public string Resource { get; init; } = Key;

    public string KeyAccount { get; init; } = A;

    public (string Key, string Value)[] Values { get; init; } = [];

    public bool GrantAllows { get; init; }

    public AuthorizationDecision Decision { get; init; }

    public DenialReason Reason { get; init; }

    public static string Json(string text) =>
        text.Replace('\'', '"').Replace("@KEY", Key, StringComparison.Ordinal).Replace("@A", A, StringComparison.Ordinal).Replace("@B", B, StringComparison.Ordinal);

    public AuthorizationResult Evaluate()
    {
        var caller = CallerIdentity.Parse(Caller, Tags);
        var context = new AuthorizationContext(Action, Resource, caller);
        foreach (var (key, value) in Values)
        {
            context.Add(key, value);
        }

        var keyPolicy = KeyStatements is null ? null : PolicyDocument.Parse(Document(KeyStatements), PolicyKind.KeyPolicy);
        var identity = Identity.Select(statements => PolicyDocument.Parse(Document(statements), PolicyKind.IdentityPolicy)).ToList();
        return KeyAccessEvaluator.Evaluate(context, KeyAccount, keyPolicy, identity, GrantAllows);
    }

    public override string ToString() => Name;

    private string Document(string[] statements) =>
        Json($"{{'Version':'{Version}','Statement':[{string.Join(',', statements)}]}}");
}
