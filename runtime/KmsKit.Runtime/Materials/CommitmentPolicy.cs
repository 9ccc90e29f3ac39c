namespace KmsKit.Runtime.Materials;

/// <summary>Which algorithm suites a client writes and reads. KmsKit always writes committing suites.</summary>
public enum CommitmentPolicy
{
    /// <summary>Write and read only key-committing suites (0x0478, 0x0578): the default.</summary>
    RequireEncryptRequireDecrypt,

    /// <summary>Write committing suites, and also read the nine legacy suites (an explicit opt-in for old messages).</summary>
    RequireEncryptAllowDecrypt,
}
