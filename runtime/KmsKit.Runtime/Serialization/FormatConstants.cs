namespace KmsKit.Runtime.Serialization;

/// <summary>Fixed sizes and strings of the message format.</summary>
internal static class FormatConstants
{
    public const int IvLength = 12;
    public const int TagLength = 16;
    public const int CommitmentKeyLength = 32;
    public const uint FinalFrameMarker = 0xFFFFFFFF;
    public const byte MessageTypeCustomerAead = 0x80;
    public const string PublicKeyContextKey = "aws-crypto-public-key";
    public const string ReservedContextPrefix = "aws-crypto-";

    /// <summary>AES-GCM encrypts at most 2^36 - 32 bytes under one IV.</summary>
    public const long MaxNonFramedContentLength = (1L << 36) - 32;

    public static ReadOnlySpan<byte> FrameAadString => "AWSKMSEncryptionClient Frame"u8;

    public static ReadOnlySpan<byte> FinalFrameAadString => "AWSKMSEncryptionClient Final Frame"u8;

    public static ReadOnlySpan<byte> SingleBlockAadString => "AWSKMSEncryptionClient Single Block"u8;

    public static ReadOnlySpan<byte> DeriveKeyLabel => "DERIVEKEY"u8;

    public static ReadOnlySpan<byte> CommitKeyLabel => "COMMITKEY"u8;

    public static int MessageIdLength(byte version) => version == 1 ? 16 : 32;
}
