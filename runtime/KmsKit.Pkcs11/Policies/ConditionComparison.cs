namespace KmsKit.Pkcs11.Policies;

/// <summary>How a condition operator compares a request value with a policy value.</summary>
internal enum ConditionComparison
{
    Equals,
    EqualsIgnoreCase,
    Like,
    LessThan,
    LessThanEquals,
    GreaterThan,
    GreaterThanEquals,
}
