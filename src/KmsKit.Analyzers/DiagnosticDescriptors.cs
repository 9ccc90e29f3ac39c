using Microsoft.CodeAnalysis;

namespace KmsKit.Analyzers;

/// <summary>
/// Every KmsKit diagnostic, as catalogued in the rule table (README, docs/rules). IDs, titles and default
/// severities are a contract: change them only with the catalogue.
/// </summary>
public static class DiagnosticDescriptors
{
    private const string HelpLinkBase = "https://github.com/kmskit/kmskit/blob/main/docs/rules/";

    internal const string LimitsCategory = "KmsKit.Limits";
    internal const string KeyHygieneCategory = "KmsKit.KeyHygiene";
    internal const string CostCategory = "KmsKit.Cost";
    internal const string PolicyCategory = "KmsKit.Policy";

    /// <summary>KMS001. Reported as an Error for a known size, as a Warning for an unbounded source.</summary>
    public static readonly DiagnosticDescriptor PlaintextExceedsEncryptLimit = Create(
        "KMS001",
        "Plaintext exceeds the KMS Encrypt limit",
        "{0}: KMS Encrypt accepts at most {1} bytes of plaintext; use envelope encryption (a data key from GenerateDataKey)",
        LimitsCategory,
        DiagnosticSeverity.Error,
        "KMS Encrypt takes at most 4096 bytes (SYMMETRIC_DEFAULT) and less with RSA OAEP. Larger or unbounded data must be encrypted locally under a data key (envelope encryption).");

    public static readonly DiagnosticDescriptor GenerateRandomSizeOutOfRange = Create(
        "KMS002",
        "GenerateRandom size out of range",
        "GenerateRandom NumberOfBytes is {0}; KMS accepts 1 to 1024",
        LimitsCategory,
        DiagnosticSeverity.Error,
        "KMS GenerateRandom returns between 1 and 1024 bytes; any other NumberOfBytes fails with a ValidationException at run time.");

    public static readonly DiagnosticDescriptor KeyDeletionWindowOutOfRange = Create(
        "KMS003",
        "Key deletion window out of range",
        "ScheduleKeyDeletion PendingWindowInDays is {0}; KMS accepts 7 to 30",
        LimitsCategory,
        DiagnosticSeverity.Error,
        "The waiting period before KMS deletes a key is 7 to 30 days; any other value fails with a ValidationException at run time.");

    public static readonly DiagnosticDescriptor DataKeySizeAmbiguous = Create(
        "KMS004",
        "Data key size is ambiguous",
        "{0}",
        LimitsCategory,
        DiagnosticSeverity.Error,
        "A data key request must set exactly one of KeySpec and NumberOfBytes, and NumberOfBytes must be 1 to 1024.");

    /// <summary>KMS005. Reported as an Error for a known size, as a Warning for an unbounded source.</summary>
    public static readonly DiagnosticDescriptor SignMessageMisuse = Create(
        "KMS005",
        "Sign/Verify message misuse",
        "{0}",
        LimitsCategory,
        DiagnosticSeverity.Error,
        "A RAW message is at most 4096 bytes; a DIGEST message must be exactly as long as the signing algorithm's hash (32, 48 or 64 bytes).");

    public static readonly DiagnosticDescriptor RotationPeriodOutOfRange = Create(
        "KMS006",
        "Rotation period out of range",
        "EnableKeyRotation RotationPeriodInDays is {0}; KMS accepts 90 to 2560",
        LimitsCategory,
        DiagnosticSeverity.Error,
        "Automatic key rotation periods are 90 to 2560 days; any other value fails with a ValidationException at run time.");

    public static readonly DiagnosticDescriptor WeakAsymmetricEncryption = Create(
        "KMS007",
        "Weak or missing asymmetric encryption algorithm",
        "{0} uses RSAES_OAEP_SHA_1; use RSAES_OAEP_SHA_256",
        LimitsCategory,
        DiagnosticSeverity.Warning,
        "OAEP with SHA-1 is deprecated for new designs; RSAES_OAEP_SHA_256 is supported by every RSA KMS key.");

    public static readonly DiagnosticDescriptor PlaintextDataKeyNotZeroed = Create(
        "KMS101",
        "Plaintext data key is not zeroed",
        "The plaintext data key '{0}' is not zeroed on every path; clear it in a finally block",
        KeyHygieneCategory,
        DiagnosticSeverity.Warning,
        "A plaintext data key left in memory can be read from a dump or swap. Zero it (CryptographicOperations.ZeroMemory) in a finally block as soon as it is no longer needed, and every copy of it.");

    public static readonly DiagnosticDescriptor PlaintextDataKeyLeaves = Create(
        "KMS102",
        "Plaintext data key leaves memory",
        "The plaintext data key '{0}' is {1}",
        KeyHygieneCategory,
        DiagnosticSeverity.Warning,
        "A plaintext data key must never be logged, turned into a string, kept in a field or property, or serialized: keep only the encrypted data key.");

    public static readonly DiagnosticDescriptor ConstantOrReusedNonce = Create(
        "KMS103",
        "Constant or reused nonce",
        "The nonce given to {0}.Encrypt is {1}; use a fresh random nonce for every encryption",
        KeyHygieneCategory,
        DiagnosticSeverity.Error,
        "Reusing a nonce under one key breaks AES-GCM, AES-CCM and ChaCha20-Poly1305 completely: fill a new nonce with RandomNumberGenerator.Fill for every message.");

    public static readonly DiagnosticDescriptor UnauthenticatedCipherForDataKey = Create(
        "KMS104",
        "Unauthenticated local cipher for a data key",
        "A KMS data key is used with AES in {0} mode, which does not authenticate; use AesGcm",
        KeyHygieneCategory,
        DiagnosticSeverity.Warning,
        "CBC, ECB and CFB do not detect tampering and invite padding-oracle attacks; encrypt with a data key using AES-GCM.");

    public static readonly DiagnosticDescriptor PlaintextDataKeyUnused = Create(
        "KMS105",
        "Plaintext data key requested but never used",
        "The plaintext data key of this {0} is never read; call GenerateDataKeyWithoutPlaintext",
        KeyHygieneCategory,
        DiagnosticSeverity.Info,
        "Asking KMS for a plaintext key that is never used exposes a secret for nothing; GenerateDataKeyWithoutPlaintext returns only the encrypted key.");

    public static readonly DiagnosticDescriptor ClientSideReEncryption = Create(
        "KMS106",
        "Client-side re-encryption",
        "The plaintext of Decrypt flows into Encrypt; use ReEncrypt so the plaintext never leaves KMS",
        KeyHygieneCategory,
        DiagnosticSeverity.Warning,
        "ReEncrypt changes the key or encryption context of a ciphertext inside KMS; decrypting and encrypting again exposes the plaintext to the client.");

    public static readonly DiagnosticDescriptor KmsCallPerItem = Create(
        "KMS201",
        "KMS call per item",
        "{0} is called once per item {1}; use one data key per batch, or a data key cache with limits",
        CostCategory,
        DiagnosticSeverity.Warning,
        "A KMS request per item throttles (KMS has per-second request quotas) and bills per request. Generate one data key for the batch, or cache data keys with a maximum age, message count and byte count.");

    public static readonly DiagnosticDescriptor KmsClientPerCall = Create(
        "KMS202",
        "KMS client created per call",
        "A new AmazonKeyManagementServiceClient is created in '{0}' on every call; share one client",
        CostCategory,
        DiagnosticSeverity.Warning,
        "Each client owns an HTTP connection pool and resolves credentials; creating one per call exhausts sockets and slows every request. Keep one static client or inject IAmazonKeyManagementService.");

    public static readonly DiagnosticDescriptor ConstantCiphertextDecryptedPerInvocation = Create(
        "KMS203",
        "Constant ciphertext decrypted on every invocation",
        "'{0}' decrypts a ciphertext read from configuration on every invocation; decrypt it once",
        CostCategory,
        DiagnosticSeverity.Info,
        "A ciphertext that comes from configuration does not change between requests: decrypt it once (a static Lazy<T> or the constructor) instead of on every Lambda invocation or controller request.");

    public static readonly DiagnosticDescriptor VerifyInLoop = Create(
        "KMS204",
        "Signature verified through KMS in a loop",
        "Verify is called through KMS once per item; fetch the public key once with GetPublicKey and verify locally",
        CostCategory,
        DiagnosticSeverity.Info,
        "Verifying through KMS costs a request per signature; the public key of an asymmetric KMS key can be fetched once and used by ECDsa or RSA locally.");

    public static readonly DiagnosticDescriptor SseKmsWithoutBucketKey = Create(
        "KMS205",
        "SSE-KMS without an S3 Bucket Key",
        "{0} uses SSE-KMS without BucketKeyEnabled = true; every object costs a KMS request",
        CostCategory,
        DiagnosticSeverity.Info,
        "An S3 Bucket Key lets S3 reuse a bucket-level data key and cuts KMS requests (and cost) by up to 99%.");

    public static readonly DiagnosticDescriptor PolicyLockoutSafetyCheckBypassed = Create(
        "KMS301",
        "Key policy lockout safety check bypassed",
        "BypassPolicyLockoutSafetyCheck = true can make the key unmanageable; remove it",
        PolicyCategory,
        DiagnosticSeverity.Warning,
        "The lockout safety check stops a key policy that would prevent the caller from changing the policy later. Bypassing it risks a key nobody can manage.");

    public static readonly DiagnosticDescriptor KeyPolicyRisk = Create(
        "KMS302",
        "Key policy risks lockout or is too broad",
        "{0}",
        PolicyCategory,
        DiagnosticSeverity.Warning,
        "A key policy should let the account root use kms:* (so IAM can manage the key) and should not grant access to every principal without a condition.");

    public static readonly DiagnosticDescriptor DecryptWithoutKeyId = Create(
        "KMS303",
        "Decrypt without KeyId",
        "Decrypt does not set KeyId; pin the key that is expected to have encrypted the data",
        PolicyCategory,
        DiagnosticSeverity.Info,
        "Without KeyId, KMS decrypts with whatever key the ciphertext names; setting KeyId makes a ciphertext under an unexpected key fail, as AWS recommends.");

    public static readonly DiagnosticDescriptor NoEncryptionContext = Create(
        "KMS304",
        "No encryption context",
        "{0} has no EncryptionContext; bind the ciphertext to what it protects",
        PolicyCategory,
        DiagnosticSeverity.Info,
        "An encryption context is authenticated additional data: it binds a ciphertext to its purpose, appears in CloudTrail, and can be required by key policies and grants.");

    public static readonly DiagnosticDescriptor CollectionUsedBeforeCreated = Create(
        "KMS305",
        "SDK v4 collection used before it is created",
        "'{0}' is null until it is assigned (AWS SDK v4); initialize it before calling {1}",
        PolicyCategory,
        DiagnosticSeverity.Warning,
        "In AWS SDK for .NET v4, request collections default to null, so Add throws a NullReferenceException unless the collection is created first.");

    public static readonly DiagnosticDescriptor GrantTokenNotUsed = Create(
        "KMS306",
        "New grant used without its grant token",
        "This call relies on the grant created above but does not pass its GrantToken; the grant may not be effective yet",
        PolicyCategory,
        DiagnosticSeverity.Info,
        "A new grant is eventually consistent; the grant token returned by CreateGrant makes it effective at once for the calls that pass it.");

    /// <summary>The documentation page of a rule.</summary>
    public static string HelpLink(string id) => HelpLinkBase + id + ".md";

    private static DiagnosticDescriptor Create(string id, string title, string messageFormat, string category, DiagnosticSeverity severity, string description) =>
        new(id, title, messageFormat, category, severity, isEnabledByDefault: true, description: description, helpLinkUri: HelpLink(id));
}
