using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace KmsKit.Pkcs11.Audit;

/// <summary>What a line of an audit file is.</summary>
public enum AuditLineKind
{
    /// <summary>Not an audit record: not JSON, no chain member, a digest whose signature fails ...</summary>
    Invalid,
    Event,
    Digest,
}

/// <summary>
/// One line of an audit file, read on its own: its hash, its place in the chain, and for a digest whether its signature
/// holds under the public key it carries (which key that must be is <see cref="AuditLogVerifier"/>'s question).
/// </summary>
public sealed class AuditLogLine
{
    private static readonly HashSet<string> Reasons = new(StringComparer.Ordinal)
    {
        AuditLogFormat.Reasons.Open, AuditLogFormat.Reasons.Resume, AuditLogFormat.Reasons.Interval,
        AuditLogFormat.Reasons.Rotate, AuditLogFormat.Reasons.Close,
    };

    private AuditLogLine(ChainHash hash) => HashValue = hash;

    public AuditLineKind Kind { get; private init; }

    /// <summary>SHA-256 of the line's bytes (without the newline), lowercase hex.</summary>
    public string Hash => HashValue.ToString();

    public long? Sequence => SequenceNumber == 0 ? null : SequenceNumber;

    /// <summary>The hash the line records for the line before it.</summary>
    public string? PreviousHash => SequenceNumber == 0 ? null : PreviousValue.ToString();

    /// <summary>The hashes as values, which the verifier compares for every line of every file (no string, no pointer to follow).</summary>
    internal ChainHash HashValue { get; }

    internal ChainHash PreviousValue { get; private init; }

    /// <summary>0 for an invalid line.</summary>
    internal long SequenceNumber { get; private init; }

    /// <summary>Why the line is <see cref="AuditLineKind.Invalid"/>.</summary>
    public string? Problem { get; private init; }

    /// <summary>A digest's reason: open, resume, interval, rotate or close.</summary>
    public string? DigestReason { get; private init; }

    /// <summary>A digest's signing key fingerprint (checked against the public key it carries).</summary>
    public string? KeyFingerprint { get; private init; }

    /// <summary>Reads the lines of an audit file (a last line without its newline, torn by a crash, is a line too).</summary>
    public static IReadOnlyList<AuditLogLine> ReadFile(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var lines = new List<AuditLogLine>();
        var rest = bytes.AsSpan();
        while (rest.Length > 0)
        {
            var end = rest.IndexOf((byte)'\n');
            if (end < 0)
            {
                lines.Add(Parse(rest));
                break;
            }

            lines.Add(Parse(rest[..end]));
            rest = rest[(end + 1)..];
        }

        return lines;
    }

    /// <summary>Reads one line (without its newline).</summary>
    public static AuditLogLine Parse(ReadOnlySpan<byte> line)
    {
        var hash = ChainHash.Of(line);
        try
        {
            using var document = JsonDocument.Parse(line.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Invalid(hash, "it is not a JSON object");
            }

            return root.TryGetProperty(AuditLogFormat.DigestMember, out var digest) ? ParseDigest(hash, root, digest) : ParseEvent(hash, root);
        }
        catch (JsonException)
        {
            return Invalid(hash, "it is not valid JSON");
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            return Invalid(hash, "a member has the wrong kind of value");
        }
    }

    private static AuditLogLine ParseEvent(ChainHash hash, JsonElement root)
    {
        if (!root.TryGetProperty(AuditLogFormat.ChainMember, out var chain) || chain.ValueKind != JsonValueKind.Object
            || !TryChain(chain, out var sequence, out var previous))
        {
            return Invalid(hash, $"it has no {AuditLogFormat.ChainMember} with a sequence and a previousHash");
        }

        if (!root.TryGetProperty("eventName", out var name) || name.ValueKind != JsonValueKind.String)
        {
            return Invalid(hash, "it is not an event: it has no eventName");
        }

        return new AuditLogLine(hash) { Kind = AuditLineKind.Event, SequenceNumber = sequence, PreviousValue = previous };
    }

    private static AuditLogLine ParseDigest(ChainHash hash, JsonElement root, JsonElement digest)
    {
        var members = 0;
        foreach (var _ in root.EnumerateObject())
        {
            members++;
        }

        if (digest.ValueKind != JsonValueKind.Object || members != 2
            || !root.TryGetProperty(AuditLogFormat.SignatureMember, out var signatureText) || signatureText.ValueKind != JsonValueKind.String)
        {
            return Invalid(hash, $"a digest is {{\"{AuditLogFormat.DigestMember}\":{{...}},\"{AuditLogFormat.SignatureMember}\":\"...\"}} and nothing else");
        }

        if (!TryChain(digest, out var sequence, out var previous)
            || !digest.TryGetProperty("version", out var version) || !version.TryGetInt32(out var versionNumber) || versionNumber != AuditLogFormat.DigestVersion
            || !digest.TryGetProperty("reason", out var reason) || reason.ValueKind != JsonValueKind.String || !Reasons.Contains(reason.GetString()!)
            || !digest.TryGetProperty("signingKey", out var key) || key.ValueKind != JsonValueKind.Object
            || !key.TryGetProperty("algorithm", out var algorithm) || algorithm.GetString() != AuditLogFormat.SignatureAlgorithm
            || !key.TryGetProperty("fingerprint", out var fingerprint) || fingerprint.ValueKind != JsonValueKind.String
            || !key.TryGetProperty("publicKey", out var publicKeyText) || !publicKeyText.TryGetBytesFromBase64(out var publicKey)
            || !signatureText.TryGetBytesFromBase64(out var signature))
        {
            return Invalid(hash, "its digest lacks a member or has one of the wrong kind");
        }

        if (AuditLogFormat.Fingerprint(publicKey) != fingerprint.GetString())
        {
            return Invalid(hash, "its signing key's fingerprint is not its public key's");
        }

        if (!SignatureHolds(publicKey, Encoding.UTF8.GetBytes(digest.GetRawText()), signature))
        {
            return Invalid(hash, "its signature does not verify");
        }

        return new AuditLogLine(hash)
        {
            Kind = AuditLineKind.Digest,
            SequenceNumber = sequence,
            PreviousValue = previous,
            DigestReason = reason.GetString(),
            KeyFingerprint = fingerprint.GetString(),
        };
    }

    private static bool TryChain(JsonElement chain, out long sequence, out ChainHash previous)
    {
        sequence = 0;
        previous = default;
        return chain.TryGetProperty("sequence", out var number) && number.ValueKind == JsonValueKind.Number && number.TryGetInt64(out sequence) && sequence >= 1
            && chain.TryGetProperty("previousHash", out var hash) && hash.ValueKind == JsonValueKind.String
            && ChainHash.TryParse(hash.GetString(), out previous);
    }

    private static bool SignatureHolds(byte[] publicKey, byte[] signed, byte[] signature)
    {
        try
        {
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportSubjectPublicKeyInfo(publicKey, out _);
            return ecdsa.KeySize == 256 && ecdsa.VerifyData(signed, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static AuditLogLine Invalid(ChainHash hash, string problem) => new(hash) { Kind = AuditLineKind.Invalid, Problem = problem };
}
