using System;
using System.Collections.Concurrent;
using System.IO;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using KmsKit.Pkcs11.Hsm;
using KmsKit.Pkcs11.Store;
using KmsKit.Pkcs11.Validation;
using Net.Pkcs11Interop.Common;

namespace KmsKit.Pkcs11.Engine;

/// <summary>
/// AWS KMS over a PKCS#11 token: <see cref="IAmazonKeyManagementService"/> with KMS's validation, key states,
/// errors and messages. Key material stays in the HSM; metadata lives in an <see cref="IKeyStore"/>.
/// Operations are grouped by concept in the partial files beside this one.
/// </summary>
public sealed partial class Pkcs11Kms : IAmazonKeyManagementService
{
    private const string EmbeddedPinFile = "token.pin";
    private const string EmbeddedStoreFile = "kms.db";

    private readonly IKeyStore _store;
    private readonly Pkcs11Token _token;
    private readonly KeyMaterials _materials;
    private readonly SymmetricCipher _symmetric;
    private readonly RsaCipher _rsa;
    private readonly PublicKeys _publicKeys;
    private readonly KeyUsageTracker _usage;
    private readonly TimeProvider _time;
    private readonly IKmsAuthorizer _authorizer;
    private readonly string _callerArn;
    private readonly string _accountId;
    private readonly string _region;
    private readonly string _keyArnPrefix;
    private readonly ConcurrentDictionary<string, string> _keyArns = new(StringComparer.Ordinal);
    private readonly AmazonKeyManagementServiceConfig _config;
    private int _disposed;

    private Pkcs11Kms(Pkcs11KmsOptions options, Pkcs11Token token, IKeyStore store)
    {
        _token = token;
        _store = store;
        _materials = new KeyMaterials(store, token);
        _symmetric = new SymmetricCipher(token, _materials);
        _rsa = new RsaCipher(token);
        _publicKeys = new PublicKeys(token);
        _usage = new KeyUsageTracker(store);
        _time = options.TimeProvider;
        _accountId = options.AccountId;
        _region = options.Region;
        _keyArnPrefix = $"arn:aws:kms:{_region}:{_accountId}:key/";
        _callerArn = options.CallerArn ?? $"arn:aws:iam::{_accountId}:root";
        _authorizer = options.Authorizer ?? new AccountRootAuthorizer(_accountId);
        _config = new AmazonKeyManagementServiceConfig { AuthenticationRegion = _region };
        RunMaintenance();
    }

    /// <summary>Opens an engine on an existing token of any PKCS#11 module and a SQLite store (created if missing).</summary>
    public static Pkcs11Kms Open(Pkcs11KmsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var storePath = options.StorePath ?? throw new ArgumentException("StorePath is required.", nameof(options));
        var pin = options.Pin ?? Environment.GetEnvironmentVariable(Pkcs11KmsOptions.PinEnvironmentVariable)
            ?? throw new ArgumentException($"No PIN: set Pin or {Pkcs11KmsOptions.PinEnvironmentVariable}.", nameof(options));
        return Create(options, new TokenOptions(options.ModulePath, options.TokenLabel, pin, InitializePin: null), storePath);
    }

    /// <summary>
    /// The embedded default: a SoftHSM2 token and a SQLite store in <paramref name="folder"/>, created if missing
    /// and opened otherwise. Without a configured PIN, a random one is made at creation and kept in the folder
    /// (readable by its owner only). One process serves one embedded folder (SoftHSM reads its configuration once).
    /// </summary>
    public static Pkcs11Kms OpenEmbedded(string folder, Pkcs11KmsOptions? options = null)
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
            settings.StorePath ?? Path.Combine(folder, EmbeddedStoreFile));
    }

    public IClientConfig Config => _config;

    public IKeyManagementServicePaginatorFactory Paginators =>
        throw new NotSupportedException("Paginators are not available on the PKCS#11 engine: page with Marker and Limit.");

    public static ClientConfig CreateDefaultClientConfig() => new AmazonKeyManagementServiceConfig();

    public static IAmazonService CreateDefaultServiceClient(AWSCredentials awsCredentials, ClientConfig clientConfig) =>
        throw new NotSupportedException("The PKCS#11 engine is opened with Pkcs11Kms.Open or Pkcs11Kms.OpenEmbedded.");

    public Endpoint DetermineServiceOperationEndpoint(AmazonWebServiceRequest request) =>
        throw new NotSupportedException("The PKCS#11 engine runs in process and has no endpoint.");

    /// <summary>Writes pending key usage and closes the token and the store; calling it again does nothing.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _usage.Flush();
        _token.Dispose();
        _store.Dispose();
    }

    /// <summary>The time, to the millisecond the store keeps, so that a value reads back as it was answered.</summary>
    private DateTimeOffset Now
    {
        get
        {
            var now = _time.GetUtcNow();
            return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
        }
    }

    private static Pkcs11Kms Create(Pkcs11KmsOptions options, TokenOptions tokenOptions, string storePath)
    {
        var token = Pkcs11Token.Open(tokenOptions);
        try
        {
            return new Pkcs11Kms(options, token, new SqliteKeyStore(storePath));
        }
        catch
        {
            token.Dispose();
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

    /// <summary>Destroys keys whose deletion window has passed and repairs interrupted writes.</summary>
    private void RunMaintenance()
    {
        var now = Now;
        foreach (var key in _store.ListKeysPendingDeletion(now))
        {
            _materials.Purge(key.KeyId);
        }

        _materials.Repair(now);
        RemoveExpiredImportParameters(now);
    }

    /// <summary>The ARN of a stored key, kept once made: it is in most responses and every authorization.</summary>
    private string KeyArn(string keyId) => _keyArns.GetOrAdd(keyId, static (id, prefix) => string.Concat(prefix, id), _keyArnPrefix);

    private string AliasArn(string aliasName) => $"arn:aws:kms:{_region}:{_accountId}:{aliasName}";

    private void Authorize(string action, KeyRecord? key)
    {
        var resource = key is null ? null : KeyArn(key.KeyId);
        if (!_authorizer.IsAllowed(_callerArn, action, resource))
        {
            throw KmsErrors.AccessDenied(
                $"User: {_callerArn} is not authorized to perform: {action}" + (resource is null ? string.Empty : $" on resource: {resource}"));
        }
    }

    /// <summary>
    /// The key a request names (id, ARN, alias or alias ARN), after applying what time has made due:
    /// destruction at the end of the deletion window, automatic rotation.
    /// </summary>
    private KeyRecord ResolveKey(string? keyId, string member = "keyId")
    {
        new RequestValidation().Required(keyId, member).Length(keyId, member, 1, 2048).ThrowIfInvalid();
        var id = keyId!.StartsWith(_keyArnPrefix, StringComparison.Ordinal)
            ? keyId[_keyArnPrefix.Length..] // this engine's own key ARN, the usual case: no general parse needed
            : ResolveReference(keyId);
        if (!KeyReference.IsKeyId(id))
        {
            throw KmsErrors.InvalidKeyId(id);
        }

        // Not KeyArn: an id that names no key stays out of the ARN cache.
        var key = _store.FindKey(_region, id) ?? throw KmsErrors.KeyNotFound(string.Concat(_keyArnPrefix, id));
        return ApplyDueEvents(key);
    }

    /// <summary>The key id a key id, ARN, alias or alias ARN names (not yet checked to be a key id).</summary>
    private string ResolveReference(string keyId)
    {
        var reference = KeyReference.Parse(keyId);
        if (reference.IsArn && reference.Region != _region)
        {
            throw KmsErrors.InvalidArnRegion(reference.Region ?? string.Empty);
        }

        if (reference.AliasName is not null)
        {
            var alias = reference.IsArn && reference.Account != _accountId ? null : _store.FindAlias(_region, reference.AliasName);
            return alias?.KeyId ?? throw KmsErrors.AliasNotFound(reference.IsArn ? keyId : AliasArn(reference.AliasName));
        }

        var id = reference.KeyId!;
        if (!KeyReference.IsKeyId(id))
        {
            throw KmsErrors.InvalidKeyId(id);
        }

        if (reference.IsArn && reference.Account != _accountId)
        {
            // Another account's keys are not in this store (cross-account access comes with key policies).
            throw KmsErrors.KeyNotFound(keyId);
        }

        return id;
    }

    private KeyRecord ApplyDueEvents(KeyRecord key)
    {
        var now = Now;
        if (key.State == KeyStates.PendingDeletion && key.DeletionDate <= now)
        {
            _materials.Purge(key.KeyId);
            throw KmsErrors.KeyNotFound(KeyArn(key.KeyId));
        }

        key = ExpireImportedMaterial(key, now);
        while (key.RotationEnabled && key.State == KeyStates.Enabled && key.NextRotationAt <= now)
        {
            var next = key.NextRotationAt!.Value.AddDays(key.RotationPeriodInDays!.Value);
            _materials.Rotate(key, key.NextRotationAt.Value, onDemand: false, next < now ? now.AddDays(key.RotationPeriodInDays.Value) : next);
            key = _store.FindKey(_region, key.KeyId) ?? throw KmsErrors.KeyNotFound(KeyArn(key.KeyId));
        }

        return key;
    }

    private void RequireState(KeyRecord key, KeyStateRule rule)
    {
        switch (key.State)
        {
            case KeyStates.Enabled when rule is KeyStateRule.PendingDeletionOnly:
            case KeyStates.Disabled when rule is KeyStateRule.PendingDeletionOnly:
                throw KmsErrors.InvalidState($"{KeyArn(key.KeyId)} is not pending deletion.");
            case KeyStates.Disabled when rule is KeyStateRule.EnabledOnly:
                throw KmsErrors.Disabled(KeyArn(key.KeyId));
            case KeyStates.PendingDeletion when rule is KeyStateRule.EnabledOnly or KeyStateRule.EnabledOrDisabled:
                throw KmsErrors.InvalidState($"{KeyArn(key.KeyId)} is pending deletion.");
            case KeyStates.PendingImport when rule is KeyStateRule.EnabledOnly:
                throw KmsErrors.InvalidState($"{KeyArn(key.KeyId)} is pending import.");
        }
    }

    private void RequireUsage(KeyRecord key, string usage, string operation)
    {
        if (key.KeyUsage != usage)
        {
            throw KmsErrors.WrongKeyUsage(KeyArn(key.KeyId), key.KeyUsage, operation);
        }
    }

    /// <summary>Resolves, authorizes and checks the key of a cryptographic operation.</summary>
    private KeyRecord UsableKey(string? keyId, string operation, string usage)
    {
        var key = ResolveKey(keyId);
        Authorize($"kms:{operation}", key);
        RequireState(key, KeyStateRule.EnabledOnly);
        RequireUsage(key, usage, operation);
        return key;
    }

    /// <summary>Notes a successful cryptographic operation for GetKeyLastUsage.</summary>
    private T Used<T>(KeyRecord key, string operation, T response)
    {
        _usage.Record(key.KeyId, operation, Now);
        return response;
    }

    private static void ThrowIfDryRun(bool? dryRun)
    {
        if (dryRun == true)
        {
            throw KmsErrors.DryRun();
        }
    }

    private static void ThrowIfRecipient(RecipientInfo? recipient)
    {
        if (recipient is not null)
        {
            throw KmsErrors.Unsupported("Recipient (Nitro Enclaves attestation) is not supported by the PKCS#11 engine.");
        }
    }

    private static MemoryStream Stream(byte[] bytes) => new(bytes, writable: false);

    /// <summary>
    /// Runs an operation to completion on the caller's thread (PKCS#11 calls block) and reports its outcome
    /// as a task, as the SDK's client does: errors come through the task, not as synchronous throws.
    /// </summary>
    private static Task<T> Complete<T>(CancellationToken cancellationToken, Func<T> operation)
        where T : AmazonWebServiceResponse
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        try
        {
            var response = operation();
            response.HttpStatusCode = System.Net.HttpStatusCode.OK;
            return Task.FromResult(response);
        }
        catch (HsmKeyMissingException)
        {
            return Task.FromException<T>(KmsErrors.Internal("The key material of this KMS key is missing from the HSM."));
        }
        catch (Pkcs11Exception e)
        {
            return Task.FromException<T>(KmsErrors.Internal($"The HSM failed: {e.Method} returned {e.RV}."));
        }
        catch (Exception e)
        {
            return Task.FromException<T>(e);
        }
    }
}
