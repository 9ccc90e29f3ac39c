namespace KmsKit.Pkcs11.Engine;

/// <summary>Which key states an operation accepts (the KMS developer guide's key state table).</summary>
internal enum KeyStateRule
{
    Any,
    EnabledOnly,
    EnabledOrDisabled,
    PendingDeletionOnly,
}
