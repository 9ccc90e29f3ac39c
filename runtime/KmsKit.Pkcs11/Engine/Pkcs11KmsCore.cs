using System;
using System.Collections.Concurrent;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using KmsKit.Pkcs11.Audit;
using KmsKit.Pkcs11.Hsm;
using KmsKit.Pkcs11.Policies;
using KmsKit.Pkcs11.Store;

namespace KmsKit.Pkcs11.Engine;

/// <summary>
/// What one token and one store share across callers: sessions, the store, key materials, ciphers, usage
/// tracking. Each caller gets a thin <see cref="Pkcs11Kms"/> bound to it and a region from <see cref="For"/>;
/// a server keeps one core and many such facades.
/// </summary>
public sealed class Pkcs11KmsCore : IDisposable
{
    private const string EmbeddedPinFile = "token.pin";
    private const string EmbeddedStoreFile = "kms.db";

    private readonly ConcurrentDictionary<string, string> _keyArns = new(StringComparer.Ordinal);
    private int _disposed;

    private readonly bool _ownsAudit;

    private Pkcs11KmsCore(Pkcs11KmsOptions options, Pkcs11Token token, IKeyStore store, AuditLog? audit, bool ownsAudit)
    {
        Options = options;
        AuditLog = audit;
        _ownsAudit = ownsAudit;
        Token = token;
        Store = store;
        Materials = new KeyMaterials(store, token);
        Symmetric = new SymmetricCipher(token, Materials);
        Rsa = new RsaCipher(token);
        PublicKeys = new PublicKeys(token);
        Usage = new KeyUsageTracker(store);
        Time = options.TimeProvider;
    }

    /// <summary>The account and region that <see cref="For"/> falls back to, and the legacy store's account.</summary>
    public string DefaultAccountId => Options.AccountId;

    internal Pkcs11KmsOptions Options { get; }

    internal Pkcs11Token Token { get; }

    internal IKeyStore Store { get; }

    internal KeyMaterials Materials { get; }

    internal SymmetricCipher Symmetric { get; }

    internal RsaCipher Rsa { get; }

    internal PublicKeys PublicKeys { get; }

    internal KeyUsageTracker Usage { get; }

    internal TimeProvider Time { get; }

    /// <summary>Where every call of this core's facades is recorded (<see cref="Pkcs11KmsOptions.Audit"/>, <see cref="Pkcs11KmsOptions.AuditLog"/>), if anywhere.</summary>
    public AuditLog? AuditLog { get; }

    /// <summary>Parsed key and identity policies, shared by every facade: a policy is parsed once, not per request.</summary>
    internal PolicyCache Policies { get; } = new();

    /// <summary>Opens a core on an existing token of any PKCS#11 module and a SQLite store (created if missing).</summary>
    public static Pkcs11KmsCore Open(Pkcs11KmsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var storePath = options.StorePath ?? throw new ArgumentException("StorePath is required.", nameof(options));
        var pin = options.Pin ?? Environment.GetEnvironmentVariable(Pkcs11KmsOptions.PinEnvironmentVariable)
            ?? throw new ArgumentException($"No PIN: set Pin or {Pkcs11KmsOptions.PinEnvironmentVariable}.", nameof(options));
        return Create(options.Clone(), new TokenOptions(options.ModulePath, options.TokenLabel, pin, InitializePin: null), storePath, ownsToken: false);
    }

    /// <summary>
    /// The embedded default: a SoftHSM2 token and a SQLite store in <paramref name="folder"/>, created if missing
    /// and opened otherwise. Without a configured PIN, a random one is made at creation and kept in the folder
    /// (readable by its owner only). One process serves one embedded folder (SoftHSM reads its configuration once).
    /// </summary>
    public static Pkcs11KmsCore OpenEmbedded(string folder, Pkcs11KmsOptions? options = null)
    {
        var settings = options?.Clone() ?? new Pkcs11KmsOptions();
        folder = Path.GetFullPath(folder);
        Directory.CreateDirectory(folder);
        SoftHsmConfiguration.Apply(folder);
        settings.ModulePath = SoftHsmConfiguration.FindModule(settings.ModulePath);
        var pin = settings.Pin ?? Environment.GetEnvironmentVariable(Pkcs11KmsOptions.PinEnvironmentVariable) ?? EmbeddedPin(folder);
        var soPin = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var tokenDirectory = SoftHsmConfiguration.TokenDirectory(folder);
        return Create(settings, new TokenOptions(settings.ModulePath, settings.TokenLabel, pin, soPin, () => SoftHsmObjectIndex.Invalidate(tokenDirectory)),
            settings.StorePath ?? Path.Combine(folder, EmbeddedStoreFile), ownsToken: true);
    }

    /// <summary>
    /// The engine as <paramref name="caller"/> sees it in <paramref name="region"/> (default: the options' region).
    /// Cheap: it shares everything with this core, which stays open when the facade is disposed.
    /// </summary>
    public Pkcs11Kms For(KmsPrincipal caller, string? region = null)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        return new Pkcs11Kms(this, caller, region ?? Options.Region, ownsCore: false);
    }

    /// <inheritdoc cref="For(KmsPrincipal, string?)"/>
    public Pkcs11Kms For(string callerArn, string? region = null) => For(new KmsPrincipal(callerArn), region);

    /// <summary>Writes pending key usage and closes the token and the store; calling it again does nothing.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (_ownsAudit)
        {
            AuditLog!.Dispose();
        }

        Usage.Flush();
        Token.Dispose();
        Store.Dispose();
    }

    /// <summary>The ARN of a stored key, kept once made: it is in most responses and every authorization.</summary>
    internal string KeyArn(KeyRecord key) =>
        _keyArns.GetOrAdd(key.KeyId, static (id, scope) => scope.KeyArn(id), key.Scope);

    /// <param name="ownsToken">The token is the engine's own (embedded): the orphan sweep may destroy any object no metadata names.</param>
    private static Pkcs11KmsCore Create(Pkcs11KmsOptions options, TokenOptions tokenOptions, string storePath, bool ownsToken)
    {
        if (options.Audit is not null && options.AuditLog is not null)
        {
            throw new ArgumentException("Give the engine its own audit log (Audit) or a shared one (AuditLog), not both.", nameof(options));
        }

        var ownedAudit = options.Audit is null ? null : new AuditLog(options.Audit);
        var audit = ownedAudit ?? options.AuditLog;
        Pkcs11Token? token = null;
        try
        {
            token = Pkcs11Token.Open(tokenOptions);
            audit?.AttachSigner(tokenOptions);
            var core = new Pkcs11KmsCore(options, token, new SqliteKeyStore(storePath, options.AccountId), audit, ownedAudit is not null);
            core.For(KmsPrincipal.AccountRoot(options.AccountId)).RunMaintenance();
            new OrphanSweep(core.Store, token, ownsToken).Run(core.Time.GetUtcNow());
            return core;
        }
        catch
        {
            ownedAudit?.Dispose();
            token?.Dispose();
            throw;
        }
    }

    private static string EmbeddedPin(string folder)
    {
        var path = Path.Combine(folder, EmbeddedPinFile);
        if (!File.Exists(path))
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var writer = new StreamWriter(path, options);
            writer.Write(Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));
        }

        return File.ReadAllText(path).Trim();
    }
}
