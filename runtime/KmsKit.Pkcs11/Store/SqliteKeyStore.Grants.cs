using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using KmsKit.Pkcs11.Grants;
using Microsoft.Data.Sqlite;

namespace KmsKit.Pkcs11.Store;

// Grants: one row per grant (schema version 4).
internal sealed partial class SqliteKeyStore
{
    private const string GrantColumns = """
        seq, grant_id, key_id, account_id, region, name, created_at, grantee_principal, retiring_principal, issuing_account,
        operations, constraints
        """;

    /// <summary>The cache's region for a key's grants by grantee: no region has this name, so no key or alias collides.</summary>
    private const string GrantCacheRegion = "#grants";

    public GrantAddition AddGrant(GrantRecord grant, int maxGrantsPerKey, out GrantRecord stored)
    {
        var outcome = GrantAddition.Added;
        GrantRecord? existing = null;
        var operations = string.Join(',', grant.Operations);
        var constraints = grant.Constraints?.Json;
        InTransaction((connection, transaction) =>
        {
            if (grant.Name is not null)
            {
                using var retry = Command(connection, transaction, $"""
                    SELECT {GrantColumns} FROM grants
                    WHERE key_id = $key AND name = $name AND grantee_principal = $grantee AND retiring_principal IS $retiring
                        AND operations = $operations AND constraints IS $constraints
                    ORDER BY seq LIMIT 1
                    """,
                    ("$key", grant.KeyId), ("$name", grant.Name), ("$grantee", grant.GranteePrincipal), ("$retiring", grant.RetiringPrincipal),
                    ("$operations", operations), ("$constraints", constraints));
                using var reader = retry.ExecuteReader();
                if (reader.Read())
                {
                    existing = ReadGrant(reader);
                    outcome = GrantAddition.Existing;
                    return;
                }
            }

            using (var count = Command(connection, transaction, "SELECT COUNT(*) FROM grants WHERE key_id = $key", ("$key", grant.KeyId)))
            {
                if (Convert.ToInt64(count.ExecuteScalar(), CultureInfo.InvariantCulture) >= maxGrantsPerKey)
                {
                    outcome = GrantAddition.QuotaExceeded;
                    return;
                }
            }

            Execute(connection, transaction, $"""
                INSERT INTO grants (grant_id, key_id, account_id, region, name, created_at, grantee_principal, grantee_account,
                    retiring_principal, issuing_account, operations, constraints)
                VALUES ($id, $key, $account, $region, $name, $created, $grantee, $granteeAccount, $retiring, $issuing, $operations, $constraints)
                """,
                ("$id", grant.GrantId), ("$key", grant.KeyId), ("$account", grant.AccountId), ("$region", grant.Region), ("$name", grant.Name),
                ("$created", grant.CreatedAt.ToUnixTimeMilliseconds()), ("$grantee", grant.GranteePrincipal),
                ("$granteeAccount", GrantPrincipals.AccountOf(grant.GranteePrincipal)), ("$retiring", grant.RetiringPrincipal),
                ("$issuing", grant.IssuingAccount), ("$operations", operations), ("$constraints", constraints));
            using var sequence = Command(connection, transaction, "SELECT last_insert_rowid()");
            existing = grant with { Sequence = Convert.ToInt64(sequence.ExecuteScalar(), CultureInfo.InvariantCulture) };
        });
        stored = existing ?? grant;
        return outcome;
    }

    public GrantRecord? FindGrant(string keyId, string grantId) =>
        QueryGrants("WHERE key_id = $key AND grant_id = $id", ("$key", keyId), ("$id", grantId)).FirstOrDefault();

    public IReadOnlyList<GrantRecord> ListGrants(string keyId, string? grantId, string? granteePrincipal, long afterSequence, int limit) =>
        QueryGrants("""
            WHERE key_id = $key AND seq > $after AND ($id IS NULL OR grant_id = $id) AND ($grantee IS NULL OR grantee_principal = $grantee)
            ORDER BY seq LIMIT $limit
            """,
            ("$key", keyId), ("$after", afterSequence), ("$id", grantId), ("$grantee", granteePrincipal), ("$limit", limit));

    public IReadOnlyList<GrantRecord> ListGrantsForGrantee(string keyId, string callerArn, string? callerAccount) =>
        _cache.GetOrRead(new KeyScope(keyId, GrantCacheRegion), callerArn, (Store: this, KeyId: keyId, Arn: callerArn, Account: callerAccount),
            static request => request.Store.QueryGrants(
                "WHERE key_id = $key AND (grantee_principal = $arn OR grantee_account = $account) ORDER BY seq",
                ("$key", request.KeyId), ("$arn", request.Arn), ("$account", request.Account)))!;

    public IReadOnlyList<GrantRecord> ListRetirableGrants(string region, string retiringPrincipal, long afterSequence, int limit) =>
        QueryGrants("WHERE region = $region AND retiring_principal = $retiring AND seq > $after ORDER BY seq LIMIT $limit",
            ("$region", region), ("$retiring", retiringPrincipal), ("$after", afterSequence), ("$limit", limit));

    public bool DeleteGrant(string keyId, string grantId)
    {
        var deleted = false;
        InTransaction((connection, transaction) => deleted = Execute(connection, transaction,
            "DELETE FROM grants WHERE key_id = $key AND grant_id = $id", ("$key", keyId), ("$id", grantId)) == 1);
        return deleted;
    }

    private IReadOnlyList<GrantRecord> QueryGrants(string where, params (string, object?)[] parameters) =>
        Query($"SELECT {GrantColumns} FROM grants {where}", ReadGrant, parameters);

    private static GrantRecord ReadGrant(SqliteDataReader reader) => new(
        GrantId: reader.GetString(1),
        KeyId: reader.GetString(2),
        AccountId: reader.GetString(3),
        Region: reader.GetString(4),
        Name: reader.IsDBNull(5) ? null : reader.GetString(5),
        CreatedAt: Time(reader.GetInt64(6)),
        GranteePrincipal: reader.GetString(7),
        RetiringPrincipal: reader.IsDBNull(8) ? null : reader.GetString(8),
        IssuingAccount: reader.GetString(9),
        Operations: reader.GetString(10).Split(','),
        Constraints: GrantConstraintSet.Parse(reader.IsDBNull(11) ? null : reader.GetString(11)),
        Sequence: reader.GetInt64(0));
}
