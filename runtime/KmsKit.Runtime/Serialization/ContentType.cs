namespace KmsKit.Runtime.Serialization;

/// <summary>How the body of a message is laid out.</summary>
internal enum ContentType : byte
{
    /// <summary>One single block (legacy; read only).</summary>
    NonFramed = 0x01,

    /// <summary>Frames of a fixed length, then a final frame.</summary>
    Framed = 0x02,
}
