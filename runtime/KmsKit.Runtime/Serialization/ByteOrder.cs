namespace KmsKit.Runtime.Serialization;

/// <summary>Orders byte strings lexicographically, as the format sorts context keys and data keys.</summary>
internal sealed class ByteOrder : IComparer<byte[]>
{
    public static ByteOrder Instance { get; } = new();

    public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
}
