namespace KmsKit.Pkcs11.Policies;

/// <summary>
/// How a statement's Principal names the caller: itself (or <c>*</c>), or only its account, which in a key policy
/// delegates to the account's IAM policies.
/// </summary>
internal enum PrincipalMatch
{
    None,
    Account,
    Direct,
}
