using System;
using System.Collections.Generic;

namespace KmsKit.Pkcs11.Store;

/// <summary>
/// The engine's metadata: keys, their material generations, aliases and tags. Several engines in several
/// processes may share one store; every method is one transaction.
/// </summary>
internal interface IKeyStore : IDisposable
{
    KeyRecord? FindKey(string region, string keyId);

    /// <summary>Keys of a region ordered by id, starting after <paramref name="afterKeyId"/>; never <see cref="KeyStates.Creating"/> ones.</summary>
    IReadOnlyList<KeyRecord> ListKeys(string region, string? afterKeyId, int limit);

    /// <summary>Records a new key in state <see cref="KeyStates.Creating"/> with its first, not yet ready, material.</summary>
    void BeginCreateKey(KeyRecord key, KeyMaterialRecord material);

    /// <summary>Marks the key's first material ready and the key <paramref name="state"/>.</summary>
    void CompleteCreateKey(string keyId, string state);

    void UpdateKey(KeyRecord key);

    /// <summary>Removes a key with its materials, aliases and tags.</summary>
    void DeleteKey(string keyId);

    /// <summary>The materials of a key, oldest first: the ready ones, or all of them.</summary>
    IReadOnlyList<KeyMaterialRecord> ListMaterials(string keyId, bool includeUnfinished = false);

    void BeginAddMaterial(KeyMaterialRecord material);

    /// <summary>
    /// Makes a ready material current if the key still has <paramref name="expectedCurrentVersion"/>;
    /// false when another engine rotated first (the caller then discards its material).
    /// </summary>
    bool TryCompleteRotation(KeyMaterialRecord material, int expectedCurrentVersion, DateTimeOffset? nextRotationAt, bool onDemand);

    void DiscardMaterial(string keyId, int version);

    /// <summary>Materials never confirmed ready (a crash between the metadata and HSM writes).</summary>
    IReadOnlyList<KeyMaterialRecord> ListUnfinishedMaterials(DateTimeOffset createdBefore);

    IReadOnlyList<KeyRecord> ListKeysPendingDeletion(DateTimeOffset dueBy);

    AliasRecord? FindAlias(string region, string aliasName);

    bool TryCreateAlias(string region, AliasRecord alias);

    bool TryUpdateAlias(string region, string aliasName, string keyId, DateTimeOffset updatedAt);

    bool TryDeleteAlias(string region, string aliasName);

    IReadOnlyList<AliasRecord> ListAliases(string region, string? keyId, string? afterAliasName, int limit);

    /// <summary>Tags of a key ordered by key.</summary>
    IReadOnlyList<KeyValuePair<string, string>> ListTags(string keyId);

    /// <summary>Adds or replaces tags; false (and no change) when the key would have more than <paramref name="maxTags"/>.</summary>
    bool TryPutTags(string keyId, IReadOnlyList<KeyValuePair<string, string>> tags, int maxTags);

    void RemoveTags(string keyId, IReadOnlyList<string> tagKeys);
}
