using KmsKit.Pkcs11.Store;
using Microsoft.Data.Sqlite;

namespace KmsKit.Pkcs11.Tests;

/// <summary>A store written before accounts and key policies existed opens with its keys and aliases in the default account.</summary>
public sealed class StoreMigrationTests : IDisposable
{
    private const string VersionOneTables = """
        CREATE TABLE keys (key_id TEXT PRIMARY KEY, region TEXT NOT NULL, description TEXT NOT NULL, key_spec TEXT NOT NULL,
            key_usage TEXT NOT NULL, origin TEXT NOT NULL, state TEXT NOT NULL, created_at INTEGER NOT NULL, deletion_date INTEGER NULL,
            pending_window_days INTEGER NULL, rotation_enabled INTEGER NOT NULL, rotation_period_days INTEGER NULL,
            next_rotation_at INTEGER NULL, current_version INTEGER NOT NULL, on_demand_rotations INTEGER NOT NULL,
            expiration_model TEXT NULL, valid_to INTEGER NULL);
        CREATE INDEX keys_region ON keys (region, key_id);
        CREATE TABLE aliases (region TEXT NOT NULL, alias_name TEXT NOT NULL, key_id TEXT NOT NULL, created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL, PRIMARY KEY (region, alias_name));
        INSERT INTO keys VALUES ('0b6e5d7c-4a3b-4c2d-9e1f-0a1b2c3d4e5f', 'us-east-1', 'old', 'SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT',
            'AWS_KMS', 'Enabled', 1700000000000, NULL, NULL, 0, NULL, NULL, 1, 0, NULL, NULL);
        INSERT INTO aliases VALUES ('us-east-1', 'alias/old', '0b6e5d7c-4a3b-4c2d-9e1f-0a1b2c3d4e5f', 1700000000000, 1700000000000);
        PRAGMA user_version = 1;
        """;

    private readonly string _path = Path.Combine(Path.GetTempPath(), "kmskit-migration-" + Guid.NewGuid().ToString("N") + ".db");

    [Fact]
    public void A_version_one_store_keeps_its_keys_and_aliases_in_the_default_account_with_the_default_policy()
    {
        using (var connection = new SqliteConnection($"Data Source={_path}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = VersionOneTables;
            command.ExecuteNonQuery();
        }

        using var store = new SqliteKeyStore(_path, "123456789012");
        var scope = new KeyScope("123456789012", "us-east-1");

        var key = store.FindKey(scope, "0b6e5d7c-4a3b-4c2d-9e1f-0a1b2c3d4e5f");
        Assert.NotNull(key);
        Assert.Equal("old", key.Description);
        Assert.Null(key.Policy);
        Assert.Equal(key.KeyId, store.FindAlias(scope, "alias/old")?.KeyId);
        Assert.Null(store.FindKey(new KeyScope("111122223333", "us-east-1"), key.KeyId));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm", "-changes" })
        {
            File.Delete(_path + suffix);
        }
    }
}
