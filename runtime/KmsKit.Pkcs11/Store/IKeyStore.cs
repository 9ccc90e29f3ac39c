using System;
using System.Collections.Generic;

namespace KmsKit.Pkcs11.Store;

/// <summary>
/// The engine's metadata: keys, their material generations, aliases and tags. Several engines in several
/// processes may share one store; every method is one transaction.
/// </summary>
internal interface IKeyStore : IDisposable
{
    KeyRecord? FindKey(KeyScope scope, string keyId);

    /// <summary>A key of any account in the region: a ciphertext names its key by id alone.</summary>
    KeyRecord? FindKeyInRegion(string region, string keyId);

    /// <summary>Whether the key exists only as an unfinished creation (<see cref="KeyStates.Creating"/>).</summary>
    bool IsBeingCreated(string keyId);

    /// <summary>Keys of an account in a region ordered by id, starting after <paramref name="afterKeyId"/>; never <see cref="KeyStates.Creating"/> ones.</summary>
    IReadOnlyList<KeyRecord> ListKeys(KeyScope scope, string? afterKeyId, int limit);

    /// <summary>Records a key that has no material yet (an EXTERNAL key pending import).</summary>
    void CreateKey(KeyRecord key);

    /// <summary>Records a new key in state <see cref="KeyStates.Creating"/> with its first, not yet ready, material.</summary>
    void BeginCreateKey(KeyRecord key, KeyMaterialRecord material);

    /// <summary>Marks the key's first material ready and the key <paramref name="state"/>.</summary>
    void CompleteCreateKey(string keyId, string state);

    void UpdateKey(KeyRecord key);

    /// <summary>Replaces the key policy (null: AWS's default key policy).</summary>
    void PutKeyPolicy(string keyId, string? policy);

    /// <summary>Removes a key with its materials, aliases, tags and grants.</summary>
    void DeleteKey(string keyId);

    /// <summary>The materials of a key, oldest first: the ready ones, or all of them.</summary>
    IReadOnlyList<KeyMaterialRecord> ListMaterials(string keyId, bool includeUnfinished = false);

    void BeginAddMaterial(KeyMaterialRecord material);

    /// <summary>As <see cref="BeginAddMaterial"/>; false (and no change) when the key already has a row of that version.</summary>
    bool TryBeginAddMaterial(KeyMaterialRecord material);

    /// <summary>
    /// Makes a ready material current if its row is still the unfinished one this engine wrote and the key still has
    /// <paramref name="expectedCurrentVersion"/>; false when another engine rotated first or rolled the row back as
    /// abandoned (the caller then discards its material).
    /// </summary>
    bool TryCompleteRotation(KeyMaterialRecord material, int expectedCurrentVersion, DateTimeOffset? nextRotationAt, bool onDemand);

    /// <summary>Removes the unfinished row of this material; a ready row, or another material's row of that version, stays.</summary>
    void DiscardMaterial(KeyMaterialRecord material);

    /// <summary>Marks an imported material ready and current, and the key enabled with its expiration.</summary>
    void CompleteImport(KeyMaterialRecord material, string expirationModel, DateTimeOffset? validTo);

    /// <summary>
    /// Marks every material of the key unfinished and stores <paramref name="key"/> (pending import, no current
    /// version), before the HSM objects are destroyed and the rows discarded.
    /// </summary>
    void BeginRemoveMaterials(KeyRecord key);

    void AddImport(ImportRecord import);

    ImportRecord? FindImport(string importToken);

    /// <summary>Every id of a token object the metadata names, as hex: all key materials (finished or not) and import wrapping keys.</summary>
    IReadOnlySet<string> ListTokenObjectIds();

    /// <summary>The id of every key, of any account and region, unfinished creations included.</summary>
    IReadOnlySet<string> ListKeyIds();

    IReadOnlyList<ImportRecord> ListImportsValidBefore(DateTimeOffset validTo);

    void DeleteImport(string importToken);

    /// <summary>Materials never confirmed ready (a crash between the metadata and HSM writes) whose write began before <paramref name="begunBefore"/>.</summary>
    IReadOnlyList<KeyMaterialRecord> ListUnfinishedMaterials(DateTimeOffset begunBefore);

    IReadOnlyList<KeyRecord> ListKeysPendingDeletion(DateTimeOffset dueBy);

    /// <summary>Records a key's last usage unless a later one is recorded already.</summary>
    void RecordUsage(KeyUsageRecord usage);

    KeyUsageRecord? FindUsage(string keyId);

    AliasRecord? FindAlias(KeyScope scope, string aliasName);

    bool TryCreateAlias(KeyScope scope, AliasRecord alias);

    bool TryUpdateAlias(KeyScope scope, string aliasName, string keyId, DateTimeOffset updatedAt);

    bool TryDeleteAlias(KeyScope scope, string aliasName);

    IReadOnlyList<AliasRecord> ListAliases(KeyScope scope, string? keyId, string? afterAliasName, int limit);

    /// <summary>Tags of a key ordered by key.</summary>
    IReadOnlyList<KeyValuePair<string, string>> ListTags(string keyId);

    /// <summary>Adds or replaces tags; false (and no change) when the key would have more than <paramref name="maxTags"/>.</summary>
    bool TryPutTags(string keyId, IReadOnlyList<KeyValuePair<string, string>> tags, int maxTags);

    void RemoveTags(string keyId, IReadOnlyList<string> tagKeys);

    /// <summary>
    /// Records <paramref name="grant"/>, unless a grant of its key with its Name and the same grantee, retiring principal,
    /// operations and constraints exists (a retry: <paramref name="stored"/> is that grant), or the key has
    /// <paramref name="maxGrantsPerKey"/> grants already (nothing recorded).
    /// </summary>
    GrantAddition AddGrant(GrantRecord grant, int maxGrantsPerKey, out GrantRecord stored);

    GrantRecord? FindGrant(string keyId, string grantId);

    /// <summary>Grants of a key in creation order after <paramref name="afterSequence"/>; only one grant id or one grantee when given.</summary>
    IReadOnlyList<GrantRecord> ListGrants(string keyId, string? grantId, string? granteePrincipal, long afterSequence, int limit);

    /// <summary>
    /// The grants of a key whose grantee may name a caller: the caller's ARN, or any principal of
    /// <paramref name="callerAccount"/>. Answered from the record cache while no engine has written.
    /// </summary>
    IReadOnlyList<GrantRecord> ListGrantsForGrantee(string keyId, string callerArn, string? callerAccount);

    /// <summary>Grants of keys of any account in <paramref name="region"/> whose retiring principal is <paramref name="retiringPrincipal"/>.</summary>
    IReadOnlyList<GrantRecord> ListRetirableGrants(string region, string retiringPrincipal, long afterSequence, int limit);

    /// <summary>Removes a grant of a key; false when the key has no such grant.</summary>
    bool DeleteGrant(string keyId, string grantId);
}
