namespace KmsKit.Generators.Model;

/// <summary>Everything the emitter needs for one [KmsEncrypted] type; no symbols or syntax, so it compares by value.</summary>
/// <param name="Namespace">The type's namespace as C# source (keywords escaped), or null for the global namespace.</param>
/// <param name="Declarations">The type and the types it is nested in, outermost first.</param>
/// <param name="TypeIdentity">The type identity bound into the encryption context (its full metadata name).</param>
/// <param name="KeyId">The fixed KMS key, or null for a named key.</param>
/// <param name="KeyName">The key name resolved at run time, or null for a fixed key.</param>
/// <param name="SchemaVersion">The schema version bound into the encryption context.</param>
/// <param name="Record">The marked type: its shape and data members.</param>
/// <param name="Objects">Every other type serialized member by member, reachable from the encrypted members.</param>
/// <param name="Shapes">Every shape with read/write helpers (nullables, collections, objects), the record's own included.</param>
/// <param name="HidesInherited">Whether a base type declares Encryptor or Encrypted (a marked base), so the generated ones are 'new'.</param>
/// <param name="Accessibility">The generated types' accessibility: public, or internal when a readable member's type is internal (the Encrypted form could not expose it publicly).</param>
/// <param name="HintName">The generated file's name.</param>
internal sealed record EncryptorModel(
    string? Namespace,
    EquatableArray<ContainingType> Declarations,
    string TypeIdentity,
    string? KeyId,
    string? KeyName,
    int SchemaVersion,
    ObjectModel Record,
    EquatableArray<ObjectModel> Objects,
    EquatableArray<ValueShape> Shapes,
    bool HidesInherited,
    string Accessibility,
    string HintName);
