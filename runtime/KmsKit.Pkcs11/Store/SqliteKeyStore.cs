using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.Data.Sqlite;

namespace KmsKit.Pkcs11.Store;

/// <summary>
/// <see cref="IKeyStore"/> in one SQLite file (WAL mode), safe for several processes: writes take the
/// database lock at BEGIN (IMMEDIATE) and busy connections wait for it. Key and alias lookups, on the path of
/// every cryptographic operation, are answered from a <see cref="StoreRecordCache"/> while no engine has written.
/// </summary>
internal sealed partial class SqliteKeyStore : IKeyStore
{
    private const string KeyColumns = """
        key_id, account_id, region, description, key_spec, key_usage, origin, state, created_at, deletion_date,
        pending_window_days, rotation_enabled, rotation_period_days, next_rotation_at, current_version, on_demand_rotations,
        expiration_model, valid_to, policy
        """;

    private const string MaterialColumns = "key_id, version, material_id, created_at, rotation_type, ready, began_at";

    private const string KeyValues =
        "($id, $account, $region, $description, $spec, $usage, $origin, $state, $created, $deletion, $window, $rotation, $period, $next, $version, $onDemand, $expiration, $validTo, $policy)";

    // Every mutable column but current_version, which only rotation and import move (with their own checks), and
    // the policy, which only PutKeyPolicy changes (a stale record must not put an old policy back).
    private const string UpdateKeySql = """
        UPDATE keys SET description = $description, state = $state, deletion_date = $deletion, pending_window_days = $window,
            rotation_enabled = $rotation, rotation_period_days = $period, next_rotation_at = $next,
            expiration_model = $expiration, valid_to = $validTo
        WHERE key_id = $id
        """;

    private readonly string _connectionString;
    private readonly StoreChangeCounter _changes;
    private readonly StoreRecordCache _cache;

    /// <param name="path">The SQLite file, created if missing.</param>
    /// <param name="legacyAccountId">The account that keys and aliases of a version 1 store (which had none) are given.</param>
    public SqliteKeyStore(string path, string legacyAccountId)
    {
        OwnerOnly.OpenOrCreate(path, FileAccess.ReadWrite, FileShare.ReadWrite).Dispose();
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        using var connection = Open();
        Execute(connection, null, "PRAGMA journal_mode=WAL;");
        using var transaction = connection.BeginTransaction();
        using (var version = Command(connection, transaction, "PRAGMA user_version;"))
        {
            if (Convert.ToInt64(version.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 1)
            {
                Execute(connection, transaction, SqliteSchema.MigrateFromVersion1, ("$account", legacyAccountId));
            }
        }

        Execute(connection, transaction, SqliteSchema.Create);
        Execute(connection, transaction, SqliteSchema.CreateGrants);
        using (var beganAt = Command(connection, transaction, "SELECT COUNT(*) FROM pragma_table_info('key_materials') WHERE name = 'began_at';"))
        {
            // A table made before version 3 (CREATE TABLE IF NOT EXISTS left it as it was).
            if (Convert.ToInt64(beganAt.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                Execute(connection, transaction, SqliteSchema.AddBeganAt);
            }
        }

        Execute(connection, transaction, $"PRAGMA user_version = {SqliteSchema.Version};");
        transaction.Commit();
        _changes = new StoreChangeCounter(path + "-changes");
        _cache = new StoreRecordCache(_changes);
    }

    public KeyRecord? FindKey(KeyScope scope, string keyId) =>
        _cache.GetOrRead(scope, keyId, (Store: this, Scope: scope, KeyId: keyId), static request => request.Store.QueryKeys(
            $"SELECT {KeyColumns} FROM keys WHERE key_id = $id AND account_id = $account AND region = $region AND state <> 'Creating'",
            ("$id", request.KeyId), ("$account", request.Scope.AccountId), ("$region", request.Scope.Region)).FirstOrDefault());

    public KeyRecord? FindKeyInRegion(string region, string keyId) =>
        _cache.GetOrRead(new KeyScope(string.Empty, region), keyId, (Store: this, Region: region, KeyId: keyId), static request => request.Store.QueryKeys(
            $"SELECT {KeyColumns} FROM keys WHERE key_id = $id AND region = $region AND state <> 'Creating'",
            ("$id", request.KeyId), ("$region", request.Region)).FirstOrDefault());

    public bool IsBeingCreated(string keyId) =>
        Query("SELECT 1 FROM keys WHERE key_id = $id AND state = 'Creating'", reader => true, ("$id", keyId)).Count > 0;

    public IReadOnlyList<KeyRecord> ListKeys(KeyScope scope, string? afterKeyId, int limit) =>
        QueryKeys($"SELECT {KeyColumns} FROM keys WHERE account_id = $account AND region = $region AND key_id > $after AND state <> 'Creating' ORDER BY key_id LIMIT $limit",
            ("$account", scope.AccountId), ("$region", scope.Region), ("$after", afterKeyId ?? string.Empty), ("$limit", limit));

    public IReadOnlyList<KeyRecord> ListKeysPendingDeletion(DateTimeOffset dueBy) =>
        QueryKeys($"SELECT {KeyColumns} FROM keys WHERE state = 'PendingDeletion' AND deletion_date <= $due",
            ("$due", dueBy.ToUnixTimeMilliseconds()));

    public void BeginCreateKey(KeyRecord key, KeyMaterialRecord material) =>
        InTransaction((connection, transaction) =>
        {
            Execute(connection, transaction, $"INSERT INTO keys ({KeyColumns}) VALUES {KeyValues}", KeyParameters(key));
            InsertMaterial(connection, transaction, material);
        });

    public void CreateKey(KeyRecord key) =>
        InTransaction((connection, transaction) =>
            Execute(connection, transaction, $"INSERT INTO keys ({KeyColumns}) VALUES {KeyValues}", KeyParameters(key)));

    public void CompleteCreateKey(string keyId, string state) =>
        InTransaction((connection, transaction) =>
        {
            Execute(connection, transaction, "UPDATE key_materials SET ready = 1 WHERE key_id = $id", ("$id", keyId));
            Execute(connection, transaction, "UPDATE keys SET state = $state WHERE key_id = $id", ("$id", keyId), ("$state", state));
        });

    public void UpdateKey(KeyRecord key) =>
        InTransaction((connection, transaction) => Execute(connection, transaction, UpdateKeySql, KeyParameters(key)));

    public void PutKeyPolicy(string keyId, string? policy) =>
        InTransaction((connection, transaction) =>
            Execute(connection, transaction, "UPDATE keys SET policy = $policy WHERE key_id = $id", ("$id", keyId), ("$policy", policy)));

    public void DeleteKey(string keyId) =>
        InTransaction((connection, transaction) =>
        {
            foreach (var table in new[] { "keys", "key_materials", "aliases", "tags", "key_usage", "imports", "grants" })
            {
                Execute(connection, transaction, $"DELETE FROM {table} WHERE key_id = $id", ("$id", keyId));
            }
        });

    public IReadOnlyList<KeyMaterialRecord> ListMaterials(string keyId, bool includeUnfinished = false) =>
        QueryMaterials($"SELECT {MaterialColumns} FROM key_materials WHERE key_id = $id AND ready >= $ready ORDER BY version",
            ("$id", keyId), ("$ready", includeUnfinished ? 0 : 1));

    public IReadOnlyList<KeyMaterialRecord> ListUnfinishedMaterials(DateTimeOffset begunBefore) =>
        QueryMaterials($"SELECT {MaterialColumns} FROM key_materials WHERE ready = 0 AND COALESCE(began_at, created_at) < $before",
            ("$before", begunBefore.ToUnixTimeMilliseconds()));

    public void BeginAddMaterial(KeyMaterialRecord material) =>
        InTransaction((connection, transaction) => InsertMaterial(connection, transaction, material));

    public bool TryBeginAddMaterial(KeyMaterialRecord material)
    {
        var added = false;
        InTransaction((connection, transaction) => added = InsertMaterial(connection, transaction, material, "ON CONFLICT DO NOTHING") == 1);
        return added;
    }

    public bool TryCompleteRotation(KeyMaterialRecord material, int expectedCurrentVersion, DateTimeOffset? nextRotationAt, bool onDemand)
    {
        var done = false;
        InTransaction((connection, transaction) =>
        {
            // The row must still be this rotation's: another engine may have rolled it back as abandoned and begun its own.
            using (var stillOurs = Command(connection, transaction,
                "SELECT COUNT(*) FROM key_materials WHERE key_id = $id AND version = $version AND material_id = $material AND ready = 0",
                ("$id", material.KeyId), ("$version", material.Version), ("$material", material.MaterialId)))
            {
                if (Convert.ToInt64(stillOurs.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) != 1)
                {
                    return;
                }
            }

            var updated = Execute(connection, transaction, """
                UPDATE keys SET current_version = $version,
                    next_rotation_at = COALESCE($next, next_rotation_at),
                    on_demand_rotations = on_demand_rotations + $onDemand
                WHERE key_id = $id AND current_version = $expected
                """,
                ("$id", material.KeyId), ("$version", material.Version), ("$expected", expectedCurrentVersion),
                ("$next", nextRotationAt?.ToUnixTimeMilliseconds()), ("$onDemand", onDemand ? 1 : 0));
            if (updated == 1)
            {
                Execute(connection, transaction, "UPDATE key_materials SET ready = 1 WHERE key_id = $id AND version = $version",
                    ("$id", material.KeyId), ("$version", material.Version));
                done = true;
            }
        });
        return done;
    }

    public void DiscardMaterial(KeyMaterialRecord material) =>
        InTransaction((connection, transaction) => Execute(connection, transaction,
            "DELETE FROM key_materials WHERE key_id = $id AND version = $version AND material_id = $material AND ready = 0",
            ("$id", material.KeyId), ("$version", material.Version), ("$material", material.MaterialId)));

    public void CompleteImport(KeyMaterialRecord material, string expirationModel, DateTimeOffset? validTo) =>
        InTransaction((connection, transaction) =>
        {
            Execute(connection, transaction, "UPDATE key_materials SET ready = 1 WHERE key_id = $id AND version = $version",
                ("$id", material.KeyId), ("$version", material.Version));
            Execute(connection, transaction, """
                UPDATE keys SET state = 'Enabled', current_version = $version, expiration_model = $expiration, valid_to = $validTo
                WHERE key_id = $id
                """,
                ("$id", material.KeyId), ("$version", material.Version), ("$expiration", expirationModel), ("$validTo", validTo?.ToUnixTimeMilliseconds()));
        });

    public void BeginRemoveMaterials(KeyRecord key) =>
        InTransaction((connection, transaction) =>
        {
            Execute(connection, transaction, "UPDATE key_materials SET ready = 0 WHERE key_id = $id", ("$id", key.KeyId));
            Execute(connection, transaction, "UPDATE keys SET current_version = $version WHERE key_id = $id", ("$id", key.KeyId), ("$version", key.CurrentVersion));
            Execute(connection, transaction, UpdateKeySql, KeyParameters(key));
        });

    public void AddImport(ImportRecord import) =>
        InTransaction((connection, transaction) => Execute(connection, transaction, """
            INSERT INTO imports (import_token, key_id, wrapping_material_id, wrapping_algorithm, wrapping_key_spec, valid_to)
            VALUES ($token, $key, $material, $algorithm, $spec, $validTo)
            """,
            ("$token", import.ImportToken), ("$key", import.KeyId), ("$material", import.WrappingMaterialId),
            ("$algorithm", import.WrappingAlgorithm), ("$spec", import.WrappingKeySpec), ("$validTo", import.ValidTo.ToUnixTimeMilliseconds())));

    public ImportRecord? FindImport(string importToken) =>
        QueryImports("WHERE import_token = $token", ("$token", importToken)).FirstOrDefault();

    // One statement: one snapshot of both tables.
    public IReadOnlySet<string> ListTokenObjectIds() =>
        Query("SELECT material_id FROM key_materials UNION SELECT wrapping_material_id FROM imports", reader => reader.GetString(0))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

    public IReadOnlySet<string> ListKeyIds() =>
        Query("SELECT key_id FROM keys", reader => reader.GetString(0)).ToHashSet(StringComparer.Ordinal);

    public IReadOnlyList<ImportRecord> ListImportsValidBefore(DateTimeOffset validTo) =>
        QueryImports("WHERE valid_to < $validTo", ("$validTo", validTo.ToUnixTimeMilliseconds()));

    public void DeleteImport(string importToken) =>
        InTransaction((connection, transaction) =>
            Execute(connection, transaction, "DELETE FROM imports WHERE import_token = $token", ("$token", importToken)));

    // Usage is not cached: its writes leave the change counter alone.
    public void RecordUsage(KeyUsageRecord usage) =>
        InTransaction(changesRecords: false, (connection, transaction) => Execute(connection, transaction, """
            INSERT INTO key_usage (key_id, operation, used_at, request_id) VALUES ($id, $operation, $usedAt, $request)
            ON CONFLICT (key_id) DO UPDATE SET operation = $operation, used_at = $usedAt, request_id = $request WHERE used_at < $usedAt
            """,
            ("$id", usage.KeyId), ("$operation", usage.Operation), ("$usedAt", usage.UsedAt.ToUnixTimeMilliseconds()), ("$request", usage.RequestId)));

    public KeyUsageRecord? FindUsage(string keyId) =>
        Query("SELECT key_id, operation, used_at, request_id FROM key_usage WHERE key_id = $id",
            reader => new KeyUsageRecord(reader.GetString(0), reader.GetString(1), Time(reader.GetInt64(2)), reader.GetString(3)), ("$id", keyId))
            .FirstOrDefault();

    public AliasRecord? FindAlias(KeyScope scope, string aliasName) =>
        _cache.GetOrRead(scope, aliasName, (Store: this, Scope: scope, Name: aliasName), static request => request.Store.QueryAliases(
            "SELECT alias_name, key_id, created_at, updated_at FROM aliases WHERE account_id = $account AND region = $region AND alias_name = $name",
            ("$account", request.Scope.AccountId), ("$region", request.Scope.Region), ("$name", request.Name)).FirstOrDefault());

    public bool TryCreateAlias(KeyScope scope, AliasRecord alias)
    {
        var created = false;
        InTransaction((connection, transaction) => created = Execute(connection, transaction, """
            INSERT INTO aliases (account_id, region, alias_name, key_id, created_at, updated_at) VALUES ($account, $region, $name, $key, $created, $updated)
            ON CONFLICT DO NOTHING
            """,
            ("$account", scope.AccountId), ("$region", scope.Region), ("$name", alias.AliasName), ("$key", alias.KeyId),
            ("$created", alias.CreatedAt.ToUnixTimeMilliseconds()), ("$updated", alias.UpdatedAt.ToUnixTimeMilliseconds())) == 1);
        return created;
    }

    public bool TryUpdateAlias(KeyScope scope, string aliasName, string keyId, DateTimeOffset updatedAt)
    {
        var updated = false;
        InTransaction((connection, transaction) => updated = Execute(connection, transaction,
            "UPDATE aliases SET key_id = $key, updated_at = $updated WHERE account_id = $account AND region = $region AND alias_name = $name",
            ("$account", scope.AccountId), ("$region", scope.Region), ("$name", aliasName), ("$key", keyId), ("$updated", updatedAt.ToUnixTimeMilliseconds())) == 1);
        return updated;
    }

    public bool TryDeleteAlias(KeyScope scope, string aliasName)
    {
        var deleted = false;
        InTransaction((connection, transaction) => deleted = Execute(connection, transaction,
            "DELETE FROM aliases WHERE account_id = $account AND region = $region AND alias_name = $name",
            ("$account", scope.AccountId), ("$region", scope.Region), ("$name", aliasName)) == 1);
        return deleted;
    }

    public IReadOnlyList<AliasRecord> ListAliases(KeyScope scope, string? keyId, string? afterAliasName, int limit) =>
        QueryAliases("""
            SELECT alias_name, key_id, created_at, updated_at FROM aliases
            WHERE account_id = $account AND region = $region AND ($key IS NULL OR key_id = $key) AND alias_name > $after
            ORDER BY alias_name LIMIT $limit
            """,
            ("$account", scope.AccountId), ("$region", scope.Region), ("$key", keyId), ("$after", afterAliasName ?? string.Empty), ("$limit", limit));

    public IReadOnlyList<KeyValuePair<string, string>> ListTags(string keyId) =>
        Query("SELECT tag_key, tag_value FROM tags WHERE key_id = $id ORDER BY tag_key",
            reader => new KeyValuePair<string, string>(reader.GetString(0), reader.GetString(1)), ("$id", keyId));

    public bool TryPutTags(string keyId, IReadOnlyList<KeyValuePair<string, string>> tags, int maxTags)
    {
        var within = false;
        InTransaction((connection, transaction) =>
        {
            var existing = new HashSet<string>(StringComparer.Ordinal);
            using (var command = Command(connection, transaction, "SELECT tag_key FROM tags WHERE key_id = $id", ("$id", keyId)))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    existing.Add(reader.GetString(0));
                }
            }

            within = existing.Union(tags.Select(t => t.Key)).Count() <= maxTags;
            if (!within)
            {
                return;
            }

            foreach (var tag in tags)
            {
                Execute(connection, transaction, "INSERT INTO tags (key_id, tag_key, tag_value) VALUES ($id, $key, $value) ON CONFLICT (key_id, tag_key) DO UPDATE SET tag_value = $value",
                    ("$id", keyId), ("$key", tag.Key), ("$value", tag.Value));
            }
        });
        return within;
    }

    public void RemoveTags(string keyId, IReadOnlyList<string> tagKeys) =>
        InTransaction((connection, transaction) =>
        {
            foreach (var tagKey in tagKeys)
            {
                Execute(connection, transaction, "DELETE FROM tags WHERE key_id = $id AND tag_key = $key", ("$id", keyId), ("$key", tagKey));
            }
        });

    public void Dispose()
    {
        _changes.Dispose();
        // Pooled connections keep the file open; release them so the folder can be removed.
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private void InTransaction(Action<SqliteConnection, SqliteTransaction> work) => InTransaction(changesRecords: true, work);

    private void InTransaction(bool changesRecords, Action<SqliteConnection, SqliteTransaction> work)
    {
        using (var connection = Open())
        using (var transaction = connection.BeginTransaction(deferred: false))
        {
            work(connection, transaction);
            transaction.Commit();
        }

        if (changesRecords)
        {
            _changes.Increment();
        }
    }

    private static int InsertMaterial(SqliteConnection connection, SqliteTransaction transaction, KeyMaterialRecord material, string onConflict = "") =>
        Execute(connection, transaction, $"""
            INSERT INTO key_materials ({MaterialColumns}) VALUES ($id, $version, $material, $created, $type, $ready, $began)
            {onConflict}
            """,
            ("$id", material.KeyId), ("$version", material.Version), ("$material", material.MaterialId),
            ("$created", material.CreatedAt.ToUnixTimeMilliseconds()), ("$type", material.RotationType), ("$ready", material.Ready ? 1 : 0),
            ("$began", material.BeganAt?.ToUnixTimeMilliseconds()));

    private static (string, object?)[] KeyParameters(KeyRecord key) =>
    [
        ("$id", key.KeyId), ("$account", key.AccountId), ("$region", key.Region), ("$description", key.Description), ("$spec", key.KeySpec),
        ("$usage", key.KeyUsage), ("$origin", key.Origin), ("$state", key.State), ("$created", key.CreatedAt.ToUnixTimeMilliseconds()),
        ("$deletion", key.DeletionDate?.ToUnixTimeMilliseconds()), ("$window", key.PendingWindowInDays),
        ("$rotation", key.RotationEnabled ? 1 : 0), ("$period", key.RotationPeriodInDays),
        ("$next", key.NextRotationAt?.ToUnixTimeMilliseconds()), ("$version", key.CurrentVersion), ("$onDemand", key.OnDemandRotations),
        ("$expiration", key.ExpirationModel), ("$validTo", key.ValidTo?.ToUnixTimeMilliseconds()), ("$policy", key.Policy),
    ];

    private IReadOnlyList<KeyRecord> QueryKeys(string sql, params (string, object?)[] parameters) =>
        Query(sql, reader => new KeyRecord(
            reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
            reader.GetString(6), reader.GetString(7), Time(reader.GetInt64(8)), OptionalTime(reader, 9),
            reader.IsDBNull(10) ? null : reader.GetInt32(10), reader.GetInt64(11) == 1, reader.IsDBNull(12) ? null : reader.GetInt32(12),
            OptionalTime(reader, 13), reader.GetInt32(14), reader.GetInt32(15),
            reader.IsDBNull(16) ? null : reader.GetString(16), OptionalTime(reader, 17), reader.IsDBNull(18) ? null : reader.GetString(18)), parameters);

    private IReadOnlyList<KeyMaterialRecord> QueryMaterials(string sql, params (string, object?)[] parameters) =>
        Query(sql, reader => new KeyMaterialRecord(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), Time(reader.GetInt64(3)),
            reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetInt64(5) == 1, OptionalTime(reader, 6)), parameters);

    private IReadOnlyList<AliasRecord> QueryAliases(string sql, params (string, object?)[] parameters) =>
        Query(sql, reader => new AliasRecord(reader.GetString(0), reader.GetString(1), Time(reader.GetInt64(2)), Time(reader.GetInt64(3))), parameters);

    private IReadOnlyList<ImportRecord> QueryImports(string where, params (string, object?)[] parameters) =>
        Query($"SELECT import_token, key_id, wrapping_material_id, wrapping_algorithm, wrapping_key_spec, valid_to FROM imports {where}",
            reader => new ImportRecord(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                Time(reader.GetInt64(5))), parameters);

    private IReadOnlyList<T> Query<T>(string sql, Func<SqliteDataReader, T> read, params (string, object?)[] parameters)
    {
        using var connection = Open();
        using var command = Command(connection, null, sql, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private static int Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string, object?)[] parameters)
    {
        using var command = Command(connection, transaction, sql, parameters);
        return command.ExecuteNonQuery();
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    private static DateTimeOffset Time(long unixMilliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds);

    private static DateTimeOffset? OptionalTime(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Time(reader.GetInt64(ordinal));
}
