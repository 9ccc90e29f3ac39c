using System.Reflection;
using Amazon.Runtime;

namespace KmsKit.Pkcs11.Validation;

/// <summary>Whether a string is one of the values the SDK defines for a KMS enum (its ConstantClass fields).</summary>
internal static class SdkEnum
{
    public static bool IsDefined<T>(string value)
        where T : ConstantClass =>
        typeof(T).GetField(value, BindingFlags.Public | BindingFlags.Static)?.FieldType == typeof(T);
}
