namespace KmsKit.Generators.Model;

/// <summary>A field or property that is serialized, kept or bound.</summary>
/// <param name="Name">The member's name (also its JSON property name).</param>
/// <param name="DeclaredType">Its type as declared, nullable annotation included.</param>
/// <param name="Shape">How it is serialized.</param>
/// <param name="Role">What the encryptor does with it.</param>
/// <param name="ContextKey">The encryption context key of a <see cref="MemberRole.Context"/> member.</param>
/// <param name="ContextConversion">The EncryptionContextValue method that formats a context member ("Of" or "OfEnum").</param>
/// <param name="ConstructorParameter">Its position in the constructor that restores the object, or -1 when it is set by an initializer.</param>
/// <param name="Initialized">Whether the object initializer sets it: not a constructor parameter, or a required member (C# requires it there).</param>
internal sealed record DataMember(string Name, string DeclaredType, ValueShape Shape, MemberRole Role, string? ContextKey, string? ContextConversion, int ConstructorParameter, bool Initialized);
