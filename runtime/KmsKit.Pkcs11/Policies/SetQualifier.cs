namespace KmsKit.Pkcs11.Policies;

/// <summary>The ForAnyValue: / ForAllValues: prefix of a condition operator for multivalued keys.</summary>
internal enum SetQualifier
{
    None,
    ForAnyValue,
    ForAllValues,
}
