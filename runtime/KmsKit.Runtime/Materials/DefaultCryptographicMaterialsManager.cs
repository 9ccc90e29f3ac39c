using System.Security.Cryptography;
using KmsKit.Runtime.Format;
using KmsKit.Runtime.Keyrings;
using KmsKit.Runtime.Serialization;
using KmsKit.Runtime.Suites.Cryptography;

namespace KmsKit.Runtime.Materials;

/// <summary>
/// The materials manager of the AWS Encryption SDK specification: picks the suite (0x0578 by default), makes the
/// signing key pair of signing suites and puts its public half in the context, and asks one keyring for the data key.
/// </summary>
public sealed class DefaultCryptographicMaterialsManager : ICryptographicMaterialsManager
{
    private readonly IKeyring _keyring;

    /// <summary>Creates the manager over a keyring (use <see cref="MultiKeyring"/> for several).</summary>
    public DefaultCryptographicMaterialsManager(IKeyring keyring) => _keyring = keyring ?? throw new ArgumentNullException(nameof(keyring));

    /// <inheritdoc />
    public async ValueTask<EncryptionMaterials> GetEncryptionMaterialsAsync(EncryptionMaterialsRequest request, CancellationToken cancellationToken = default)
    {
        var suite = request.Suite ?? AlgorithmSuite.Aes256GcmHkdfSha512CommitKeyEcdsaP384;
        if (!suite.IsCommitting)
        {
            throw new EncryptionSdkException($"Suite {suite} does not commit to its key; the commitment policy {request.CommitmentPolicy} writes only 0x0478 and 0x0578.");
        }

        if (request.EncryptionContext.Keys.FirstOrDefault(key => key.StartsWith(FormatConstants.ReservedContextPrefix, StringComparison.Ordinal)) is { } reserved)
        {
            throw new EncryptionSdkException($"The encryption context key '{reserved}' is reserved: keys starting with '{FormatConstants.ReservedContextPrefix}' belong to the format.");
        }

        var required = request.RequiredEncryptionContextKeys ?? [];
        var context = new Dictionary<string, string>(request.EncryptionContext, StringComparer.Ordinal);
        ECDsa? signingKey = null;
        if (suite.SignatureCurve is { } curve)
        {
            signingKey = ECDsa.Create(curve);
            context[FormatConstants.PublicKeyContextKey] = CompressedPublicKey.Encode(signingKey);
        }

        var materials = new EncryptionMaterials(suite, context, required, signingKey);
        try
        {
            await _keyring.OnEncryptAsync(materials, cancellationToken).ConfigureAwait(false);
            if (materials.PlaintextDataKey is null || materials.EncryptedDataKeys.Count == 0)
            {
                throw new EncryptionSdkException("The keyring produced no data key or no encrypted data key.");
            }

            return materials;
        }
        catch
        {
            materials.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask<DecryptionMaterials> DecryptMaterialsAsync(DecryptionMaterialsRequest request, CancellationToken cancellationToken = default)
    {
        var suite = request.Suite;
        if (!suite.IsCommitting && request.CommitmentPolicy == CommitmentPolicy.RequireEncryptRequireDecrypt)
        {
            throw new EncryptionSdkException($"The message uses suite {suite}, which does not commit to its key; the commitment policy {request.CommitmentPolicy} reads only 0x0478 and 0x0578.");
        }

        var context = new Dictionary<string, string>(request.EncryptionContext, StringComparer.Ordinal);
        var required = new List<string>();
        foreach (var (key, value) in request.ReproducedEncryptionContext)
        {
            if (context.TryGetValue(key, out var stored))
            {
                if (!string.Equals(stored, value, StringComparison.Ordinal))
                {
                    throw new EncryptionSdkException($"The encryption context key '{key}' has a different value in the message than the one supplied.");
                }
            }
            else
            {
                context.Add(key, value);
                required.Add(key);
            }
        }

        var verificationKey = VerificationKey(suite, context);
        var materials = new DecryptionMaterials(suite, context, required, verificationKey);
        try
        {
            await _keyring.OnDecryptAsync(materials, request.EncryptedDataKeys, cancellationToken).ConfigureAwait(false);
            return materials.PlaintextDataKey is null
                ? throw new EncryptionSdkException("The keyring unwrapped no data key.")
                : materials;
        }
        catch
        {
            materials.Dispose();
            throw;
        }
    }

    private static ECDsa? VerificationKey(AlgorithmSuite suite, Dictionary<string, string> context)
    {
        var hasKey = context.TryGetValue(FormatConstants.PublicKeyContextKey, out var encoded);
        return suite.SignatureCurve switch
        {
            { } curve when hasKey => CompressedPublicKey.Decode(encoded!, curve),
            not null => throw new EncryptionSdkException($"The message uses signing suite {suite} but its encryption context has no '{FormatConstants.PublicKeyContextKey}'."),
            null when hasKey => throw new EncryptionSdkException($"The message uses suite {suite}, which does not sign, but its encryption context has '{FormatConstants.PublicKeyContextKey}'."),
            _ => null,
        };
    }
}
