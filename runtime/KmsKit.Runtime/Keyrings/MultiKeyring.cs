using KmsKit.Runtime.Format;
using KmsKit.Runtime.Materials;

namespace KmsKit.Runtime.Keyrings;

/// <summary>
/// Several keyrings as one: on encrypt the generator makes the data key and every keyring wraps it; on decrypt
/// the first keyring that unwraps a key wins.
/// </summary>
public sealed class MultiKeyring : IKeyring
{
    private readonly IKeyring? _generator;
    private readonly IReadOnlyList<IKeyring> _children;

    /// <summary>Creates the keyring; give a generator, children, or both.</summary>
    public MultiKeyring(IKeyring? generator, IEnumerable<IKeyring>? children = null)
    {
        _generator = generator;
        _children = children?.ToArray() ?? [];
        if (_generator is null && _children.Count == 0)
        {
            throw new ArgumentException("A multi-keyring needs a generator or at least one child keyring.", nameof(children));
        }

        if (_children.Contains(null!))
        {
            throw new ArgumentException("A multi-keyring's child keyrings cannot be null.", nameof(children));
        }
    }

    /// <inheritdoc />
    public async ValueTask OnEncryptAsync(EncryptionMaterials materials, CancellationToken cancellationToken = default)
    {
        if (_generator is null && materials.PlaintextDataKey is null)
        {
            throw new EncryptionSdkException("This multi-keyring has no generator and the materials hold no data key.");
        }

        if (_generator is not null)
        {
            await _generator.OnEncryptAsync(materials, cancellationToken).ConfigureAwait(false);
        }

        foreach (var child in _children)
        {
            await child.OnEncryptAsync(materials, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask OnDecryptAsync(DecryptionMaterials materials, IReadOnlyList<EncryptedDataKey> encryptedDataKeys, CancellationToken cancellationToken = default)
    {
        if (materials.PlaintextDataKey is not null)
        {
            return;
        }

        var failures = new List<Exception>();
        foreach (var keyring in _generator is null ? _children : _children.Prepend(_generator))
        {
            try
            {
                await keyring.OnDecryptAsync(materials, encryptedDataKeys, cancellationToken).ConfigureAwait(false);
                if (materials.PlaintextDataKey is not null)
                {
                    return;
                }
            }
            catch (EncryptionSdkException e)
            {
                failures.Add(e);
            }
        }

        throw new EncryptionSdkException(
            $"None of the multi-keyring's keyrings could unwrap a data key: {string.Join(" ", failures.Select(f => f.Message))}",
            new AggregateException(failures));
    }
}
