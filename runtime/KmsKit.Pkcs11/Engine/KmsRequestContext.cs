using System;
using System.Net;
using System.Threading;

namespace KmsKit.Pkcs11.Engine;

/// <summary>
/// What the transport knows of the current request (the TCP peer, TLS), for the aws:SourceIp and
/// aws:SecureTransport condition keys. A server sets it around each call; in process there is none.
/// </summary>
public sealed record KmsRequestContext(IPAddress? SourceIp, bool SecureTransport)
{
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
