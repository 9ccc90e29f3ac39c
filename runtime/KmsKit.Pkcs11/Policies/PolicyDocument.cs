using System;
using System.Collections.Generic;
using Amazon.KeyManagementService.Model;

namespace KmsKit.Pkcs11.Policies;

/// <summary>
/// A parsed, precompiled key policy or identity policy. Parse once (see <see cref="PolicyCache"/>) and evaluate
/// many times; evaluation allocates nothing for policies without policy variables.
/// </summary>
public sealed class PolicyDocument
{
    private PolicyDocument(string text, PolicyKind kind, string version, string? id, PolicyStatement[] statements)
    {
        Text = text;
        Kind = kind;
        Version = version;
        Id = id;
        Statements = statements;
        NamesResourceTags = text.Contains("aws:ResourceTag/", StringComparison.OrdinalIgnoreCase);
        NamesResourceAliases = text.Contains("kms:ResourceAliases", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The JSON text the document was parsed from.</summary>
    public string Text { get; }

    public PolicyKind Kind { get; }

    /// <summary>2012-10-17 or 2008-10-17 (the default when Version is absent; it has no policy variables).</summary>
    public string Version { get; }

    public string? Id { get; }

    public int StatementCount => Statements.Length;

    internal PolicyStatement[] Statements { get; }

    /// <summary>Whether the text names aws:ResourceTag/ (decided once at parse: the engine reads tags from its store only then).</summary>
    internal bool NamesResourceTags { get; }

    /// <summary>Whether the text names kms:ResourceAliases (the engine reads aliases from its store only then).</summary>
    internal bool NamesResourceAliases { get; }

    /// <summary>The user, role and session ARNs the document's Principal and NotPrincipal elements name.</summary>
    public IEnumerable<string> NamedPrincipalArns()
    {
        foreach (var statement in Statements)
        {
            foreach (var arn in statement.Principals?.NamedArns() ?? [])
            {
                yield return arn;
            }
        }
    }

    /// <summary>
    /// Parses a policy. Throws <see cref="MalformedPolicyDocumentException"/> with AWS's wording for a malformed one,
    /// and <see cref="LimitExceededException"/> for one longer than 32768 characters, as KMS does.
    /// </summary>
    public static PolicyDocument Parse(string json, PolicyKind kind = PolicyKind.KeyPolicy)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (json.Length > PolicyErrors.MaxLength)
        {
            throw Validation.KmsErrors.LimitExceeded(PolicyErrors.TooLong);
        }

        var (version, id, statements) = PolicyParser.Parse(json, kind);
        return new PolicyDocument(json, kind, version, id, statements);
    }

    /// <summary>Adds to <paramref name="findings"/> every statement of this document that applies to the request.</summary>
    internal void Collect(AuthorizationContext context, PolicySource source, int policyIndex, PolicyFindings findings)
    {
        foreach (var statement in Statements)
        {
            var match = statement.Applies(context);
            if (match != PrincipalMatch.None)
            {
                findings.Add(new StatementReference(source, policyIndex, statement.Sid, statement.Effect, statement.Index), match);
            }
        }
    }
}
