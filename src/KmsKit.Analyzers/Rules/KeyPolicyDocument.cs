using System.Collections.Generic;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace KmsKit.Analyzers.Rules;

/// <summary>
/// Reads a KMS key policy (IAM policy grammar) and lists what KMS302 reports about it: no statement that lets
/// the account root use <c>kms:*</c>, and statements that allow every principal without a condition.
/// </summary>
internal static class KeyPolicyDocument
{
    // arn:aws:iam::111122223333:root in any partition, or the bare account ID, which IAM reads as the root.
    private static readonly Regex AccountRoot = new(@"^(arn:aws(-[a-z]+)*:iam::\d{12}:root|\d{12})$", RegexOptions.CultureInvariant);

    /// <summary>The problems of the policy, each as a sentence; empty for a sound policy.</summary>
    /// <exception cref="JsonException">The document is not valid JSON.</exception>
    public static List<string> Review(string json)
    {
        var findings = new List<string>();
        using var document = JsonDocument.Parse(json);
        var statements = Statements(document.RootElement);
        var rootAdministers = false;
        for (var i = 0; i < statements.Count; i++)
        {
            var statement = statements[i];
            if (!IsAllow(statement))
            {
                continue;
            }

            var principals = Principals(statement);
            if (principals.Exists(p => AccountRoot.IsMatch(p)) && Strings(statement, "Action").Exists(a => a is "kms:*" or "*"))
            {
                rootAdministers = true;
            }

            if (principals.Contains("*") && !statement.TryGetProperty("Condition", out _))
            {
                findings.Add($"Statement {Name(statement, i)} allows every principal (\"*\") without a Condition");
            }
        }

        if (!rootAdministers)
        {
            findings.Insert(0, "No statement allows kms:* to the account root (arn:aws:iam::ACCOUNT:root): the key can become unmanageable");
        }

        return findings;
    }

    /// <summary>"line L, byte B" of a parse error, 1-based, and the parser's reason without its own 0-based position.</summary>
    public static string DescribeError(JsonException error)
    {
        var reason = error.Message;
        var cut = reason.IndexOf(" LineNumber:", System.StringComparison.Ordinal);
        if (cut > 0)
        {
            reason = reason.Substring(0, cut);
        }

        return $"The key policy is not valid JSON at line {error.LineNumber + 1}, byte {error.BytePositionInLine + 1}: {reason}";
    }

    private static List<JsonElement> Statements(JsonElement policy)
    {
        var statements = new List<JsonElement>();
        if (policy.ValueKind == JsonValueKind.Object && policy.TryGetProperty("Statement", out var statement))
        {
            if (statement.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in statement.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.Object)
                    {
                        statements.Add(item);
                    }
                }
            }
            else if (statement.ValueKind == JsonValueKind.Object)
            {
                statements.Add(statement);
            }
        }

        return statements;
    }

    private static bool IsAllow(JsonElement statement) =>
        statement.TryGetProperty("Effect", out var effect) && effect.ValueKind == JsonValueKind.String && effect.GetString() == "Allow";

    /// <summary>Every principal a statement names: <c>"*"</c>, or the values of its <c>AWS</c> (and other) keys.</summary>
    private static List<string> Principals(JsonElement statement)
    {
        var principals = new List<string>();
        if (!statement.TryGetProperty("Principal", out var principal))
        {
            return principals;
        }

        if (principal.ValueKind == JsonValueKind.String)
        {
            principals.Add(principal.GetString()!);
        }
        else if (principal.ValueKind == JsonValueKind.Object)
        {
            foreach (var kind in principal.EnumerateObject())
            {
                AddStrings(kind.Value, principals);
            }
        }

        return principals;
    }

    private static List<string> Strings(JsonElement statement, string property)
    {
        var values = new List<string>();
        if (statement.TryGetProperty(property, out var value))
        {
            AddStrings(value, values);
        }

        return values;
    }

    private static void AddStrings(JsonElement value, List<string> into)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            into.Add(value.GetString()!);
        }
        else if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in value.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String)
                {
                    into.Add(item.GetString()!);
                }
            }
        }
    }

    private static string Name(JsonElement statement, int index) =>
        statement.TryGetProperty("Sid", out var sid) && sid.ValueKind == JsonValueKind.String
            ? $"'{sid.GetString()}'"
            : $"#{index + 1}";
}
