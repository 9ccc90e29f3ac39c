namespace KmsKit.Pkcs11.Store;

/// <summary>Where keys and aliases live: an account in a region. Ids are unique everywhere; alias names only here.</summary>
internal readonly record struct KeyScope(string AccountId, string Region)
{
    /// <summary>The ARN of key <paramref name="keyId"/> here (with an empty id: the prefix of every key ARN here).</summary>
    public string KeyArn(string keyId) => $"arn:aws:kms:{Region}:{AccountId}:key/{keyId}";

    public override string ToString() => $"{AccountId}/{Region}";
}
