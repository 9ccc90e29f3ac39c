using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace KmsKit.Generators;

/// <summary>Every KMSGEN diagnostic of the encryptor generator (docs/rules/KMSGENnnn.md each).</summary>
internal static class GeneratorDiagnostics
{
    private const string Category = "KmsKit.Generator";
    private const string HelpLinkBase = "https://github.com/kmskit/kmskit/blob/main/docs/rules/";

    public static readonly DiagnosticDescriptor NotPartial = Create(
        "KMSGEN001", "Encrypted type is not partial",
        "'{0}' must be partial: the generator adds its Encryptor and Encrypted types to it",
        "The generated encryptor is nested in the marked type (and in the types around it) so that it can read and restore private members.");

    public static readonly DiagnosticDescriptor NoKey = Create(
        "KMSGEN002", "Encrypted type has no KMS key",
        "[KmsEncrypted] on '{0}' needs exactly one KMS key: a key id, ARN or alias as its argument, or a KeyName resolved at run time",
        "Every encrypted type names the one KMS key its data keys are generated under: fixed in the attribute, or named and configured in EncryptorKeyOptions.Keys.");

    public static readonly DiagnosticDescriptor ContextMemberNotConvertible = Create(
        "KMSGEN003", "Encryption context member has no text form",
        "'{0}' is of type '{1}', which an encryption context cannot hold: use string, Guid, bool, an integer, an enum, DateTime or DateTimeOffset",
        "An encryption context is a map of strings; a context member must have one exact, culture-invariant text form.");

    public static readonly DiagnosticDescriptor MemberNotSerializable = Create(
        "KMSGEN004", "Member cannot be serialized",
        "'{0}' cannot be serialized: {1}",
        "Encrypted and signed members are serialized by generated code, without reflection: primitives, strings, byte arrays, enums, DateTime, DateTimeOffset, Guid, nullable values, arrays and lists, and classes, records and structs made of them.");

    public static readonly DiagnosticDescriptor DuplicateContextKey = Create(
        "KMSGEN005", "Two members claim one encryption context key",
        "'{0}' claims the encryption context key '{1}', which '{2}' already claims",
        "Each encryption context key holds one value; two members under one key would overwrite each other.");

    public static readonly DiagnosticDescriptor InaccessibleType = Create(
        "KMSGEN006", "Encrypted type is not accessible",
        "'{0}' is {1}: an encrypted type and the types around it must be public or internal",
        "The generated dependency-injection registration names each encryptor from outside the type; a private, protected or file-local type cannot be named there.");

    public static readonly DiagnosticDescriptor ConflictingRoles = Create(
        "KMSGEN007", "Member has more than one role",
        "'{0}' is marked both {1} and {2}: a member is encrypted, signed only, or an encryption context member",
        "Each member gets one treatment; an encrypted member cannot also stay readable, and a context member is already bound.");

    public static readonly DiagnosticDescriptor NothingEncrypted = Create(
        "KMSGEN008", "Encrypted type has no [Encrypt] member",
        "'{0}' has no [Encrypt] member: its encrypted form would hold no secret",
        "Mark the members to seal with [Encrypt]; a type with nothing to encrypt needs no encryptor.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor ReservedContextKey = Create(
        "KMSGEN009", "Encryption context key is empty or reserved",
        "The encryption context key '{0}' is empty or reserved: keys starting with 'aws-crypto-' (Encryption SDK) or 'kmskit:' (the generator) are not allowed",
        "The AWS Encryption SDK reserves the 'aws-crypto-' prefix and the generator writes 'kmskit:type', 'kmskit:schema' and 'kmskit:signed'.");

    public static readonly DiagnosticDescriptor InvalidSchemaVersion = Create(
        "KMSGEN010", "Schema version is not positive",
        "SchemaVersion is {0}; it must be 1 or more",
        "The schema version is bound into every message; versions start at 1 and grow when the encrypted layout changes.");

    public static readonly DiagnosticDescriptor NotBoundToRecord = Create(
        "KMSGEN011", "Ciphertext is not bound to its record",
        "'{0}' has no [SignOnly] or [EncryptionContext] member: the ciphertexts of two records of this type can be swapped undetected",
        "Bind the record's identity (its id, its tenant) with [SignOnly] or [EncryptionContext], so that a ciphertext decrypts only with the record it was made for.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor GenericType = Create(
        "KMSGEN012", "Encrypted type is generic",
        "'{0}' is generic: an encrypted type has one identity and one layout, so it cannot have type parameters",
        "The type identity bound into the encryption context names one closed type; make a non-generic type per record.");

    public static readonly DiagnosticDescriptor ReservedName = Create(
        "KMSGEN013", "Name is taken by the generated code",
        "'{0}' uses the name '{1}', which the generated code declares in the encrypted type",
        "The generator declares the nested types Encryptor and Encrypted, and the encrypted form's Ciphertext property.");

    public static readonly DiagnosticDescriptor MemberNotRestorable = Create(
        "KMSGEN014", "Member cannot be restored",
        "'{0}' cannot be restored on decryption: {1}",
        "Decryption rebuilds the object: each marked member needs a setter or init accessor, a non-readonly field, or a constructor parameter of the same name.");

    public static readonly DiagnosticDescriptor RuntimeNotReferenced = Create(
        "KMSGEN015", "KmsKit.Runtime is not referenced",
        "[KmsEncrypted] on '{0}' needs the KmsKit.Runtime package, which holds the attributes and the encryptors' base: add it with 'dotnet add package KmsKit.Runtime'",
        "The KmsKit.Analyzers package holds the generator only; the [KmsEncrypted], [Encrypt], [SignOnly] and [EncryptionContext] attributes and the code the generated encryptors call are in KmsKit.Runtime.");

    public static readonly IReadOnlyDictionary<string, DiagnosticDescriptor> ById = new[]
    {
        NotPartial, NoKey, ContextMemberNotConvertible, MemberNotSerializable, DuplicateContextKey, InaccessibleType, ConflictingRoles,
        NothingEncrypted, ReservedContextKey, InvalidSchemaVersion, NotBoundToRecord, GenericType, ReservedName, MemberNotRestorable,
        RuntimeNotReferenced,
    }.ToDictionary(d => d.Id);

    private static DiagnosticDescriptor Create(string id, string title, string message, string description, DiagnosticSeverity severity = DiagnosticSeverity.Error) =>
        new(id, title, message, Category, severity, isEnabledByDefault: true, description, HelpLinkBase + id + ".md");
}
