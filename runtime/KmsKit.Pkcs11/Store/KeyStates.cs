namespace KmsKit.Pkcs11.Store;

/// <summary>Key states as KMS names them, plus the engine's own transient state.</summary>
internal static class KeyStates
{
    /// <summary>Metadata written, HSM material not yet confirmed: invisible to every operation.</summary>
    public const string Creating = "Creating";
    public const string Enabled = "Enabled";
    public const string Disabled = "Disabled";
    public const string PendingDeletion = "PendingDeletion";
    public const string PendingImport = "PendingImport";
}
