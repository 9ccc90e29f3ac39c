namespace KmsKit.Runtime.Encryptors;

/// <summary>The member is serialized into the object's one envelope message and is absent from the encrypted form.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, Inherited = false)]
public sealed class EncryptAttribute : Attribute
{
}
