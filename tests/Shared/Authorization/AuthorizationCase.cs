using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;

namespace KmsKit.Tests.Authorization;

/// <summary>What AWS answers a row's request: allowed, or AccessDeniedException for one of its four reasons.</summary>
public enum Expected
{
    Allowed,
    NoResourceBasedPolicyAllows,
    NoIdentityBasedPolicyAllows,
    ExplicitDenyInResourceBasedPolicy,
    ExplicitDenyInIdentityBasedPolicy,
}

/// <summary>The key a row's request is about, as its owner made it, with a ciphertext when the request needs one.</summary>
public sealed record KeyUnderTest(string Arn, string KeyId, string Account)
{
    public byte[] Ciphertext { get; init; } = [];

    public string? Alias { get; init; }

    /// <summary>A name no alias has yet, for a request that creates one.</summary>
    public string NewAlias { get; init; } = Requests.UniqueAlias();

    /// <summary>A second key of the owner (same spec and usage, default key policy) when the request asks for one.</summary>
    public string? OtherKeyArn { get; init; }

    /// <summary>The alias of <see cref="OtherKeyArn"/>.</summary>
    public string? OtherAlias { get; init; }

    /// <summary>The ids of the grants the key's owner made for the row, in the row's order.</summary>
    public IReadOnlyList<string> GrantIds { get; init; } = [];

    /// <summary>The tokens CreateGrant answered for those grants.</summary>
    public IReadOnlyList<string> GrantTokens { get; init; } = [];

    /// <summary>The ARN of an alias in the key's account and region.</summary>
    public string AliasArn(string aliasName) => string.Concat(Arn.AsSpan(0, Arn.IndexOf(":key/", StringComparison.Ordinal) + 1), aliasName);
}

/// <summary>
/// One request of a row: the IAM action AWS authorizes (the action of the denial message), and how it is sent.
/// <see cref="Ciphertext"/> asks the setup to encrypt first, as the key's account root, under that encryption
/// context (and algorithm, for an RSA key).
/// </summary>
public sealed record KmsRequest(string Action, Func<IAmazonKeyManagementService, KeyUnderTest, Task> Send)
{
    public bool Ciphertext { get; init; }

    public Dictionary<string, string>? CiphertextContext { get; init; }

    public string? CiphertextAlgorithm { get; init; }

    /// <summary>An account-level action (CreateKey, ListKeys...): the denial names resource *.</summary>
    public bool AccountLevel { get; init; }

    /// <summary>Asks the setup for a second key of the owner with an alias (<see cref="KeyUnderTest.OtherKeyArn"/>).</summary>
    public bool OtherKey { get; init; }

    /// <summary>
    /// The resource a denial names when it is not the key under test (or * for an account-level action): an alias
    /// ARN, the other key's ARN, or none (empty).
    /// </summary>
    public Func<KeyUnderTest?, string>? DeniedResource { get; init; }
}

/// <summary>
/// One row of the authorization table: a key (its account, key policy, spec, usage, tags and alias), a caller
/// of the cast, one real request, and what AWS answers with the documented rule that says so.
/// </summary>
public sealed record AuthorizationCase(string Name, string Rule)
{
    public string KeyAccount { get; init; } = AuthorizationCast.AccountA;

    /// <summary>The key policy's statements (single quotes, @A / @B); null keeps AWS's default key policy.</summary>
    public string[]? KeyPolicy { get; init; }

    public string? KeySpec { get; init; }

    public string? KeyUsage { get; init; }

    public Dictionary<string, string>? KeyTags { get; init; }

    /// <summary>An alias the key's owner gives the key (its name is made unique per run).</summary>
    public bool KeyHasAlias { get; init; }

    /// <summary>Grants the key's owner makes (after any ciphertext and alias, before the row's key policy).</summary>
    public GrantSpec[]? Grants { get; init; }

    public required CastMember Caller { get; init; }

    public required KmsRequest Request { get; init; }

    public Expected Expected { get; init; }

    /// <summary>The row runs over the server too (SigV4 principals through the AWS SDK).</summary>
    public bool OverServer { get; init; }

    /// <summary>The AccessDeniedException message AWS gives for this row's denial.</summary>
    public string DeniedMessage(string resource)
    {
        var why = Expected switch
        {
            Expected.NoResourceBasedPolicyAllows => $"because no resource-based policy allows the {Request.Action} action",
            Expected.NoIdentityBasedPolicyAllows => $"because no identity-based policy allows the {Request.Action} action",
            Expected.ExplicitDenyInResourceBasedPolicy => "with an explicit deny in a resource-based policy",
            Expected.ExplicitDenyInIdentityBasedPolicy => "with an explicit deny in an identity-based policy",
            _ => throw new InvalidOperationException($"{Name} is allowed: there is no denial message."),
        };
        var on = resource.Length == 0 ? string.Empty : $" on resource: {resource}";
        return $"User: {Caller.Arn} is not authorized to perform: {Request.Action}{on} {why}";
    }

    public override string ToString() => Name;
}

/// <summary>
/// A grant a row's key has: its grantee principal (an ARN), operations, optional retiring principal and encryption
/// context constraints.
/// </summary>
public sealed record GrantSpec(string Grantee, params string[] Operations)
{
    public string? RetiringPrincipal { get; init; }

    public Dictionary<string, string>? ContextSubset { get; init; }

    public Dictionary<string, string>? ContextEquals { get; init; }

    public GrantConstraints? Constraints =>
        ContextSubset is null && ContextEquals is null ? null : new GrantConstraints { EncryptionContextSubset = ContextSubset, EncryptionContextEquals = ContextEquals };
}
