using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using KmsKit.Pkcs11.Store;
using KmsKit.Pkcs11.Validation;

namespace KmsKit.Pkcs11.Grants;

/// <summary>
/// A grant token: evidence of one grant (its key's account and region, the key and the grant id) with a random part,
/// so that every CreateGrant answer has a token of its own, as AWS's do, even when a retry by Name returns an existing
/// grant. It is base64 of <c>version (1) | random (16) | "ACCOUNT:REGION:KEYID:GRANTID"</c>. A token grants nothing by
/// itself: the grant it names must exist, and the caller must be its grantee.
/// </summary>
internal sealed record GrantToken(string AccountId, string Region, string KeyId, string GrantId)
{
    /// <summary>The most grant tokens a request may carry (GrantTokenList in the API model).</summary>
    public const int MaxPerRequest = 10;

    private const byte Version = 1;
    private const int RandomLength = 16;
    private const int MaxLength = 8192;

    public KeyScope Scope => new(AccountId, Region);

    /// <summary>A new token for <paramref name="grant"/>.</summary>
    public static string Issue(GrantRecord grant)
    {
        var names = Encoding.UTF8.GetBytes($"{grant.AccountId}:{grant.Region}:{grant.KeyId}:{grant.GrantId}");
        var bytes = new byte[1 + RandomLength + names.Length];
        bytes[0] = Version;
        RandomNumberGenerator.Fill(bytes.AsSpan(1, RandomLength));
        names.CopyTo(bytes, 1 + RandomLength);
        return Convert.ToBase64String(bytes);
    }

    /// <summary>Reads a token; null when it is not one KmsKit issued (malformed).</summary>
    public static GrantToken? TryParse(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > MaxLength)
        {
            return null;
        }

        var bytes = new byte[token.Length];
        if (!Convert.TryFromBase64String(token, bytes, out var length) || length <= 1 + RandomLength || bytes[0] != Version)
        {
            return null;
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 1 + RandomLength, length - 1 - RandomLength);
        }
        catch (ArgumentException)
        {
            return null;
        }

        var parts = text.Split(':');
        return parts.Length == 4 && Policies.CallerIdentity.IsAccountId(parts[0]) && parts[1].Length > 0
            && Engine.KeyReference.IsKeyId(parts[2]) && GrantIds.IsWellFormed(parts[3])
            ? new GrantToken(parts[0], parts[1], parts[2], parts[3])
            : null;
    }

    /// <summary>
    /// Checks the GrantTokens of a request: at most <see cref="MaxPerRequest"/>, each one a token KmsKit issued
    /// (InvalidGrantTokenException otherwise). Tokens of other keys are allowed (a client may send the same list with
    /// every request) and prove nothing for this one.
    /// </summary>
    public static IReadOnlyList<GrantToken> ParseAll(IReadOnlyList<string>? tokens)
    {
        if (tokens is null || tokens.Count == 0)
        {
            return [];
        }

        if (tokens.Count > MaxPerRequest)
        {
            throw KmsErrors.Validation(string.Create(CultureInfo.InvariantCulture,
                $"1 validation error detected: Value '[{string.Join(", ", tokens)}]' at 'grantTokens' failed to satisfy constraint: Member must have length less than or equal to {MaxPerRequest}"));
        }

        var parsed = new GrantToken[tokens.Count];
        for (var i = 0; i < tokens.Count; i++)
        {
            parsed[i] = TryParse(tokens[i]) ?? throw KmsErrors.InvalidGrantToken();
        }

        return parsed;
    }
}

/// <summary>Grant ids: 64 lowercase hexadecimal characters, as AWS's.</summary>
internal static class GrantIds
{
    public const int Length = 64;

    public static string New()
    {
        Span<byte> bytes = stackalloc byte[Length / 2];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToHexString(bytes).ToLowerInvariant();
    }

    public static bool IsWellFormed(string? grantId)
    {
        if (grantId is not { Length: Length })
        {
            return false;
        }

        foreach (var c in grantId)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
