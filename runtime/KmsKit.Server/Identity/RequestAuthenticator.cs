using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime.Internal.Auth;
using KmsKit.Pkcs11.Engine;
using KmsKit.Server.Protocol;
using Microsoft.AspNetCore.Http;

namespace KmsKit.Server.Identity;

/// <summary>
/// Finds the caller of a request from its SigV4 Authorization header. Without a principals directory (local
/// development) any well-formed header is the account root, and an unsigned request is the root in the default
/// region. With one, the access key must be known and the signature, recomputed by the AWS SDK's own signer,
/// must match within AWS's 5 minutes of clock skew.
/// </summary>
internal sealed class RequestAuthenticator(string accountId, string defaultRegion, PrincipalDirectory? principals, TimeProvider time)
{
    private const string AmzDateFormat = "yyyyMMdd'T'HHmmss'Z'";
    private static readonly TimeSpan AllowedSkew = TimeSpan.FromMinutes(5);

    // One instance, so that every local-mode request maps to the same cached engine facade.
    private readonly KmsPrincipal _root = KmsPrincipal.AccountRoot(accountId);

    public Caller Authenticate(HttpRequest request, ReadOnlySpan<byte> body)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return principals is null
                ? new Caller(defaultRegion, _root)
                : throw new ProtocolException("MissingAuthenticationTokenException", "Missing Authentication Token");
        }

        var authorization = SigV4Authorization.Parse(header);
        if (!AwsRegions.IsKnown(authorization.Region))
        {
            throw InvalidSignature($"Credential should be scoped to a valid region, not '{authorization.Region}'.");
        }

        if (principals is null)
        {
            return new Caller(authorization.Region, _root);
        }

        var principal = principals.Find(authorization.AccessKeyId)
            ?? throw new ProtocolException("UnrecognizedClientException", "The security token included in the request is invalid.");
        var signedAt = SigningTime(request, authorization);
        var expected = AWS4Signer.ComputeSignature(
            principal.AccessKeyId, principal.SecretAccessKey, authorization.Region, signedAt, authorization.Service,
            authorization.SignedHeaderList, CanonicalRequest.Of(request, authorization, body)).Signature;
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(authorization.Signature)))
        {
            throw InvalidSignature(
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
        }

        return new Caller(authorization.Region, principal.Identity);
    }

    private DateTime SigningTime(HttpRequest request, SigV4Authorization authorization)
    {
        var amzDate = request.Headers["X-Amz-Date"].ToString();
        if (!DateTime.TryParseExact(amzDate, AmzDateFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var signedAt))
        {
            throw new ProtocolException("IncompleteSignatureException", "The request needs an X-Amz-Date header in the ISO 8601 basic format (20150830T123600Z).");
        }

        if (authorization.ScopeDate != amzDate[..8])
        {
            throw InvalidSignature($"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{authorization.ScopeDate}' != '{amzDate[..8]}'.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (signedAt < now - AllowedSkew)
        {
            throw InvalidSignature($"Signature expired: {amzDate} is now earlier than {Format(now - AllowedSkew)} ({Format(now)} - 5 min.)");
        }

        if (signedAt > now + AllowedSkew)
        {
            throw InvalidSignature($"Signature not yet current: {amzDate} is still later than {Format(now + AllowedSkew)} ({Format(now)} + 5 min.)");
        }

        return signedAt;
    }

    private static string Format(DateTime time) => time.ToString(AmzDateFormat, CultureInfo.InvariantCulture);

    private static ProtocolException InvalidSignature(string message) => new("InvalidSignatureException", message);
}
