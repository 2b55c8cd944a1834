using System.Globalization;
using Npgsql;
using TwinLab.Core.Errors;

namespace TwinLab.Storage.Postgres;

/// <summary>Creates and checks a store's tables inside its schema.</summary>
/// <remarks>
/// Schema version <see cref="PostgresTwinStore.SchemaVersion"/> (recorded in <c>meta</c> under <c>schema_version</c>):
/// <list type="bullet">
/// <item><c>head(id, last_seq, version)</c>: one row — the last sequence number handed out and main's graph version after
/// its last append. It is also the append lock: every append updates it first, so appends from any number of processes
/// queue on that row lock and are numbered in commit order, gap-free (a rolled-back append gives its numbers back).</item>
/// <item><c>events(seq, ts, actor, branch, idem_key, type, twin_id, payload)</c>: the append-only log, one row per change,
/// its payload the <c>GraphChangeJson</c> text; <c>event_twins(twin_id, seq, branch)</c> every twin an event touches, for
/// reads by twin, written in the same transaction.</item>
/// <item><c>writes(idem_key, first_seq, last_seq, branch)</c>: the idempotency key and item keys of committed writes.</item>
/// <item><c>branches</c>, <c>snapshots(branch, seq, version, payload)</c> (the same JSON as SQLite's), <c>documents</c>,
/// <c>models</c> (main's current model definitions, text exactly as imported), <c>telemetry(twin_id, component, name, ts,
/// value, branch, seq, ord)</c> (<c>value</c> the raw JSON text; <c>ord</c> the point's place in its event, so points at
/// the same time read back in insertion order).</item>
/// <item><c>audit(seq, ts, actor, auth, address, action, resource, outcome, correlation, detail, prev_hash, hash)</c>: the
/// hash-chained audit log (version 2, see <see cref="PostgresAuditStore"/>); a trigger refuses updates, deletes and truncation.</item>
/// </list>
/// Times are UTC ticks (<c>bigint</c>, 100 ns since 0001-01-01) as in SQLite: full <see cref="DateTimeOffset"/> precision,
/// which <c>timestamptz</c> (microseconds) would not keep. Indexes on branch columns are partial (<c>branch &lt;&gt;
/// 'main'</c>): they serve only branch deletion, so writes on main do not pay for them.
/// </remarks>
internal static class PostgresSchema
{
    /// <summary>Advisory lock class for schema creation (the object id is the schema name's hash): two processes opening a
    /// new store at once must not both create its tables.</summary>
    private const int SchemaLockClass = 0x54574C42; // "TWLB"

    public static void Ensure(NpgsqlConnection connection, string schema, string where)
    {
        var s = PostgresTwinStore.Quote(schema);
        using var tx = connection.BeginTransaction();
        using (var cmd = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1, hashtext($2));", connection, tx))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = SchemaLockClass });
            cmd.Parameters.Add(new NpgsqlParameter { Value = schema });
            cmd.ExecuteNonQuery();
        }
        bool schemaExists, hasMeta;
        long tables;
        using (var cmd = new NpgsqlCommand("""
            SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1),
                   (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f')),
                   EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE n.nspname = $1 AND c.relname = 'meta' AND c.relkind = 'r');
            """, connection, tx))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = schema });
            using var r = cmd.ExecuteReader();
            r.Read();
            schemaExists = r.GetBoolean(0);
            tables = r.GetInt64(1);
            hasMeta = r.GetBoolean(2);
        }
        if (tables > 0 && !hasMeta)
            throw new TwinLabException(ErrorCodes.InvalidArgument,
                $"{where} belongs to another application (it has tables but no TwinLab schema). It was left unchanged; pick another schema.");
        if (hasMeta)
        {
            long current;
            using (var cmd = new NpgsqlCommand($"SELECT value FROM {s}.meta WHERE key = 'schema_version';", connection, tx))
                current = cmd.ExecuteScalar() is { } v and not DBNull ? Convert.ToInt64(v, CultureInfo.InvariantCulture) : 0;
            if (current > PostgresTwinStore.SchemaVersion)
                throw new TwinLabException(ErrorCodes.InvalidArgument,
                    $"{where} has TwinLab schema version {current}, but this build supports only up to {PostgresTwinStore.SchemaVersion}; open it with a newer TwinLab.");
            if (current == PostgresTwinStore.SchemaVersion)
            {
                tx.Commit();
                return;
            }
        }
        // CREATE SCHEMA IF NOT EXISTS would still need the CREATE privilege on the database; an existing schema does not.
        if (!schemaExists) Execute(connection, tx, $"CREATE SCHEMA {s};");
        // Version 1, and version 2's audit table (every statement is idempotent, so one block takes any older version up).
        Execute(connection, tx, $"""
            CREATE TABLE IF NOT EXISTS {s}.meta (
                key text PRIMARY KEY,
                value bigint NOT NULL);
            CREATE TABLE IF NOT EXISTS {s}.head (
                id int PRIMARY KEY CHECK (id = 1),
                last_seq bigint NOT NULL,
                version bigint NOT NULL);
            INSERT INTO {s}.head(id, last_seq, version) VALUES (1, 0, 0) ON CONFLICT (id) DO NOTHING;
            CREATE TABLE IF NOT EXISTS {s}.events (
                seq bigint PRIMARY KEY,
                ts bigint NOT NULL,
                actor text NOT NULL,
                branch text NOT NULL,
                idem_key text,
                type text NOT NULL,
                twin_id text,
                payload text NOT NULL);
            CREATE INDEX IF NOT EXISTS events_branch_seq ON {s}.events(branch, seq);
            CREATE INDEX IF NOT EXISTS events_ts ON {s}.events(ts);
            CREATE INDEX IF NOT EXISTS events_models ON {s}.events(branch, seq)
                WHERE type IN ('ModelsImported', 'ModelDeleted', 'ModelDecommissioned');
            CREATE TABLE IF NOT EXISTS {s}.event_twins (
                twin_id text NOT NULL,
                seq bigint NOT NULL,
                branch text NOT NULL,
                PRIMARY KEY (twin_id, seq));
            CREATE INDEX IF NOT EXISTS event_twins_branch ON {s}.event_twins(branch) WHERE branch <> 'main';
            CREATE TABLE IF NOT EXISTS {s}.writes (
                idem_key text PRIMARY KEY,
                first_seq bigint NOT NULL,
                last_seq bigint NOT NULL,
                branch text NOT NULL);
            CREATE INDEX IF NOT EXISTS writes_branch ON {s}.writes(branch) WHERE branch <> 'main';
            CREATE TABLE IF NOT EXISTS {s}.branches (
                name text PRIMARY KEY,
                parent text NOT NULL,
                fork_seq bigint NOT NULL,
                created bigint NOT NULL,
                merged_parent_seq bigint,
                merged_branch_seq bigint);
            CREATE TABLE IF NOT EXISTS {s}.snapshots (
                branch text NOT NULL,
                seq bigint NOT NULL,
                version bigint NOT NULL,
                payload bytea NOT NULL,
                PRIMARY KEY (branch, seq));
            CREATE TABLE IF NOT EXISTS {s}.models (
                id text PRIMARY KEY,
                definition text NOT NULL,
                source_file text,
                upload_time bigint NOT NULL,
                decommissioned boolean NOT NULL DEFAULT false,
                parent_id text,
                context text);
            CREATE TABLE IF NOT EXISTS {s}.telemetry (
                twin_id text NOT NULL,
                component text,
                name text NOT NULL,
                ts bigint NOT NULL,
                value text NOT NULL,
                branch text NOT NULL,
                seq bigint NOT NULL,
                ord int NOT NULL);
            CREATE INDEX IF NOT EXISTS telemetry_twin_name_ts ON {s}.telemetry(twin_id, name, ts);
            CREATE INDEX IF NOT EXISTS telemetry_branch ON {s}.telemetry(branch) WHERE branch <> 'main';
            CREATE TABLE IF NOT EXISTS {s}.documents (
                kind text NOT NULL,
                id text NOT NULL,
                created bigint NOT NULL,
                title text NOT NULL,
                json text NOT NULL,
                PRIMARY KEY (kind, id));
            {PostgresAuditStore.Schema(s)}
            INSERT INTO {s}.meta(key, value) VALUES ('schema_version', {PostgresTwinStore.SchemaVersion})
                ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value;
            """);
        tx.Commit();
    }

    private static void Execute(NpgsqlConnection connection, NpgsqlTransaction tx, string sql)
    {
        using var cmd = new NpgsqlCommand(sql, connection, tx);
        cmd.ExecuteNonQuery();
    }
}
