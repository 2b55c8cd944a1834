using System.Data;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using TwinLab.Core.Errors;
using TwinLab.Core.History;
using TwinLab.Core.Models;
using TwinLab.Core.Twins;
using TwinLab.Storage.Sqlite;

namespace TwinLab.Storage.Postgres;

/// <summary>
/// A store in a PostgreSQL database: the event log, main's models, branches, snapshots, telemetry, documents and the
/// idempotency keys, as tables of one schema (so several stores, or tests, can share a database).
/// </summary>
/// <remarks>
/// <para>It behaves as <see cref="SqliteTwinStore"/> does — the same events, snapshot format, as-of reads, document order,
/// rollback on failure — and adds what a server database allows: several processes may append to the same store at once.
/// Each append is one transaction that first updates the single row of <c>head</c> (the last sequence number handed out);
/// that row lock queues concurrent appends, from this or any other process, until the one holding it commits or rolls
/// back, so sequence numbers are global, gap-free and in commit order, and a reader never sees a later event without the
/// earlier ones. (An advisory lock would serialize as well, but the row lock needs no lock key to agree on and is
/// released by the same commit that publishes the events.)</para>
/// <para>Connections come from a pooled <see cref="NpgsqlDataSource"/>: reads run concurrently with each other and with
/// appends, each on its own pooled connection; synchronous appends of one instance are also serialized in-process (batch
/// appends, <see cref="AppendAfterLastAsync"/>, queue on the head row only: their caller sends one batch at a time). An append is
/// usually one round trip (one batch, run by PostgreSQL as one implicit transaction, each table's rows in one statement
/// over arrays); large telemetry batches are written with a binary <c>COPY</c>. Statements are prepared automatically
/// (Npgsql's auto-prepare).</para>
/// <para><see cref="LastSequence"/> is this instance's view: the log's last sequence number when it was opened or when it
/// last appended, whichever is later (each append reads the true value under the lock). Another process's appends show in
/// <see cref="ReadEvents(EventFilter)"/> at once, and in <see cref="LastSequence"/> after this instance's next append.</para>
/// <para>The schema is described in <see cref="PostgresSchema"/>.</para>
/// </remarks>
public sealed partial class PostgresTwinStore : ISharedTwinStore
{
    /// <summary>The schema version this build writes and reads.</summary>
    public const int SchemaVersion = 2;

    /// <summary>The schema used when none is given.</summary>
    public const string DefaultSchema = "twinlab";

    /// <summary>Telemetry points in one append from which they are written with a binary COPY instead of an insert.</summary>
    internal int CopyThreshold { get; set; } = 1000;

    /// <summary>Above this many events folded at start-up, <see cref="Load"/> saves a snapshot so the next start is quick.</summary>
    internal int LoadSnapshotThreshold { get; set; } = 50_000;

    /// <summary>Test hook: called by an append before each change is staged, with its index. Throwing from it makes the
    /// append fail part-way, as a real failure would.</summary>
    internal Action<int, GraphChange>? BeforeChange { get; set; }

    /// <summary>The graph event types that change twins and relationships (the rest are models and telemetry).</summary>
    private const string GraphTypesSql = "('TwinWritten', 'TwinDeleted', 'RelationshipWritten', 'RelationshipDeleted')";

    private readonly NpgsqlDataSource _data;
    private readonly string _schema;
    private readonly string _s;
    private readonly string _where;
    private readonly Lock _appendGate = new();
    private volatile bool _disposed;
    private long _last;

    private PostgresTwinStore(NpgsqlDataSource data, string schema, string where, long last)
    {
        _data = data;
        _schema = schema;
        _s = Quote(schema);
        _where = where;
        _last = last;
    }

    /// <summary>The schema holding this store's tables.</summary>
    public string Schema => _schema;

    /// <summary>The connections (shared with <see cref="PostgresAuditStore"/>).</summary>
    internal NpgsqlDataSource DataSource => _data;

    /// <summary>The schema's name, quoted for SQL.</summary>
    internal string QuotedSchema => _s;

    /// <summary>
    /// Opens the store in <paramref name="schema"/> (default <see cref="DefaultSchema"/>) of the database that
    /// <paramref name="connectionString"/> names, creating the schema and its tables if missing.
    /// </summary>
    /// <param name="connectionString">An Npgsql connection string, e.g.
    /// <c>Host=127.0.0.1;Port=5432;Username=twinlab;Password=…;Database=twinlab</c>. Pooling settings are honoured;
    /// unless it says otherwise, statements are auto-prepared and connections are not reset when returned to the pool
    /// (the store keeps no session state).</param>
    /// <param name="schema">The schema: letters, digits and underscores, not starting with a digit, at most 63 characters.</param>
    /// <exception cref="TwinLabException">(<see cref="ErrorCodes.InvalidArgument"/>) The connection string or schema name
    /// is invalid, the server cannot be reached or refuses the login, the schema holds another application's tables, or it
    /// was written by a newer TwinLab (its schema version is higher than <see cref="SchemaVersion"/>).</exception>
    public static PostgresTwinStore Open(string connectionString, string? schema = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        schema ??= DefaultSchema;
        if (!IsIdentifier(schema))
            throw new TwinLabException(ErrorCodes.InvalidArgument,
                $"'{schema}' is not a valid schema name for a TwinLab store: use letters, digits and underscores (not starting with a digit), at most 63.");
        NpgsqlDataSourceBuilder builder;
        try
        {
            builder = new NpgsqlDataSourceBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"Invalid PostgreSQL connection string: {ex.Message}");
        }
        var csb = builder.ConnectionStringBuilder;
        if (!HasKey(connectionString, "Max Auto Prepare", "MaxAutoPrepare")) csb.MaxAutoPrepare = 64;
        if (!HasKey(connectionString, "Auto Prepare Min Usages", "AutoPrepareMinUsages")) csb.AutoPrepareMinUsages = 2;
        if (!HasKey(connectionString, "No Reset On Close", "NoResetOnClose")) csb.NoResetOnClose = true;
        if (string.IsNullOrEmpty(csb.ApplicationName)) csb.ApplicationName = "TwinLab";
        var where = $"schema '{schema}' of PostgreSQL database '{csb.Database ?? csb.Username}' on {csb.Host}:{csb.Port}";
        var data = builder.Build();
        try
        {
            using var connection = data.OpenConnection();
            PostgresSchema.Ensure(connection, schema, where);
            using var cmd = new NpgsqlCommand($"SELECT last_seq FROM {Quote(schema)}.head WHERE id = 1;", connection);
            var last = Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
            return new PostgresTwinStore(data, schema, where, last);
        }
        catch (PostgresException ex)
        {
            // The server answered but refused: a wrong password, a missing database, no privilege to create the schema.
            data.Dispose();
            throw new TwinLabException(ErrorCodes.InvalidArgument,
                $"Cannot open the TwinLab store in {where}: PostgreSQL refused ({ex.SqlState}: {ex.MessageText.TrimEnd('.')}).");
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            data.Dispose();
            throw new TwinLabException(ErrorCodes.InvalidArgument,
                $"Cannot open the TwinLab store in {where}: {ex.Message.TrimEnd('.')}. Is the PostgreSQL server running and reachable there?");
        }
        catch
        {
            data.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public long LastSequence => Interlocked.Read(ref _last);

    /// <inheritdoc />
    /// <exception cref="TwinLabException">(<see cref="ErrorCodes.DtdlParserError"/>) The stored models no longer parse.</exception>
    public GraphSnapshot Load()
    {
        ThrowIfDisposed();
        GraphSnapshot start;
        List<StoredEvent> tail;
        long version, position;
        using (var connection = _data.OpenConnection())
        using (var tx = connection.BeginTransaction(IsolationLevel.RepeatableRead))
        {
            // One snapshot of the database for all the reads, whatever other writers commit meanwhile.
            using (var cmd = Command($"SELECT version, last_seq FROM {_s}.head WHERE id = 1;", connection, tx))
            using (var r = cmd.ExecuteReader())
            {
                r.Read();
                version = r.GetInt64(0);
                position = r.GetInt64(1);
            }
            var models = LoadModels(connection, tx);
            var stored = ReadSnapshot(BranchInfo.Main, long.MaxValue, connection, tx);
            start = stored is null
                ? GraphSnapshot.Empty with { Models = ModelSet.Empty.With(models) }
                : GraphSnapshotFactory.Build(models, stored.Twins, stored.Relationships, stored.Version);
            tail = ReadEvents(new EventFilter(BranchInfo.Main, AfterSequence: stored?.Sequence ?? 0), GraphTypesSql, connection, tx);
            tx.Commit();
        }
        var state = EventFold.Apply(start, tail);
        // The version main's last append recorded (a fold alone would miss a trailing telemetry or model event).
        state = state with { Version = version > 0 ? version : state.Version };
        if (tail.Count > LoadSnapshotThreshold)
        {
            try
            {
                // Keyed by the log position folded up to; best effort (a failure only means a longer fold next time).
                SaveSnapshot(BranchInfo.Main, position, state);
            }
            catch (NpgsqlException)
            {
            }
        }
        return state;
    }

    /// <inheritdoc />
    /// <remarks>
    /// <para>One transaction: the head row (the append lock and the sequence numbers), the events and their twins, main's
    /// models (for model writes on main), telemetry rows and the idempotency records; if any of it fails, it is rolled back
    /// and the exception rethrown.</para>
    /// <para>Usually one round trip: all statements go in one batch, which PostgreSQL runs as one implicit transaction; the
    /// first takes the head row's lock and moves it on, and the others number their rows from it on the server. A large
    /// telemetry batch (<see cref="CopyThreshold"/> points or more) instead runs in an explicit transaction: the same batch,
    /// then the points by binary COPY, then the commit.</para>
    /// <para>The idempotency key is recorded under the lock, so a write whose key is already committed — even by another
    /// process a moment ago — fails on the key's uniqueness, is rolled back whole and reported as the duplicate it is.</para>
    /// </remarks>
    public AppendResult Append(string branch, IReadOnlyList<GraphChange> changes, long version, WriteContext context, DateTimeOffset timestamp) =>
        AppendCore(null, branch, changes, version, context, timestamp);

    /// <inheritdoc />
    /// <remarks>Still one round trip: the statement that moves the head row on sets it to NULL instead when the log does
    /// not end at <paramref name="expectedLastSequence"/>, which breaks its NOT NULL constraint and so fails the whole
    /// batch (one implicit transaction) under the row lock — no other append can slip between the check and the commit.</remarks>
    public AppendResult AppendAfter(long expectedLastSequence, string branch, IReadOnlyList<GraphChange> changes, long version, WriteContext context, DateTimeOffset timestamp)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(expectedLastSequence);
        return AppendCore(expectedLastSequence, branch, changes, version, context, timestamp);
    }

    /// <inheritdoc />
    /// <remarks>One statement on a pooled connection: the head row (read without its lock) and the branch stamp.</remarks>
    public LogHead ReadHead()
    {
        ThrowIfDisposed();
        using var connection = _data.OpenConnection();
        using var cmd = new NpgsqlCommand($"""
            SELECT h.last_seq, (SELECT count(*) || ':' || COALESCE(sum(fork_seq), 0) || ':' || COALESCE(sum(created), 0) || ':'
                || COALESCE(sum(merged_parent_seq), 0) || ':' || COALESCE(sum(merged_branch_seq), 0) || ':' || COALESCE(max(name), '') FROM {_s}.branches)
            FROM {_s}.head h WHERE h.id = 1;
            """, connection);
        using var r = cmd.ExecuteReader();
        if (!r.Read()) throw new InvalidOperationException($"The head row of {_where} is missing.");
        return new LogHead(r.GetInt64(0), r.GetString(1));
    }

    private AppendResult AppendCore(long? expected, string branch, IReadOnlyList<GraphChange> changes, long version, WriteContext context, DateTimeOffset timestamp)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(context);
        lock (_appendGate)
        {
            ThrowIfDisposed();
            var main = branch == BranchInfo.Main;
            var staged = Stage(branch, changes, context, timestamp, main);
            using var connection = _data.OpenConnection();
            if (changes.Count == 0 && context.IdempotencyKey is { } key0 && FindWrite(connection, key0) is { } seen0)
                return new AppendResult(seen0.FirstSequence, seen0.LastSequence, Duplicate: true);
            return Append(connection, null, staged, branch, changes, version, context, expected);
        }
    }

    /// <summary>Runs a staged append on <paramref name="connection"/>, in <paramref name="held"/> (committed here) or, without
    /// one, in its own transaction: an implicit one, or an explicit one for a telemetry COPY; with <paramref name="expected"/>,
    /// only if the log still ends there. Called under the append gate.</summary>
    private AppendResult Append(NpgsqlConnection connection, NpgsqlTransaction? held, Staged staged, string branch, IReadOnlyList<GraphChange> changes,
        long version, WriteContext context, long? expected = null)
    {
        var main = branch == BranchInfo.Main;
        var copy = staged.PointCount >= CopyThreshold;
        var tx = held ?? (copy ? connection.BeginTransaction() : null);
        try
        {
            long before;
            using (var batch = new NpgsqlBatch(connection, tx))
            {
                batch.BatchCommands.Add(HeadCommand(changes.Count, main, version, expected));
                foreach (var cmd in staged.Commands) batch.BatchCommands.Add(cmd);
                using var r = batch.ExecuteReader();
                if (!r.Read()) throw new InvalidOperationException($"The head row of {_where} is missing.");
                before = r.GetInt64(0);
                // Reading every result surfaces the error of any statement.
                while (r.NextResult()) { }
            }
            if (tx is not null)
            {
                if (copy) CopyTelemetry(connection, staged.Telemetry, branch, before);
                tx.Commit();
            }
            var last = before + changes.Count;
            UpdateLast(last);
            return new AppendResult(before + 1, last, Duplicate: false);
        }
        catch (Exception ex)
        {
            try
            {
                tx?.Rollback();
            }
            catch (Exception rollback) when (rollback is NpgsqlException or InvalidOperationException)
            {
                // The connection may be broken; the server rolls back a transaction whose connection is gone.
            }
            if (expected is { } e && ex is PostgresException { SqlState: PostgresErrorCodes.NotNullViolation, TableName: "head" })
                throw new LogMovedException(e, ReadHead().LastSequence);
            if (ex is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, TableName: "writes" }
                && context.IdempotencyKey is { } key && FindWrite(connection, key) is { } seen)
                return new AppendResult(seen.FirstSequence, seen.LastSequence, Duplicate: true);
            throw;
        }
        finally
        {
            if (held is null) tx?.Dispose();
        }
    }

    /// <summary>The statement that moves the head row on by <paramref name="count"/> events (taking its lock) and returns
    /// the number before them; with <paramref name="expected"/>, only if the log ends there (otherwise it sets NULL, which
    /// the column refuses, failing the transaction).</summary>
    private NpgsqlBatchCommand HeadCommand(int count, bool main, long version, long? expected) => BatchCommand(
        $"UPDATE {_s}.head SET last_seq = CASE WHEN $4 < 0 OR last_seq = $4 THEN last_seq + $1 END, version = CASE WHEN $2 THEN $3 ELSE version END WHERE id = 1 RETURNING last_seq - $1;",
        (long)count, main, version, expected ?? -1L);

    /// <summary>Appends changes to main with the default context (actor <c>cli</c>, no key), now.</summary>
    public void Commit(IReadOnlyList<GraphChange> changes, long version) =>
        Append(BranchInfo.Main, changes, version, WriteContext.Default, TimeProvider.System.GetUtcNow());

    /// <summary>Reads main's telemetry of a twin in [<paramref name="from"/>, <paramref name="to"/>), ordered by time.</summary>
    public IReadOnlyList<TelemetryPoint> ReadTelemetry(string twinId, string? name, DateTimeOffset from, DateTimeOffset to) =>
        ReadTelemetry([new TelemetrySource(BranchInfo.Main, long.MaxValue)], twinId, name, from, to);

    /// <inheritdoc />
    public WriteRecord? FindWrite(string idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        ThrowIfDisposed();
        using var connection = _data.OpenConnection();
        return FindWrite(connection, idempotencyKey);
    }

    private WriteRecord? FindWrite(NpgsqlConnection connection, string idempotencyKey)
    {
        using var cmd = Command($"SELECT first_seq, last_seq FROM {_s}.writes WHERE idem_key = $1;", connection, null, idempotencyKey);
        using var r = cmd.ExecuteReader();
        return r.Read() ? new WriteRecord(r.GetInt64(0), r.GetInt64(1)) : null;
    }

    /// <inheritdoc />
    public IReadOnlySet<string> FindWrites(IReadOnlyCollection<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (keys.Count == 0) return seen;
        ThrowIfDisposed();
        using var connection = _data.OpenConnection();
        using var cmd = Command($"SELECT idem_key FROM {_s}.writes WHERE idem_key = ANY($1);", connection, null, (object)keys.ToArray());
        using var r = cmd.ExecuteReader();
        while (r.Read()) seen.Add(r.GetString(0));
        return seen;
    }

    /// <inheritdoc />
    public IReadOnlyList<StoredEvent> ReadEvents(EventFilter filter)
    {
        var types = EventTypesSql(filter);
        ThrowIfDisposed();
        using var connection = _data.OpenConnection();
        return ReadEvents(filter, types, connection, null);
    }

    /// <inheritdoc />
    /// <remarks>The same query as <see cref="ReadEvents(EventFilter)"/> on a pooled connection, reads awaited.</remarks>
    public async Task<IReadOnlyList<StoredEvent>> ReadEventsAsync(EventFilter filter, CancellationToken cancellationToken = default)
    {
        var types = EventTypesSql(filter);
        ThrowIfDisposed();
        var result = new List<StoredEvent>();
        await using var connection = await _data.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = EventsCommand(filter, types, connection, null);
        if (cmd is null) return result;
        await using var r = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false)) result.Add(ReadEvent(r));
        return result;
    }

    /// <summary>The filter's event types as an SQL list, or <c>null</c> for all types.</summary>
    private static string? EventTypesSql(EventFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.Types is not { } t) return null;
        // Inlined (type names are identifiers, checked), so the planner can use the partial index on model events.
        if (t.Any(x => x.Length == 0 || !x.All(char.IsAsciiLetter)))
            throw new ArgumentException($"Not an event type: {string.Join(", ", t)}.", nameof(filter));
        return "(" + string.Join(", ", t.Select(x => $"'{x}'")) + ")";
    }

    private List<StoredEvent> ReadEvents(EventFilter filter, string? types, NpgsqlConnection connection, NpgsqlTransaction? tx)
    {
        var result = new List<StoredEvent>();
        using var cmd = EventsCommand(filter, types, connection, tx);
        if (cmd is null) return result;
        using var r = cmd.ExecuteReader();
        while (r.Read()) result.Add(ReadEvent(r));
        return result;
    }

    /// <summary>The query of the events matching <paramref name="filter"/>, or <c>null</c> when none can match.</summary>
    private NpgsqlCommand? EventsCommand(EventFilter filter, string? types, NpgsqlConnection connection, NpgsqlTransaction? tx)
    {
        if (filter.Limit <= 0 || types == "()") return null;
        var cmd = new NpgsqlCommand { Connection = connection, Transaction = tx };
        var sql = new StringBuilder("SELECT e.seq, e.ts, e.actor, e.branch, e.idem_key, e.type, e.twin_id, e.payload FROM ").Append(_s).Append(".events e");
        if (filter.TwinId is not null)
            sql.Append(" JOIN ").Append(_s).Append(".event_twins x ON x.seq = e.seq AND x.twin_id = ").Append(Add(cmd, filter.TwinId));
        sql.Append(" WHERE e.seq > ").Append(Add(cmd, filter.AfterSequence)).Append(" AND e.seq <= ").Append(Add(cmd, filter.UpToSequence));
        if (filter.Branch is not null) sql.Append(" AND e.branch = ").Append(Add(cmd, filter.Branch));
        if (filter.Since is { } since) sql.Append(" AND e.ts >= ").Append(Add(cmd, since.UtcTicks));
        if (types is not null) sql.Append(" AND e.type IN ").Append(types);
        sql.Append(" ORDER BY e.seq");
        if (filter.Limit < int.MaxValue) sql.Append(" LIMIT ").Append(Add(cmd, (long)filter.Limit));
        cmd.CommandText = sql.Append(';').ToString();
        return cmd;
    }

    private static StoredEvent ReadEvent(NpgsqlDataReader r) =>
        new(r.GetInt64(0), FromTicks(r.GetInt64(1)), r.GetString(2), r.GetString(3),
            r.IsDBNull(4) ? null : r.GetString(4), r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6), r.GetString(7));

    /// <inheritdoc />
    public long SequenceAt(DateTimeOffset time)
    {
        ThrowIfDisposed();
        using var connection = _data.OpenConnection();
        using var cmd = Command($"SELECT COALESCE(MAX(seq), 0) FROM {_s}.events WHERE ts <= $1;", connection, null, time.UtcTicks);
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public IReadOnlyList<BranchInfo> LoadBranches()
    {
        ThrowIfDisposed();
        using var connection = _data.OpenConnection();
        using var cmd = Command(
            $"SELECT name, parent, fork_seq, created, merged_parent_seq, merged_branch_seq FROM {_s}.branches ORDER BY name COLLATE \"C\";",
            connection, null);
        var result = new List<BranchInfo>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
            result.Add(new BranchInfo(r.GetString(0), r.GetString(1), r.GetInt64(2), FromTicks(r.GetInt64(3)))
            {
                LastMerge = r.IsDBNull(4) ? null : new MergePoint(r.GetInt64(4), r.GetInt64(5)),
            });
        return result;
    }

    /// <inheritdoc />
    public void SaveBranch(BranchInfo branch)
    {
        ArgumentNullException.ThrowIfNull(branch);
        ThrowIfDisposed();
        using var connection = _data.OpenConnection();
        using var cmd = Command($"""
            INSERT INTO {_s}.branches(name, parent, fork_seq, created, merged_parent_seq, merged_branch_seq) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (name) DO UPDATE SET parent = EXCLUDED.parent, fork_seq = EXCLUDED.fork_seq, created = EXCLUDED.created,
                merged_parent_seq = EXCLUDED.merged_parent_seq, merged_branch_seq = EXCLUDED.merged_branch_seq;
            """, connection, null,
            branch.Name, Text(branch.Parent), branch.ForkSequence, branch.Created.UtcTicks,
            Int64(branch.LastMerge?.ParentSequence), Int64(branch.LastMerge?.BranchSequence));
        cmd.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public void DeleteBranch(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        ThrowIfDisposed();
        using var connection = _data.OpenConnection();
        using var tx = connection.BeginTransaction();
        using (var batch = new NpgsqlBatch(connection, tx))
        {
            foreach (var table in new[] { "event_twins", "branches", "events", "telemetry", "snapshots", "writes" })
                batch.BatchCommands.Add(BatchCommand(
                    $"DELETE FROM {_s}.{table} WHERE {(table == "branches" ? "name" : "branch")} = $1;", name));
            batch.ExecuteNonQuery();
        }
        tx.Commit();
    }

    /// <inheritdoc />
    public void SaveSnapshot(string branch, long sequence, GraphSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(branch);
        ArgumentNullException.ThrowIfNull(snapshot);
        ThrowIfDisposed();
        // The same JSON as SQLite's snapshots; serialized before a connection is taken.
        var payload = SnapshotJson.Write(snapshot.Twins.Values, snapshot.Relationships);
        using var connection = _data.OpenConnection();
        using var cmd = Command($"""
            INSERT INTO {_s}.snapshots(branch, seq, version, payload) VALUES ($1, $2, $3, $4)
            ON CONFLICT (branch, seq) DO UPDATE SET version = EXCLUDED.version, payload = EXCLUDED.payload;
            """, connection, null, branch, sequence, snapshot.Version, payload);
        cmd.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public StoredSnapshot? LoadSnapshot(string branch, long atOrBefore)
    {
        ArgumentNullException.ThrowIfNull(branch);
        ThrowIfDisposed();
        using var connection = _data.OpenConnection();
        return ReadSnapshot(branch, atOrBefore, connection, null);
    }

    private StoredSnapshot? ReadSnapshot(string branch, long atOrBefore, NpgsqlConnection connection, NpgsqlTransaction? tx)
    {
        byte[] payload;
        long seq, version;
        using (var cmd = Command($"SELECT seq, version, payload FROM {_s}.snapshots WHERE branch = $1 AND seq <= $2 ORDER BY seq DESC LIMIT 1;",
                   connection, tx, branch, atOrBefore))
        using (var r = cmd.ExecuteReader())
        {
            if (!r.Read()) return null;
            seq = r.GetInt64(0);
            version = r.GetInt64(1);
            payload = r.GetFieldValue<byte[]>(2);
        }
        return SnapshotJson.Read(seq, version, payload);
    }

    /// <inheritdoc />
    public void SaveDocument(StoredDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        ThrowIfDisposed();
        using var connection = _data.OpenConnection();
        using var cmd = Command($"""
            INSERT INTO {_s}.documents(kind, id, created, title, json) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (kind, id) DO UPDATE SET created = EXCLUDED.created, title = EXCLUDED.title, json = EXCLUDED.json;
            """, connection, null, Text(document.Kind), Text(document.Id), document.Created.UtcTicks, Text(document.Title), Text(document.Json));
        cmd.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public StoredDocument? LoadDocument(string kind, string id) => QueryDocuments(
        $"SELECT kind, id, created, title, json FROM {_s}.documents WHERE kind = $1 AND id = $2;", kind, id).FirstOrDefault();

    /// <inheritdoc />
    public IReadOnlyList<StoredDocument> ListDocuments(string kind) => QueryDocuments(
        $"SELECT kind, id, created, title, '' FROM {_s}.documents WHERE kind = $1 ORDER BY created DESC, id COLLATE \"C\";", kind, null);

    /// <inheritdoc />
    public bool DeleteDocument(string kind, string id)
    {
        ThrowIfDisposed();
        using var connection = _data.OpenConnection();
        using var cmd = Command($"DELETE FROM {_s}.documents WHERE kind = $1 AND id = $2;", connection, null, Text(kind), Text(id));
        return cmd.ExecuteNonQuery() > 0;
    }

    private List<StoredDocument> QueryDocuments(string sql, string kind, string? id)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ThrowIfDisposed();
        using var connection = _data.OpenConnection();
        using var cmd = id is null ? Command(sql, connection, null, kind) : Command(sql, connection, null, kind, id);
        var result = new List<StoredDocument>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
            result.Add(new StoredDocument(r.GetString(0), r.GetString(1), FromTicks(r.GetInt64(2)), r.GetString(3), r.GetString(4)));
        return result;
    }

    /// <inheritdoc />
    public IReadOnlyList<TelemetryPoint> ReadTelemetry(IReadOnlyList<TelemetrySource> lineage, string twinId, string? name, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(lineage);
        ArgumentNullException.ThrowIfNull(twinId);
        ThrowIfDisposed();
        var result = new List<TelemetryPoint>();
        if (lineage.Count == 0) return result;
        using var connection = _data.OpenConnection();
        using var cmd = new NpgsqlCommand { Connection = connection };
        var sql = new StringBuilder("SELECT component, name, ts, value FROM ").Append(_s).Append(".telemetry WHERE twin_id = ").Append(Add(cmd, twinId))
            .Append(" AND ts >= ").Append(Add(cmd, from.UtcTicks)).Append(" AND ts < ").Append(Add(cmd, to.UtcTicks));
        if (name is not null) sql.Append(" AND name = ").Append(Add(cmd, name));
        sql.Append(" AND (");
        for (var i = 0; i < lineage.Count; i++)
        {
            if (i > 0) sql.Append(" OR ");
            sql.Append("(branch = ").Append(Add(cmd, lineage[i].Branch)).Append(" AND seq > ").Append(Add(cmd, lineage[i].AfterSequence))
                .Append(" AND seq <= ").Append(Add(cmd, lineage[i].UpToSequence)).Append(')');
        }
        // Ties in time keep insertion order (the event, then the point's place in it), as the in-memory store's stable sort does.
        cmd.CommandText = sql.Append(") ORDER BY ts, seq, ord;").ToString();
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            using var doc = JsonDocument.Parse(r.GetString(3));
            result.Add(new TelemetryPoint(twinId, r.IsDBNull(0) ? null : r.GetString(0), r.GetString(1), FromTicks(r.GetInt64(2)), doc.RootElement.Clone()));
        }
        return result;
    }

    /// <summary>Closes the store's connections. Further use throws <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        lock (_appendGate)
        {
            if (_disposed) return;
            _disposed = true;
        }
        _data.Dispose();
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    private void UpdateLast(long last)
    {
        long seen;
        do
        {
            seen = Interlocked.Read(ref _last);
            if (last <= seen) return;
        }
        while (Interlocked.CompareExchange(ref _last, last, seen) != seen);
    }

    /// <summary>Quotes a (checked) identifier.</summary>
    internal static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>Whether <paramref name="s"/> is a schema name a store accepts: letters, digits and underscores, not starting
    /// with a digit, at most 63 characters (so settings can be checked before a connection is tried).</summary>
    public static bool IsIdentifier(string s) =>
        s.Length is > 0 and <= 63 && !char.IsAsciiDigit(s[0]) && s.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>Whether the connection string sets one of <paramref name="keys"/> (compared without spaces or case).</summary>
    private static bool HasKey(string connectionString, params string[] keys)
    {
        static string Normal(string k) => k.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        return given.Keys.Cast<string>().Any(k => keys.Any(w => Normal(w) == Normal(k)));
    }

    private static DateTimeOffset FromTicks(long utcTicks) => new(utcTicks, TimeSpan.Zero);

    /// <summary>A nullable text parameter value: null becomes SQL NULL, so a NOT NULL column refuses it (and the
    /// transaction rolls back like any failure).</summary>
    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter Int64(long? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint };

    private static NpgsqlParameter Parameter(object? value) => value switch
    {
        NpgsqlParameter p => p,
        null => new NpgsqlParameter { Value = DBNull.Value },
        _ => new NpgsqlParameter { Value = value },
    };

    /// <summary>Adds a positional parameter to <paramref name="cmd"/> and returns its placeholder.</summary>
    private static string Add(NpgsqlCommand cmd, object value)
    {
        cmd.Parameters.Add(Parameter(value));
        return "$" + cmd.Parameters.Count.ToString(CultureInfo.InvariantCulture);
    }

    private static NpgsqlCommand Command(string sql, NpgsqlConnection connection, NpgsqlTransaction? tx, params object?[] parameters)
    {
        var cmd = new NpgsqlCommand(sql, connection, tx);
        foreach (var p in parameters) cmd.Parameters.Add(Parameter(p));
        return cmd;
    }

    private static NpgsqlBatchCommand BatchCommand(string sql, params object?[] parameters)
    {
        var cmd = new NpgsqlBatchCommand(sql);
        foreach (var p in parameters) cmd.Parameters.Add(Parameter(p));
        return cmd;
    }
}
