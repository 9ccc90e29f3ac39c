namespace KmsKit.Pkcs11.Store;

/// <summary>The store's tables. Times are Unix milliseconds; booleans 0/1.</summary>
internal static class SqliteSchema
{
    public const int Version = 1;

    public const string Create = """
        CREATE TABLE IF NOT EXISTS keys (
            key_id TEXT PRIMARY KEY,
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
            on_demand_rotations INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS keys_region ON keys (region, key_id);
        CREATE TABLE IF NOT EXISTS key_materials (
            key_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            material_id TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            rotation_type TEXT NULL,
            ready INTEGER NOT NULL,
            PRIMARY KEY (key_id, version)
        );
        CREATE TABLE IF NOT EXISTS aliases (
            region TEXT NOT NULL,
            alias_name TEXT NOT NULL,
            key_id TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (region, alias_name)
        );
        CREATE INDEX IF NOT EXISTS aliases_key ON aliases (key_id);
        CREATE TABLE IF NOT EXISTS tags (
            key_id TEXT NOT NULL,
            tag_key TEXT NOT NULL,
            tag_value TEXT NOT NULL,
            PRIMARY KEY (key_id, tag_key)
        );
        """;
}
