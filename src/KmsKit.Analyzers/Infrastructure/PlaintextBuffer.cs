using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace KmsKit.Analyzers.Infrastructure;

/// <summary>Which KMS response a plaintext key comes from.</summary>
internal enum PlaintextOrigin
{
    /// <summary><c>GenerateDataKeyResponse.Plaintext</c>.</summary>
    DataKey,

    /// <summary><c>GenerateDataKeyPairResponse.PrivateKeyPlaintext</c>.</summary>
    DataKeyPair,

    /// <summary><c>DecryptResponse.Plaintext</c>: key material only when the family is used as a key.</summary>
    Decrypt,
}

/// <summary>What one use does with a plaintext buffer.</summary>
internal enum PlaintextUseKind
{
    /// <summary>Read or lent to a method (the buffer stays owned here).</summary>
    Read,

    /// <summary>Given to a cryptographic API as its key (<c>new AesGcm(key)</c>, <c>aes.Key = key</c>).</summary>
    KeyInput,

    /// <summary>Zeroed: <c>CryptographicOperations.ZeroMemory</c>, <c>Array.Clear</c>, <c>Span.Clear</c>.</summary>
    Clear,

    /// <summary>Assigned to a local that stands for the same buffer.</summary>
    Alias,

    /// <summary>Stored in a field or property.</summary>
    Store,

    /// <summary>Handed on for good (returned, kept by a constructor, put in a collection): its fate is unknown here.</summary>
    Escape,
}

/// <summary>A plaintext stream and the copies made of it: one secret.</summary>
internal sealed class PlaintextFamily
{
    /// <summary>True when some buffer of the family is given to a cryptographic API as a key.</summary>
    public bool IsKey { get; set; }
}

/// <summary>One use of a plaintext buffer: <see cref="Site"/> is the outermost view of the memory (after AsSpan, GetBuffer...).</summary>
internal readonly struct PlaintextUse
{
    public PlaintextUse(PlaintextUseKind kind, IOperation site, bool captured)
    {
        Kind = kind;
        Site = site;
        Captured = captured;
    }

    public PlaintextUseKind Kind { get; }

    public IOperation Site { get; }

    /// <summary>True inside a lambda or local function, which may run after the method returns.</summary>
    public bool Captured { get; }
}

/// <summary>One buffer of plaintext key material in a method: a response's plaintext stream, or a copy of it.</summary>
internal sealed class PlaintextBuffer
{
    public PlaintextBuffer(IOperation source, PlaintextOrigin origin, PlaintextFamily family, bool ownedHere, bool isCopy, string name)
    {
        Name = name;
        Source = source;
        IsCopy = isCopy;
        Origin = origin;
        Family = family;
        OwnedHere = ownedHere;
    }

    /// <summary>
    /// The first <c>response.Plaintext</c> reference, the <c>ToArray()</c> call that made the copy, or the value of a
    /// local that a copy is written into (<c>new byte[32]</c> of <c>Buffer.BlockCopy(key, 0, aesKey, 0, 32)</c>).
    /// </summary>
    public IOperation Source { get; }

    public PlaintextOrigin Origin { get; }

    /// <summary>True for a copy (<c>ToArray()</c>, or a buffer a copy is written into), false for a response's own stream.</summary>
    public bool IsCopy { get; }

    public PlaintextFamily Family { get; }

    /// <summary>
    /// True when this method is responsible for zeroing it: a copy made here, or the stream of a response
    /// obtained here and not handed on.
    /// </summary>
    public bool OwnedHere { get; }

    /// <summary>The first local that holds it, if any.</summary>
    public ILocalSymbol? AliasLocal { get; set; }

    /// <summary>A name for messages: <c>response.Plaintext</c> for a stream, <c>response.Plaintext.ToArray()</c> for a copy.</summary>
    public string Name { get; }

    public List<PlaintextUse> Uses { get; } = new();

    /// <summary>True when it holds a key: always for data keys, for a Decrypt result only once it is used as one.</summary>
    public bool IsKeyMaterial => Origin != PlaintextOrigin.Decrypt || Family.IsKey;

    /// <summary>The name to show: the local that holds it, else <see cref="Name"/>.</summary>
    public string DisplayName => AliasLocal?.Name ?? Name;

    /// <summary>Where to report it: the local's declaration when it has one, else its source expression.</summary>
    public Location Location
    {
        get
        {
            if (AliasLocal is not null && Source.Parent?.Parent is IVariableDeclaratorOperation declarator &&
                SymbolEqualityComparer.Default.Equals(declarator.Symbol, AliasLocal) &&
                declarator.Syntax is VariableDeclaratorSyntax syntax)
            {
                return syntax.Identifier.GetLocation();
            }

            return Source.Syntax.GetLocation();
        }
    }
}
