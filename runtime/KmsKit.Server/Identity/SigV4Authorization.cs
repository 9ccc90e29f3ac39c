using System;
using System.Collections.Generic;
using System.Linq;
using KmsKit.Server.Protocol;

namespace KmsKit.Server.Identity;

/// <summary>
/// The parts of a SigV4 Authorization header:
/// <c>AWS4-HMAC-SHA256 Credential=AKID/DATE/REGION/SERVICE/aws4_request, SignedHeaders=a;b, Signature=hex</c>.
/// </summary>
internal sealed record SigV4Authorization(
    string AccessKeyId, string ScopeDate, string Region, string Service, IReadOnlyList<string> SignedHeaders, string Signature)
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    private const string KmsService = "kms";

    public string SignedHeaderList => string.Join(';', SignedHeaders);

    public static SigV4Authorization Parse(string header)
    {
        if (!header.StartsWith(Algorithm + " ", StringComparison.Ordinal))
        {
            throw Incomplete($"Authorization header requires the {Algorithm} algorithm.");
        }

        var parts = header[(Algorithm.Length + 1)..]
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .GroupBy(pair => pair[0], StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.First()[1], StringComparer.Ordinal);
        var credential = Required(parts, "Credential");
        var signedHeaders = Required(parts, "SignedHeaders");
        var signature = Required(parts, "Signature");

        var scope = credential.Split('/');
        if (scope.Length != 5 || scope.Any(string.IsNullOrEmpty) || scope[4] != "aws4_request")
        {
            throw Incomplete($"Credential must be ACCESS_KEY_ID/DATE/REGION/SERVICE/aws4_request, not '{credential}'.");
        }

        // A signature for another service must not open KMS, and the host and the operation must be signed so
        // that neither can be swapped after signing.
        if (scope[3] != KmsService)
        {
            throw Invalid($"Credential should be scoped to correct service: '{KmsService}'. ");
        }

        var signed = signedHeaders.Split(';');
        if (!signed.Contains("host", StringComparer.Ordinal))
        {
            throw Invalid("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }

        if (!signed.Contains("x-amz-target", StringComparer.Ordinal))
        {
            throw Invalid("'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization.");
        }

        return new SigV4Authorization(scope[0], scope[1], scope[2], scope[3], signed, signature);
    }

    private static string Required(Dictionary<string, string> parts, string name) =>
        parts.TryGetValue(name, out var value) && value.Length > 0
            ? value
            : throw Incomplete($"Authorization header requires '{name}' parameter.");

    private static ProtocolException Incomplete(string message) => new("IncompleteSignatureException", message);

    private static ProtocolException Invalid(string message) => new("InvalidSignatureException", message);
}
