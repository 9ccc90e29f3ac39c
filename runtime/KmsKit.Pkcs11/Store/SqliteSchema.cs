namespace KmsKit.Pkcs11.Store;

/// <summary>The store's tables. Times are Unix milliseconds; booleans 0/1.</summary>
internal static class SqliteSchema
{
    public const int Version = 4;

    public const string Create = """
        CREATE TABLE IF NOT EXISTS keys (
            key_id TEXT PRIMARY KEY,
            account_id TEXT NOT NULL,
            region TEXT NOT NULL,
            description TEXT NOT NULL,
            key_spec TEXT NOT NULL,
            key_usage TEXT NOT NULL,
            origin TEXT NOT NULL,
            state TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            deletion_date INTEGER NULL,
            pending_window_days INTEGER NULL,
            rotation_enabled INTEGER NOT NULL,
            rotation_period_days INTEGER NULL,
            next_rotation_at INTEGER NULL,
            current_version INTEGER NOT NULL,
            on_demand_rotations INTEGER NOT NULL,
            expiration_model TEXT NULL,
            valid_to INTEGER NULL,
            policy TEXT NULL
        );
        CREATE INDEX IF NOT EXISTS keys_scope ON keys (account_id, region, key_id);
        CREATE TABLE IF NOT EXISTS key_materials (
            key_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            material_id TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            rotation_type TEXT NULL,
            ready INTEGER NOT NULL,
            began_at INTEGER NULL,
            PRIMARY KEY (key_id, version)
        );
        CREATE TABLE IF NOT EXISTS aliases (
            account_id TEXT NOT NULL,
            region TEXT NOT NULL,
            alias_name TEXT NOT NULL,
            key_id TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (account_id, region, alias_name)
        );
        CREATE INDEX IF NOT EXISTS aliases_key ON aliases (key_id);
        CREATE TABLE IF NOT EXISTS imports (
            import_token TEXT PRIMARY KEY,
            key_id TEXT NOT NULL,
            wrapping_material_id TEXT NOT NULL,
            wrapping_algorithm TEXT NOT NULL,
            wrapping_key_spec TEXT NOT NULL,
            valid_to INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS key_usage (
            key_id TEXT PRIMARY KEY,
            operation TEXT NOT NULL,
            used_at INTEGER NOT NULL,
            request_id TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS tags (
            key_id TEXT NOT NULL,
            tag_key TEXT NOT NULL,
            tag_value TEXT NOT NULL,
            PRIMARY KEY (key_id, tag_key)
        );
        """;

    /// <summary>
    /// Version 4: grants. <c>seq</c> is the order of creation (ListGrants pages by it); <c>grantee_account</c> is the
    /// grantee's account (null for a service principal), which finds the grants that may name a caller.
    /// </summary>
    public const string CreateGrants = """
        CREATE TABLE IF NOT EXISTS grants (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            grant_id TEXT NOT NULL UNIQUE,
            key_id TEXT NOT NULL,
            account_id TEXT NOT NULL,
            region TEXT NOT NULL,
            name TEXT NULL,
            created_at INTEGER NOT NULL,
            grantee_principal TEXT NOT NULL,
            grantee_account TEXT NULL,
            retiring_principal TEXT NULL,
            issuing_account TEXT NOT NULL,
            operations TEXT NOT NULL,
            constraints TEXT NULL
        );
        CREATE INDEX IF NOT EXISTS grants_key ON grants (key_id, seq);
        CREATE INDEX IF NOT EXISTS grants_grantee ON grants (key_id, grantee_account);
        CREATE INDEX IF NOT EXISTS grants_retiring ON grants (region, retiring_principal, seq);
        """;

    /// <summary>
    /// Versions 1 and 2 did not record when an unfinished material write began (<c>began_at</c>): their rows
    /// read it as null, and the lease on them runs from <c>created_at</c>.
    /// </summary>
    public const string AddBeganAt = "ALTER TABLE key_materials ADD COLUMN began_at INTEGER NULL;";

    /// <summary>
    /// Version 1 had no accounts and no key policies: its keys and aliases go to the account given by
    /// $account (the engine's default), and its keys keep AWS's default key policy (a null policy).
    /// </summary>
    public const string MigrateFromVersion1 = """
        ALTER TABLE keys ADD COLUMN account_id TEXT NOT NULL DEFAULT '';
        ALTER TABLE keys ADD COLUMN policy TEXT NULL;
        UPDATE keys SET account_id = $account;
        DROP INDEX IF EXISTS keys_region;
        CREATE TABLE aliases_v2 (
            account_id TEXT NOT NULL,
            region TEXT NOT NULL,
            alias_name TEXT NOT NULL,
            key_id TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (account_id, region, alias_name)
        );
        INSERT INTO aliases_v2 SELECT $account, region, alias_name, key_id, created_at, updated_at FROM aliases;
        DROP TABLE aliases;
        ALTER TABLE aliases_v2 RENAME TO aliases;
        """;
}
