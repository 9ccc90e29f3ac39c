using KmsKit.Pkcs11.Grants;
using KmsKit.Pkcs11.Store;
using Microsoft.Data.Sqlite;

namespace KmsKit.Pkcs11.Tests;

/// <summary>The store's grants table (schema version 4): migration, quota, retries by name, the grantee lookup and its cache.</summary>
public sealed class GrantStoreTests : IDisposable
{
    private const string KeyId = "0b6e5d7c-4a3b-4c2d-9e1f-0a1b2c3d4e5f";
    private readonly string _path = Path.Combine(Path.GetTempPath(), "kmskit-grants-" + Guid.NewGuid().ToString("N") + ".db");

    [Fact]
    public void A_version_three_store_gains_the_grants_table_and_version_four()
    {
        new SqliteKeyStore(_path, "111122223333").Dispose();
        Execute("DROP TABLE grants; PRAGMA user_version = 3;");

        using var store = new SqliteKeyStore(_path, "111122223333");

        Assert.Equal(GrantAddition.Added, store.AddGrant(Grant("arn:aws:iam::111122223333:role/App"), 10, out var stored));
        var found = store.FindGrant(KeyId, stored.GrantId)!;
        Assert.Equal((stored.GranteePrincipal, stored.Sequence, stored.Operations.Single()), (found.GranteePrincipal, found.Sequence, found.Operations.Single()));
        Assert.Equal(4L, Scalar("PRAGMA user_version;"));
    }

    [Fact]
    public void A_key_at_its_quota_takes_no_grant_but_a_retry_by_name_answers()
    {
        using var store = new SqliteKeyStore(_path, "111122223333");
        var named = Grant("arn:aws:iam::111122223333:role/App") with { Name = "n" };
        store.AddGrant(named, 2, out var first);
        store.AddGrant(Grant("arn:aws:iam::111122223333:role/App"), 2, out _);

        Assert.Equal(GrantAddition.QuotaExceeded, store.AddGrant(Grant("arn:aws:iam::111122223333:role/App"), 2, out _));
        Assert.Equal(GrantAddition.Existing, store.AddGrant(named with { GrantId = GrantIds.New() }, 2, out var retried));
        Assert.Equal(first.GrantId, retried.GrantId);
        Assert.Equal(GrantAddition.QuotaExceeded, store.AddGrant(named with { GrantId = GrantIds.New(), Operations = ["Encrypt"] }, 2, out _));
        Assert.Equal(2, store.ListGrants(KeyId, null, null, 0, 100).Count);
    }

    [Fact]
    public void The_grantee_lookup_finds_the_callers_arn_and_its_accounts_grantees_and_forgets_a_deleted_grant()
    {
        using var store = new SqliteKeyStore(_path, "111122223333");
        store.AddGrant(Grant("arn:aws:iam::111122223333:role/path/App"), 10, out var role);
        store.AddGrant(Grant("arn:aws:iam::111122223333:root"), 10, out var account);
        store.AddGrant(Grant("arn:aws:iam::444455556666:role/Other"), 10, out _);
        store.AddGrant(Grant("dynamodb.amazonaws.com"), 10, out var service);
        const string Session = "arn:aws:sts::111122223333:assumed-role/App/job";

        Assert.Equal([role.GrantId, account.GrantId], store.ListGrantsForGrantee(KeyId, Session, "111122223333").Select(g => g.GrantId));
        Assert.Equal([service.GrantId], store.ListGrantsForGrantee(KeyId, "dynamodb.amazonaws.com", null).Select(g => g.GrantId));

        Assert.True(store.DeleteGrant(KeyId, role.GrantId));
        Assert.False(store.DeleteGrant(KeyId, role.GrantId));
        Assert.Equal([account.GrantId], store.ListGrantsForGrantee(KeyId, Session, "111122223333").Select(g => g.GrantId));
    }

    [Fact]
    public void Constraints_read_back_as_written_and_compare_keys_without_case()
    {
        var constraints = GrantConstraintSet.From(new Amazon.KeyManagementService.Model.GrantConstraints
        {
            EncryptionContextSubset = new() { ["b"] = "2", ["A"] = "1" },
        })!;
        using var store = new SqliteKeyStore(_path, "111122223333");
        store.AddGrant(Grant("arn:aws:iam::111122223333:role/App") with { Constraints = constraints }, 10, out var stored);

        var read = store.FindGrant(KeyId, stored.GrantId)!.Constraints!;

        Assert.Equal("""{"EncryptionContextSubset":{"A":"1","b":"2"}}""", read.Json);
        Assert.True(read.Allows(new Dictionary<string, string> { ["a"] = "1", ["B"] = "2", ["c"] = "3" }));
        Assert.False(read.Allows(new Dictionary<string, string> { ["a"] = "1", ["b"] = "X" }));
        Assert.False(read.Allows(null));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm", "-changes" })
        {
            File.Delete(_path + suffix);
        }
    }

    private static GrantRecord Grant(string grantee) => new(
        GrantIds.New(), KeyId, "111122223333", "us-east-1", null, DateTimeOffset.UnixEpoch, grantee, null, "arn:aws:iam::111122223333:root", ["Decrypt"], null);

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private long Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_path}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }
}
