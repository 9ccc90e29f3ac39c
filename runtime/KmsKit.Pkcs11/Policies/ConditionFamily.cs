namespace KmsKit.Pkcs11.Policies;

/// <summary>The kind of value a condition operator compares.</summary>
internal enum ConditionFamily
{
    String,
    Arn,
    Numeric,
    Date,
    Bool,
    Null,
    IpAddress,
}
