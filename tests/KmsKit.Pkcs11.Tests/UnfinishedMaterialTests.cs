using KmsKit.Pkcs11.Engine;
using KmsKit.Pkcs11.Store;
using Microsoft.Data.Sqlite;

namespace KmsKit.Pkcs11.Tests;

/// <summary>
/// The store's side of recovering unfinished rotations: a row rolled back as abandoned can be neither completed nor
/// discarded by the slow engine that wrote it, so rolling back a live rotation loses nothing.
/// </summary>
public sealed class UnfinishedMaterialTests : IDisposable
{
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

    private readonly string _path = Path.Combine(Path.GetTempPath(), "kmskit-materials-" + Guid.NewGuid().ToString("N") + ".db");

    [Fact]
    public void A_rotation_rolled_back_as_abandoned_can_neither_complete_nor_discard_the_row_that_replaced_it()
    {
        using var store = new SqliteKeyStore(_path, "111122223333");
        var key = KeyWithFirstMaterial(store);
        var slow = Rotation(key, Start);
        var successor = Rotation(key, Start.AddMinutes(2));
        Assert.True(store.TryBeginAddMaterial(slow));
        Assert.False(store.TryBeginAddMaterial(successor));

        // Another engine takes the slow row for a crashed one and replaces it.
        store.DiscardMaterial(slow);
        Assert.True(store.TryBeginAddMaterial(successor));

        Assert.False(store.TryCompleteRotation(slow with { Ready = true }, 1, null, onDemand: true));
        store.DiscardMaterial(slow);
        Assert.Equal(1, store.FindKey(key.Scope, key.KeyId)!.CurrentVersion);
        Assert.Equal(successor.MaterialId, Assert.Single(store.ListMaterials(key.KeyId, includeUnfinished: true), m => m.Version == 2).MaterialId);

        Assert.True(store.TryCompleteRotation(successor with { Ready = true }, 1, null, onDemand: true));
        Assert.Equal(2, store.FindKey(key.Scope, key.KeyId)!.CurrentVersion);
        // A ready row is never discarded.
        store.DiscardMaterial(successor);
        Assert.Equal(2, store.ListMaterials(key.KeyId).Count);
    }

    [Fact]
    public void A_version_two_store_gains_the_time_an_unfinished_write_began_and_its_rows_read_their_creation_time_instead()
    {
        KeyRecord key;
        using (var store = new SqliteKeyStore(_path, "111122223333"))
        {
            key = KeyWithFirstMaterial(store);
            store.BeginAddMaterial(Rotation(key, Start) with { BeganAt = null });
        }

        using (var connection = new SqliteConnection($"Data Source={_path}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "ALTER TABLE key_materials DROP COLUMN began_at; PRAGMA user_version = 2;";
            command.ExecuteNonQuery();
        }

        SqliteConnection.ClearAllPools();
        using (var store = new SqliteKeyStore(_path, "111122223333"))
        {
            var old = Assert.Single(store.ListMaterials(key.KeyId, includeUnfinished: true), m => m.Version == 2);
            Assert.Null(old.BeganAt);
            Assert.Equal(Start, old.Begun);
            Assert.Equal(old, Assert.Single(store.ListUnfinishedMaterials(Start.AddMilliseconds(1))));

            store.DiscardMaterial(old);
            var began = Start.AddDays(1);
            Assert.True(store.TryBeginAddMaterial(Rotation(key, Start) with { BeganAt = began }));
            Assert.Equal(began, Assert.Single(store.ListMaterials(key.KeyId, includeUnfinished: true), m => m.Version == 2).Begun);
            Assert.Empty(store.ListUnfinishedMaterials(began));
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm", "-changes" })
        {
            File.Delete(_path + suffix);
        }
    }

    private static KeyRecord KeyWithFirstMaterial(SqliteKeyStore store)
    {
        var key = new KeyRecord(Guid.NewGuid().ToString("D"), "111122223333", "us-east-1", string.Empty, "SYMMETRIC_DEFAULT", "ENCRYPT_DECRYPT",
            "AWS_KMS", KeyStates.Enabled, Start, null, null, false, null, null, 1, 0);
        store.BeginCreateKey(key, new KeyMaterialRecord(key.KeyId, 1, KeyMaterials.NewMaterialId(), Start, null, Ready: false));
        store.CompleteCreateKey(key.KeyId, KeyStates.Enabled);
        return key;
    }

    private static KeyMaterialRecord Rotation(KeyRecord key, DateTimeOffset began) =>
        new(key.KeyId, 2, KeyMaterials.NewMaterialId(), began, "ON_DEMAND", Ready: false, BeganAt: began);
}
