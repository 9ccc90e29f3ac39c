using System;
using Net.Pkcs11Interop.Common;

namespace KmsKit.Pkcs11.Hsm;

/// <summary>A token object as the handle cache knows it: its CKA_ID (compared by value) and class.</summary>
internal readonly struct TokenObject(byte[] id, CKO objectClass) : IEquatable<TokenObject>
{
    public byte[] Id { get; } = id;

    public CKO Class { get; } = objectClass;

    public bool Equals(TokenObject other) => Class == other.Class && Id.AsSpan().SequenceEqual(other.Id);

    public override bool Equals(object? obj) => obj is TokenObject other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(Id);
        hash.Add(Class);
        return hash.ToHashCode();
    }
}
