namespace KmsKit.Runtime;

/// <summary>When a stream decryption of a signed message may write plaintext to the output.</summary>
public enum PlaintextRelease
{
    /// <summary>
    /// Only after the footer signature is verified (the default). A seekable input is read twice in constant
    /// memory (authenticate, then decrypt); a non-seekable input is decrypted into memory first.
    /// </summary>
    AfterSignatureVerification,

    /// <summary>
    /// Frame by frame, each frame authenticated by AES-GCM, before the signature is checked: constant memory in
    /// one pass, but a failed signature surfaces as an exception after plaintext was written. The caller must then
    /// discard what was written.
    /// </summary>
    Streaming,
}
