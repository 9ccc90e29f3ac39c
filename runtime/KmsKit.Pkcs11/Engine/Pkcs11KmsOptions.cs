using System;
using System.Collections.Generic;
using KmsKit.Pkcs11.Audit;

namespace KmsKit.Pkcs11.Engine;

/// <summary>How a <see cref="Pkcs11Kms"/> reaches its HSM and store, and whom it serves.</summary>
public sealed class Pkcs11KmsOptions
{
    /// <summary>The environment variable read when <see cref="Pin"/> is not set.</summary>
    public const string PinEnvironmentVariable = "KMSKIT_PKCS11_PIN";

    /// <summary>The PKCS#11 module (shared library). Default: SoftHSM2, looked for on the usual Linux and macOS paths.</summary>
    public string ModulePath { get; set; } = Hsm.SoftHsmConfiguration.DefaultModulePath;

    public string TokenLabel { get; set; } = "kmskit";

    /// <summary>The token's user PIN; never logged. Default: <see cref="PinEnvironmentVariable"/>.</summary>
    public string? Pin { get; set; }

    /// <summary>The SQLite metadata file. <see cref="Pkcs11Kms.OpenEmbedded"/> puts it in its folder.</summary>
    public string? StorePath { get; set; }

    public string AccountId { get; set; } = "111122223333";

    public string Region { get; set; } = "us-east-1";

    /// <summary>The principal of the engine <see cref="Pkcs11Kms.Open"/> returns. Default: the account root. Others: <see cref="Pkcs11KmsCore.For(KmsPrincipal, string?)"/>.</summary>
    public string? CallerArn { get; set; }

    /// <summary>
    /// Every principal ARN that exists, where the host knows them all (a server with a principals file): a key
    /// policy naming another user or role is then refused, as AWS refuses principals that do not exist. Null: not checked.
    /// </summary>
    public IReadOnlySet<string>? KnownPrincipals { get; set; }

    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// An audit log of this engine's own (docs/audit.md): one event per call of its facades, to a hash-chained file
    /// with digests signed by a key in this token, a callback or an ILogger category. Opened and closed with the engine.
    /// </summary>
    public AuditOptions? Audit { get; set; }

    /// <summary>
    /// An audit log shared with other engines (a host that opens several over time), which the host disposes after
    /// them; the first engine to open lends it its token for the signing key. Exclusive with <see cref="Audit"/>.
    /// </summary>
    public AuditLog? AuditLog { get; set; }

    internal Pkcs11KmsOptions Clone() => (Pkcs11KmsOptions)MemberwiseClone();
}
