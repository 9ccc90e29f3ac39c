using System;
using System.Net;
using System.Threading;

namespace KmsKit.Pkcs11.Engine;

/// <summary>
/// What the transport knows of the current request (the TCP peer, TLS), for the aws:SourceIp and
/// aws:SecureTransport condition keys and for the audit log's event. A server sets it around each call; in process
/// there is none, unless the host sets one.
/// </summary>
public sealed record KmsRequestContext(IPAddress? SourceIp, bool SecureTransport)
{
    /// <summary>
    /// The service that calls on the principal's behalf (kms:ViaService, e.g. <c>secretsmanager.us-east-1.amazonaws.com</c>):
    /// set by an in-process integration that plays that service; the server never takes it from a client.
    /// </summary>
    public string? ViaService { get; init; }

    /// <summary>The client's User-Agent header, for the audit log's userAgent.</summary>
    public string? UserAgent { get; init; }

    /// <summary>The id the server answers in x-amzn-RequestId, for the audit log's requestID (a new one per call when null).</summary>
    public string? RequestId { get; init; }

    /// <summary>The SigV4 access key id that signed the request, for the audit log's userIdentity.accessKeyId.</summary>
    public string? AccessKeyId { get; init; }

    private static readonly AsyncLocal<KmsRequestContext?> Ambient = new();

    public static KmsRequestContext? Current => Ambient.Value;

    /// <summary>Makes <paramref name="context"/> current until the returned scope is disposed.</summary>
    public static IDisposable Begin(KmsRequestContext context)
    {
        var previous = Ambient.Value;
        Ambient.Value = context;
        return new Scope(previous);
    }

    private sealed class Scope(KmsRequestContext? previous) : IDisposable
    {
        public void Dispose() => Ambient.Value = previous;
    }
}
