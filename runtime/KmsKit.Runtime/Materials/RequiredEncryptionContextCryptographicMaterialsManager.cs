namespace KmsKit.Runtime.Materials;

/// <summary>
/// Keeps some encryption context keys out of the message while still authenticating them: the decrypting caller
/// must supply (reproduce) them. Wraps another materials manager.
/// </summary>
public sealed class RequiredEncryptionContextCryptographicMaterialsManager : ICryptographicMaterialsManager
{
    private readonly ICryptographicMaterialsManager _inner;
    private readonly IReadOnlyCollection<string> _requiredKeys;

    /// <summary>Creates the manager; every key in <paramref name="requiredEncryptionContextKeys"/> must be in each context.</summary>
    public RequiredEncryptionContextCryptographicMaterialsManager(ICryptographicMaterialsManager inner, IReadOnlyCollection<string> requiredEncryptionContextKeys)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        _requiredKeys = requiredEncryptionContextKeys.Count > 0
            ? requiredEncryptionContextKeys.ToArray()
            : throw new ArgumentException("Give at least one required encryption context key.", nameof(requiredEncryptionContextKeys));
    }

    /// <inheritdoc />
    public ValueTask<EncryptionMaterials> GetEncryptionMaterialsAsync(EncryptionMaterialsRequest request, CancellationToken cancellationToken = default)
    {
        EnsurePresent(request.EncryptionContext, "to encrypt");
        var required = (request.RequiredEncryptionContextKeys ?? []).Union(_requiredKeys, StringComparer.Ordinal).ToArray();
        return _inner.GetEncryptionMaterialsAsync(request with { RequiredEncryptionContextKeys = required }, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<DecryptionMaterials> DecryptMaterialsAsync(DecryptionMaterialsRequest request, CancellationToken cancellationToken = default)
    {
        EnsurePresent(request.ReproducedEncryptionContext, "to decrypt");
        return _inner.DecryptMaterialsAsync(request, cancellationToken);
    }

    private void EnsurePresent(IReadOnlyDictionary<string, string> context, string purpose)
    {
        if (_requiredKeys.FirstOrDefault(key => !context.ContainsKey(key)) is { } missing)
        {
            throw new EncryptionSdkException($"The required encryption context key '{missing}' was not supplied {purpose}.");
        }
    }
}
