namespace KmsKit.Pkcs11.Store;

/// <summary>Where keys and aliases live: an account in a region. Ids are unique everywhere; alias names only here.</summary>
internal readonly record struct KeyScope(string AccountId, string Region)
{
    public override string ToString() => $"{AccountId}/{Region}";
}
