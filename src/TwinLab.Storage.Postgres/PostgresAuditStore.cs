using System.Globalization;
using Npgsql;
using TwinLab.Core.Audit;

namespace TwinLab.Storage.Postgres;

/// <summary>The audit log in a PostgreSQL store's schema: the same records and chain as the SQLite table.</summary>
/// <remarks>
/// An append locks the table in <c>SHARE ROW EXCLUSIVE</c> mode (which conflicts with itself, not with reads) before it
/// reads the last hash, so appends from any number of processes queue and the chain never forks; <c>prev_hash</c> is also
/// <c>UNIQUE</c>. A trigger refuses <c>UPDATE</c>, <c>DELETE</c> and <c>TRUNCATE</c>. Thread-safe.
/// </remarks>
public sealed class PostgresAuditStore : IAuditStore
{
    private const string Columns = "seq, ts, actor, auth, address, action, resource, outcome, correlation, detail, prev_hash, hash";

    private readonly PostgresTwinStore _store;
    private readonly string _s;

    private PostgresAuditStore(PostgresTwinStore store)
    {
        _store = store;
        _s = store.QuotedSchema;
    }

    /// <summary>The table and its trigger in the schema <paramref name="s"/> (quoted).</summary>
    internal static string Schema(string s) => $"""
        CREATE TABLE IF NOT EXISTS {s}.audit (
            seq bigint PRIMARY KEY,
            ts text NOT NULL,
            actor text NOT NULL,
            auth text NOT NULL,
            address text NOT NULL,
            action text NOT NULL,
            resource text NOT NULL,
            outcome text NOT NULL,
            correlation text NOT NULL,
            detail text NOT NULL,
            prev_hash text NOT NULL UNIQUE,
            hash text NOT NULL);
        CREATE INDEX IF NOT EXISTS audit_ts ON {s}.audit(ts);
        CREATE INDEX IF NOT EXISTS audit_actor ON {s}.audit(actor, seq);
        CREATE OR REPLACE FUNCTION {s}.audit_append_only() RETURNS trigger LANGUAGE plpgsql AS
            'BEGIN RAISE EXCEPTION ''the audit log is append-only: records cannot be changed or deleted''; END';
        DROP TRIGGER IF EXISTS audit_append_only ON {s}.audit;
        CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON {s}.audit FOR EACH ROW EXECUTE FUNCTION {s}.audit_append_only();
        DROP TRIGGER IF EXISTS audit_no_truncate ON {s}.audit;
        CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON {s}.audit FOR EACH STATEMENT EXECUTE FUNCTION {s}.audit_append_only();
        """;

    /// <summary>Opens the audit log of the store in <paramref name="schema"/> (see <see cref="PostgresTwinStore.Open"/>,
    /// whose errors it shares).</summary>
    public static PostgresAuditStore Open(string connectionString, string? schema = null) => new(PostgresTwinStore.Open(connectionString, schema));

    /// <inheritdoc />
    public IReadOnlyList<AuditRecord> Append(IReadOnlyList<AuditEntry> entries)
    {
        if (entries.Count == 0) return [];
        using var connection = _store.DataSource.OpenConnection();
        using var tx = connection.BeginTransaction();
        using (var lockCmd = new NpgsqlCommand($"LOCK TABLE {_s}.audit IN SHARE ROW EXCLUSIVE MODE;", connection, tx)) lockCmd.ExecuteNonQuery();
        long last = 0;
        var previous = AuditChain.Genesis;
        using (var head = new NpgsqlCommand($"SELECT seq, hash FROM {_s}.audit ORDER BY seq DESC LIMIT 1;", connection, tx))
        using (var r = head.ExecuteReader())
            if (r.Read())
            {
                last = r.GetInt64(0);
                previous = r.GetString(1);
            }
        var records = new List<AuditRecord>(entries.Count);
        var batch = new NpgsqlBatch(connection, tx);
        foreach (var entry in entries)
        {
            var record = AuditChain.Link(++last, entry, previous);
            var cmd = new NpgsqlBatchCommand($"INSERT INTO {_s}.audit({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12);");
            cmd.Parameters.Add(new NpgsqlParameter { Value = record.Sequence });
            foreach (var text in (string[])[.. record.Fields, record.PreviousHash, record.Hash]) cmd.Parameters.Add(new NpgsqlParameter { Value = text });
            batch.BatchCommands.Add(cmd);
            records.Add(record);
            previous = record.Hash;
        }
        using (batch) batch.ExecuteNonQuery();
        tx.Commit();
        return records;
    }

    /// <inheritdoc />
    /// <remarks>Runs in one transaction that disables the trigger around its own updates (the table lock keeps every other
    /// writer out meanwhile). The marker is computed in SQL exactly as <see cref="AuditChain.Redacted"/> makes it.</remarks>
    public int Redact(string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        using var connection = _store.DataSource.OpenConnection();
        using var tx = connection.BeginTransaction();
        var erased = RedactIn(connection, tx, _s, [text]);
        tx.Commit();
        return erased;
    }

    /// <summary>Erases every field holding one of <paramref name="texts"/> inside the caller's transaction (as
    /// <see cref="Redact"/>): the twin store's purge calls it so the audit log's copies of a purged id go in the same
    /// transaction as the twin. Returns the fields erased.</summary>
    internal static int RedactIn(NpgsqlConnection connection, NpgsqlTransaction tx, string schema, IReadOnlyCollection<string> texts)
    {
        if (texts.Count == 0) return 0;
        using (var off = new NpgsqlCommand($"LOCK TABLE {schema}.audit IN ACCESS EXCLUSIVE MODE; ALTER TABLE {schema}.audit DISABLE TRIGGER audit_append_only;", connection, tx))
            off.ExecuteNonQuery();
        var erased = 0;
        foreach (var text in texts)
            foreach (var column in (string[])["actor", "address", "resource", "outcome", "correlation", "detail"])
            {
                using var cmd = new NpgsqlCommand(
                    $"UPDATE {schema}.audit SET {column} = '[redacted sha256:' || encode(sha256(convert_to({column}, 'UTF8')), 'hex') || ']' " +
                    $"WHERE strpos({column}, $1) > 0 AND {column} NOT LIKE '[redacted sha256:%';", connection, tx);
                cmd.Parameters.Add(new NpgsqlParameter { Value = text });
                erased += cmd.ExecuteNonQuery();
            }
        using (var on = new NpgsqlCommand($"ALTER TABLE {schema}.audit ENABLE TRIGGER audit_append_only;", connection, tx)) on.ExecuteNonQuery();
        return erased;
    }

    /// <inheritdoc />
    public IReadOnlyList<AuditRecord> Query(AuditFilter filter)
    {
        var where = new List<string>();
        var values = new List<object>();
        void Add(string column, string op, object value)
        {
            values.Add(value);
            where.Add($"{column} {op} ${values.Count}");
        }
        if (filter.Since is { } since) Add("ts", ">=", AuditChain.FormatTime(since));
        if (filter.Until is { } until) Add("ts", "<", AuditChain.FormatTime(until));
        if (filter.Actor is { } actor) Add("actor", "=", actor);
        if (filter.Action is { } action) Add("action", "=", action);
        if (filter.Resource is { } resource) Add("left(resource, length($" + (values.Count + 1) + "))", "=", resource);
        if (filter.BeforeSequence is { } before) Add("seq", "<", before);
        values.Add(Math.Max(0, filter.Limit));
        return Read($"SELECT {Columns} FROM {_s}.audit{(where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "")} ORDER BY seq DESC LIMIT ${values.Count};", values);
    }

    /// <inheritdoc />
    public IReadOnlyList<AuditRecord> ReadChain(long afterSequence, int max) =>
        Read($"SELECT {Columns} FROM {_s}.audit WHERE seq > $1 ORDER BY seq LIMIT $2;", [afterSequence, max]);

    private List<AuditRecord> Read(string sql, IReadOnlyList<object> values)
    {
        using var connection = _store.DataSource.OpenConnection();
        using var cmd = new NpgsqlCommand(sql, connection);
        foreach (var v in values) cmd.Parameters.Add(new NpgsqlParameter { Value = v });
        using var r = cmd.ExecuteReader();
        var result = new List<AuditRecord>();
        static string Text(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? "" : Convert.ToString(r.GetValue(i), CultureInfo.InvariantCulture) ?? "";
        while (r.Read())
            result.Add(new AuditRecord(r.GetInt64(0), Text(r, 1), Text(r, 2), Text(r, 3), Text(r, 4), Text(r, 5), Text(r, 6),
                Text(r, 7), Text(r, 8), Text(r, 9), Text(r, 10), Text(r, 11)));
        return result;
    }

    /// <inheritdoc />
    public void Dispose() => _store.Dispose();
}
