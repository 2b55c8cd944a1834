using System.Globalization;
using Microsoft.Data.Sqlite;
using TwinLab.Core.Audit;

namespace TwinLab.Storage.Sqlite;

/// <summary>
/// The audit log in the database file's <c>audit</c> table (created by <see cref="SqliteTwinStore"/>'s schema, version 5),
/// on a connection of its own so that audit writes never wait for the graph's lock.
/// </summary>
/// <remarks>
/// <para>An append runs in a <c>BEGIN IMMEDIATE</c> transaction: it takes the file's write lock before reading the last
/// record's hash, so appends from several processes on one file (the CLI and a server) queue up and the chain never
/// forks; <c>prev_hash</c> is also <c>UNIQUE</c>, so two records can never follow the same one. Triggers refuse
/// <c>UPDATE</c> and <c>DELETE</c> on the table: TwinLab has no way to change a record. Someone with the file can drop
/// the triggers; the hash chain is what shows they did (<see cref="AuditChain.Verify"/>).</para>
/// <para>Thread-safe: the connection is used under a lock.</para>
/// </remarks>
public sealed class SqliteAuditStore : IAuditStore
{
    /// <summary>The table, its indexes and the append-only triggers (schema version 5).</summary>
    internal const string Schema = """
        CREATE TABLE IF NOT EXISTS audit (
            seq INTEGER NOT NULL PRIMARY KEY,
            ts TEXT NOT NULL,
            actor TEXT NOT NULL,
            auth TEXT NOT NULL,
            address TEXT NOT NULL,
            action TEXT NOT NULL,
            resource TEXT NOT NULL,
            outcome TEXT NOT NULL,
            correlation TEXT NOT NULL,
            detail TEXT NOT NULL,
            prev_hash TEXT NOT NULL UNIQUE,
            hash TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS audit_ts ON audit(ts);
        CREATE INDEX IF NOT EXISTS audit_actor ON audit(actor, seq);
        CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: records cannot be changed'); END;
        CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only: records cannot be deleted'); END;
        """;

    private const string Columns = "seq, ts, actor, auth, address, action, resource, outcome, correlation, detail, prev_hash, hash";

    private readonly Lock _gate = new();
    private readonly SqliteConnection _connection;
    private bool _disposed;

    private readonly OpenDatabaseFiles.Lease _lease;

    private SqliteAuditStore(SqliteConnection connection, OpenDatabaseFiles.Lease lease)
    {
        _connection = connection;
        _lease = lease;
    }

    /// <summary>Opens the audit log of the database at <paramref name="path"/>, creating the file or bringing its schema up
    /// to date first (as <see cref="SqliteTwinStore.Open(string)"/> does, with the same errors).</summary>
    public static SqliteAuditStore Open(string path)
    {
        // Registered as a holder of the file while the store that checked it is still open, so no later store of this
        // process reads the file with plain I/O under this connection's locks (see OpenDatabaseFiles).
        OpenDatabaseFiles.Lease lease;
        using (SqliteTwinStore.Open(path))
            lease = OpenDatabaseFiles.Acquire(path);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        try
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "PRAGMA busy_timeout=30000; PRAGMA synchronous=NORMAL;";
            cmd.ExecuteNonQuery();
        }
        catch
        {
            connection.Dispose();
            lease.Dispose();
            throw;
        }
        return new SqliteAuditStore(connection, lease);
    }

    /// <inheritdoc />
    public IReadOnlyList<AuditRecord> Append(IReadOnlyList<AuditEntry> entries)
    {
        if (entries.Count == 0) return [];
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            // deferred: false is BEGIN IMMEDIATE: the write lock is held from before the last hash is read.
            using var tx = _connection.BeginTransaction(deferred: false);
            long last = 0;
            var previous = AuditChain.Genesis;
            using (var head = _connection.CreateCommand())
            {
                head.Transaction = tx;
                head.CommandText = "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1;";
                using var r = head.ExecuteReader();
                if (r.Read())
                {
                    last = r.GetInt64(0);
                    previous = r.GetString(1);
                }
            }
            using var insert = _connection.CreateCommand();
            insert.Transaction = tx;
            insert.CommandText = $"INSERT INTO audit({Columns}) VALUES ($seq, $ts, $actor, $auth, $address, $action, $resource, $outcome, $correlation, $detail, $prev, $hash);";
            string[] names = ["$seq", "$ts", "$actor", "$auth", "$address", "$action", "$resource", "$outcome", "$correlation", "$detail", "$prev", "$hash"];
            foreach (var name in names) insert.Parameters.Add(name, name == "$seq" ? SqliteType.Integer : SqliteType.Text);
            insert.Prepare();
            var records = new List<AuditRecord>(entries.Count);
            foreach (var entry in entries)
            {
                var record = AuditChain.Link(++last, entry, previous);
                object[] values = [record.Sequence, record.Time, record.Actor, record.AuthKind, record.Address, record.Action, record.Resource,
                    record.Outcome, record.Correlation, record.Detail, record.PreviousHash, record.Hash];
                for (var i = 0; i < values.Length; i++) insert.Parameters[i].Value = values[i];
                insert.ExecuteNonQuery();
                records.Add(record);
                previous = record.Hash;
            }
            tx.Commit();
            return records;
        }
    }

    /// <inheritdoc />
    /// <remarks>Runs in one transaction that drops the update trigger, rewrites the fields and puts the trigger back.</remarks>
    public int Redact(string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var tx = _connection.BeginTransaction(deferred: false);
            var erased = RedactIn(_connection, tx, text);
            tx.Commit();
            return erased;
        }
    }

    /// <summary>Erases <paramref name="text"/> from every audit record inside the caller's transaction <paramref name="tx"/>
    /// (as <see cref="Redact"/>): the twin store's purge calls it so the audit log's copies of a purged id go in the same
    /// transaction, before the file is compacted.</summary>
    internal static int RedactIn(SqliteConnection connection, SqliteTransaction tx, string text)
    {
        var found = new List<AuditRecord>();
        using (var find = connection.CreateCommand())
        {
            find.Transaction = tx;
            find.CommandText = $"SELECT {Columns} FROM audit WHERE instr(actor, $t) OR instr(address, $t) OR instr(resource, $t) OR instr(outcome, $t) OR instr(correlation, $t) OR instr(detail, $t) ORDER BY seq;";
            find.Parameters.AddWithValue("$t", text);
            using var r = find.ExecuteReader();
            while (r.Read()) found.Add(ReadRecord(r));
        }
        var erased = 0;
        using var update = connection.CreateCommand();
        update.Transaction = tx;
        update.CommandText = "DROP TRIGGER IF EXISTS audit_no_update;";
        update.ExecuteNonQuery();
        update.CommandText = "UPDATE audit SET actor = $actor, address = $address, resource = $resource, outcome = $outcome, correlation = $correlation, detail = $detail WHERE seq = $seq;";
        foreach (var r in found)
        {
            string[] fields = [r.Actor, r.Address, r.Resource, r.Outcome, r.Correlation, r.Detail];
            string[] names = ["$actor", "$address", "$resource", "$outcome", "$correlation", "$detail"];
            update.Parameters.Clear();
            update.Parameters.AddWithValue("$seq", r.Sequence);
            for (var i = 0; i < fields.Length; i++)
            {
                var erase = fields[i].Contains(text, StringComparison.Ordinal) && !AuditChain.IsRedacted(fields[i]);
                if (erase) erased++;
                update.Parameters.AddWithValue(names[i], erase ? AuditChain.Redacted(fields[i]) : fields[i]);
            }
            update.ExecuteNonQuery();
        }
        update.Parameters.Clear();
        update.CommandText = Schema[Schema.IndexOf("CREATE TRIGGER IF NOT EXISTS audit_no_update", StringComparison.Ordinal)..Schema.IndexOf("CREATE TRIGGER IF NOT EXISTS audit_no_delete", StringComparison.Ordinal)];
        update.ExecuteNonQuery();
        return erased;
    }

    /// <inheritdoc />
    public IReadOnlyList<AuditRecord> Query(AuditFilter filter)
    {
        var where = new List<string>();
        var parameters = new List<(string, object)>();
        void Add(string clause, string name, object value)
        {
            where.Add(clause);
            parameters.Add((name, value));
        }
        if (filter.Since is { } since) Add("ts >= $since", "$since", AuditChain.FormatTime(since));
        if (filter.Until is { } until) Add("ts < $until", "$until", AuditChain.FormatTime(until));
        if (filter.Actor is { } actor) Add("actor = $actor", "$actor", actor);
        if (filter.Action is { } action) Add("action = $action", "$action", action);
        // substr, not LIKE: a resource may hold '%' or '_'.
        if (filter.Resource is { } resource) Add("substr(resource, 1, length($resource)) = $resource", "$resource", resource);
        if (filter.BeforeSequence is { } before) Add("seq < $before", "$before", before);
        var sql = $"SELECT {Columns} FROM audit{(where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "")} ORDER BY seq DESC LIMIT $limit;";
        parameters.Add(("$limit", Math.Max(0, filter.Limit)));
        return Read(sql, parameters);
    }

    /// <inheritdoc />
    public IReadOnlyList<AuditRecord> ReadChain(long afterSequence, int max) =>
        Read($"SELECT {Columns} FROM audit WHERE seq > $after ORDER BY seq LIMIT $max;", [("$after", afterSequence), ("$max", max)]);

    private List<AuditRecord> Read(string sql, IReadOnlyList<(string Name, object Value)> parameters)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = sql;
            foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
            using var r = cmd.ExecuteReader();
            var result = new List<AuditRecord>();
            while (r.Read()) result.Add(ReadRecord(r));
            return result;
        }
    }

    private static AuditRecord ReadRecord(SqliteDataReader r) => new(r.GetInt64(0), Text(r, 1), Text(r, 2), Text(r, 3), Text(r, 4),
        Text(r, 5), Text(r, 6), Text(r, 7), Text(r, 8), Text(r, 9), Text(r, 10), Text(r, 11));

    /// <summary>A column as text whatever was stored in it (a tampered row may hold a number or NULL; verification must
    /// report it, not crash).</summary>
    private static string Text(SqliteDataReader r, int i) =>
        r.IsDBNull(i) ? "" : Convert.ToString(r.GetValue(i), CultureInfo.InvariantCulture) ?? "";

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _connection.Dispose();
            _lease.Dispose();
        }
    }
}
