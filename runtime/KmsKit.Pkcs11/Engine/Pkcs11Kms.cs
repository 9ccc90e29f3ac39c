using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using KmsKit.Pkcs11.Audit;
using KmsKit.Pkcs11.Hsm;
using KmsKit.Pkcs11.Policies;
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
    private readonly Pkcs11KmsCore _core;
    private readonly IKeyStore _store;
    private readonly Pkcs11Token _token;
    private readonly KeyMaterials _materials;
    private readonly SymmetricCipher _symmetric;
    private readonly RsaCipher _rsa;
    private readonly PublicKeys _publicKeys;
    private readonly KeyUsageTracker _usage;
    private readonly TimeProvider _time;
    private readonly PolicyCache _policies;
    private readonly CallerIdentity _identity;
    private readonly PolicyDocument[] _identityPolicies;
    private readonly bool _identityNamesResourceTags;
    private readonly bool _identityNamesResourceAliases;
    private readonly string _accountId;
    private readonly string _region;
    private readonly KeyScope _scope;
    private readonly string _keyArnPrefix;
    private readonly AmazonKeyManagementServiceConfig _config;
    private static readonly ConcurrentDictionary<Type, string> OperationNames = new();
    private readonly bool _ownsCore;
    private int _disposed;

    internal Pkcs11Kms(Pkcs11KmsCore core, KmsPrincipal caller, string region, bool ownsCore)
    {
        _core = core;
        _token = core.Token;
        _store = core.Store;
        _materials = core.Materials;
        _symmetric = core.Symmetric;
        _rsa = core.Rsa;
        _publicKeys = core.PublicKeys;
        _usage = core.Usage;
        _time = core.Time;
        _policies = core.Policies;
        _identity = CallerIdentity.Parse(caller.Arn, caller.Tags);
        _identityPolicies = caller.IdentityPolicies.Select(policy => _policies.Get(policy, PolicyKind.IdentityPolicy)).ToArray();
        _identityNamesResourceTags = _identityPolicies.Any(policy => policy.NamesResourceTags);
        _identityNamesResourceAliases = _identityPolicies.Any(policy => policy.NamesResourceAliases);
        _accountId = caller.AccountId ?? core.DefaultAccountId;
        _region = region;
        _scope = new KeyScope(_accountId, _region);
        _keyArnPrefix = _scope.KeyArn(string.Empty);
        _config = new AmazonKeyManagementServiceConfig { AuthenticationRegion = _region };
        _ownsCore = ownsCore;
    }

    /// <summary>Opens an engine on an existing token of any PKCS#11 module and a SQLite store (created if missing).</summary>
    public static Pkcs11Kms Open(Pkcs11KmsOptions options) => Owning(Pkcs11KmsCore.Open(options));

    /// <summary>
    /// The embedded default: a SoftHSM2 token and a SQLite store in <paramref name="folder"/>, created if missing
    /// and opened otherwise (see <see cref="Pkcs11KmsCore.OpenEmbedded"/>), for the options' caller and region.
    /// </summary>
    public static Pkcs11Kms OpenEmbedded(string folder, Pkcs11KmsOptions? options = null) => Owning(Pkcs11KmsCore.OpenEmbedded(folder, options));

    /// <summary>The core this facade shares with other callers' facades.</summary>
    public Pkcs11KmsCore Core => _core;

    public IClientConfig Config => _config;

    public IKeyManagementServicePaginatorFactory Paginators =>
        throw new NotSupportedException("Paginators are not available on the PKCS#11 engine: page with Marker and Limit.");

    public static ClientConfig CreateDefaultClientConfig() => new AmazonKeyManagementServiceConfig();

    public static IAmazonService CreateDefaultServiceClient(AWSCredentials awsCredentials, ClientConfig clientConfig) =>
        throw new NotSupportedException("The PKCS#11 engine is opened with Pkcs11Kms.Open or Pkcs11Kms.OpenEmbedded.");

    public Endpoint DetermineServiceOperationEndpoint(AmazonWebServiceRequest request) =>
        throw new NotSupportedException("The PKCS#11 engine runs in process and has no endpoint.");

    /// <summary>Closes the core when this facade opened it (<see cref="Open"/>, <see cref="OpenEmbedded"/>); else nothing.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && _ownsCore)
        {
            _core.Dispose();
        }
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

    private static Pkcs11Kms Owning(Pkcs11KmsCore core)
    {
        try
        {
            var options = core.Options;
            var caller = options.CallerArn is { } arn ? new KmsPrincipal(arn) : KmsPrincipal.AccountRoot(options.AccountId);
            return new Pkcs11Kms(core, caller, options.Region, ownsCore: true);
        }
        catch
        {
            core.Dispose();
            throw;
        }
    }

    /// <summary>Destroys keys whose deletion window has passed and repairs interrupted writes (once per core, at open).</summary>
    internal void RunMaintenance()
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
    private string KeyArn(KeyRecord key) => _core.KeyArn(key);

    private string AliasArn(string aliasName) => $"arn:aws:kms:{_region}:{_accountId}:{aliasName}";

    /// <summary>
    /// The key a request names (id, ARN, alias or alias ARN), after applying what time has made due:
    /// destruction at the end of the deletion window, automatic rotation.
    /// </summary>
    private KeyRecord ResolveKey(string? keyId, string member = "keyId")
    {
        new RequestValidation().Required(keyId, member).Length(keyId, member, 1, 2048).ThrowIfInvalid();
        var (scope, id) = keyId!.StartsWith(_keyArnPrefix, StringComparison.Ordinal)
            ? (_scope, keyId[_keyArnPrefix.Length..]) // the caller's own key ARN, the usual case: no general parse needed
            : ResolveReference(keyId);
        if (!KeyReference.IsKeyId(id))
        {
            throw KmsErrors.InvalidKeyId(id);
        }

        // Not KeyArn: an id that names no key stays out of the ARN cache.
        var key = _store.FindKey(scope, id) ?? throw KmsErrors.KeyNotFound(scope.KeyArn(id));
        return ApplyDueEvents(key);
    }

    /// <summary>
    /// Where a key id, ARN, alias or alias ARN points (the id not yet checked to be a key id). Names without an
    /// account are the caller's; an ARN may name another account's key or alias, which authorization then judges.
    /// </summary>
    private (KeyScope Scope, string KeyId) ResolveReference(string keyId)
    {
        var reference = KeyReference.Parse(keyId);
        if (reference.IsArn && reference.Region != _region)
        {
            throw KmsErrors.InvalidArnRegion(reference.Region ?? string.Empty);
        }

        var scope = reference.IsArn ? new KeyScope(reference.Account!, _region) : _scope;
        if (reference.AliasName is not null)
        {
            var alias = _store.FindAlias(scope, reference.AliasName);
            return (scope, alias?.KeyId ?? throw KmsErrors.AliasNotFound(reference.IsArn ? keyId : AliasArn(reference.AliasName)));
        }

        return (scope, reference.KeyId!);
    }

    private KeyRecord ApplyDueEvents(KeyRecord key)
    {
        AuditCall.Current?.NoteKey(KeyArn(key), key.AccountId);
        var now = Now;
        if (key.State == KeyStates.PendingDeletion && key.DeletionDate <= now)
        {
            _materials.Purge(key.KeyId);
            throw KmsErrors.KeyNotFound(KeyArn(key));
        }

        key = ExpireImportedMaterial(key, now);
        while (key.RotationEnabled && key.State == KeyStates.Enabled && key.NextRotationAt <= now)
        {
            var next = key.NextRotationAt!.Value.AddDays(key.RotationPeriodInDays!.Value);
            var rotated = _materials.Rotate(key, key.NextRotationAt.Value, onDemand: false, next < now ? now.AddDays(key.RotationPeriodInDays.Value) : next, now);
            var latest = _store.FindKey(key.Scope, key.KeyId) ?? throw KmsErrors.KeyNotFound(KeyArn(key));
            if (!rotated && latest.CurrentVersion == key.CurrentVersion && latest.NextRotationAt == key.NextRotationAt)
            {
                // Another engine's rotation is under way (or a crashed one is within its lease): nothing moved, so trying
                // again now would spin. The request goes on with the current version; a later one rotates.
                return latest;
            }

            key = latest;
        }

        return key;
    }

    private void RequireState(KeyRecord key, KeyStateRule rule)
    {
        switch (key.State)
        {
            case KeyStates.Enabled when rule is KeyStateRule.PendingDeletionOnly:
            case KeyStates.Disabled when rule is KeyStateRule.PendingDeletionOnly:
                throw KmsErrors.InvalidState($"{KeyArn(key)} is not pending deletion.");
            case KeyStates.Disabled when rule is KeyStateRule.EnabledOnly:
                throw KmsErrors.Disabled(KeyArn(key));
            case KeyStates.PendingDeletion when rule is KeyStateRule.EnabledOnly or KeyStateRule.EnabledOrDisabled:
                throw KmsErrors.InvalidState($"{KeyArn(key)} is pending deletion.");
            case KeyStates.PendingImport when rule is KeyStateRule.EnabledOnly:
                throw KmsErrors.InvalidState($"{KeyArn(key)} is pending import.");
        }
    }

    private void RequireUsage(KeyRecord key, string usage, string operation)
    {
        if (key.KeyUsage != usage)
        {
            throw KmsErrors.WrongKeyUsage(KeyArn(key), key.KeyUsage, operation);
        }
    }

    /// <summary>Resolves, authorizes and checks the key of a cryptographic operation.</summary>
    private KeyRecord UsableKey(string? keyId, string operation, string usage, Action<AuthorizationContext>? conditions = null)
    {
        var key = ResolveKey(keyId);
        Authorize($"kms:{operation}", key, conditions, keyId);
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
    /// as a task, as the SDK's client does: errors come through the task, not as synchronous throws. With an audit
    /// log, the call becomes one event, allowed or denied, successful or failed (docs/audit.md).
    /// </summary>
    private Task<T> Complete<T>(AmazonWebServiceRequest request, CancellationToken cancellationToken, Func<T> operation)
        where T : AmazonWebServiceResponse =>
        Complete(request, OperationName(request), cancellationToken, operation);

    /// <summary>The same, for an operation whose request is not at hand: its event names it but logs no requestParameters.</summary>
    private Task<T> Complete<T>(CancellationToken cancellationToken, Func<T> operation, [CallerMemberName] string method = "")
        where T : AmazonWebServiceResponse =>
        Complete(null, method.EndsWith("Async", StringComparison.Ordinal) ? method[..^5] : method, cancellationToken, operation);

    private Task<T> Complete<T>(AmazonWebServiceRequest? request, string operation, CancellationToken cancellationToken, Func<T> run)
        where T : AmazonWebServiceResponse
    {
        var audit = _core.AuditLog;
        if (audit?.Unavailable is { } unavailable)
        {
            return Task.FromException<T>(KmsErrors.Internal($"The audit log cannot record calls, so none is served: {unavailable.Message}"));
        }

        var call = audit is null ? null : AuditCall.Begin();
        T? response = null;
        Exception? failure = null;
        var canceled = cancellationToken.IsCancellationRequested;
        try
        {
            if (canceled)
            {
                failure = new OperationCanceledException("The call was canceled before it started.", cancellationToken);
            }
            else
            {
                response = run();
                response.HttpStatusCode = System.Net.HttpStatusCode.OK;
            }
        }
        catch (HsmKeyMissingException)
        {
            failure = KmsErrors.Internal("The key material of this KMS key is missing from the HSM.");
        }
        catch (Pkcs11Exception e)
        {
            failure = KmsErrors.Internal($"The HSM failed: {e.Method} returned {e.RV}.");
        }
        catch (Exception e)
        {
            failure = e;
        }

        if (audit is not null)
        {
            try
            {
                audit.Record(AuditRecordOf(new AuditFacts(
                    operation, request, response, failure, _identity, _accountId, _region, KmsRequestContext.Current, call, _time.GetUtcNow())));
            }
            catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException or System.Threading.Channels.ChannelClosedException)
            {
                // Served but not recorded: the caller is told the call failed rather than trust an unrecorded one.
                failure = KmsErrors.Internal($"The audit log cannot record calls: {e.Message}");
            }
            finally
            {
                AuditCall.End(call!);
            }
        }

        return failure switch
        {
            null => Task.FromResult(response!),
            OperationCanceledException when canceled => Task.FromCanceled<T>(cancellationToken),
            _ => Task.FromException<T>(failure),
        };
    }

    /// <summary>The event; should building it fail on something in the request or response, the event without them.</summary>
    private static AuditRecord AuditRecordOf(in AuditFacts facts)
    {
        try
        {
            return AuditEventBuilder.Build(facts);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or System.Reflection.TargetInvocationException or FormatException)
        {
            return AuditEventBuilder.Build(facts with { Request = null, Response = null });
        }
    }

    /// <summary>EncryptRequest is Encrypt.</summary>
    private static string OperationName(AmazonWebServiceRequest request) =>
        OperationNames.GetOrAdd(request.GetType(), static type => type.Name.EndsWith("Request", StringComparison.Ordinal) ? type.Name[..^7] : type.Name);
}
