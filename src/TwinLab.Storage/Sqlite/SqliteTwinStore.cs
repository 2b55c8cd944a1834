using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using System.Globalization;
using System.Text;
using TwinLab.Core.Errors;
using TwinLab.Core.History;
using TwinLab.Core.Models;
using TwinLab.Core.Twins;
using TwinLab.Storage.Encryption;

[assembly: InternalsVisibleTo("TwinLab.Storage.Tests")]

namespace TwinLab.Storage.Sqlite;

/// <summary>
/// The embedded default store: one SQLite file holding the event log, main's materialized state, branches,
/// snapshots and telemetry.
/// </summary>
/// <remarks>
/// <para>The file is opened in WAL mode with <c>synchronous=NORMAL</c> (a commit survives a process crash; after an
/// OS crash or power loss the last commits may be lost, but the file stays consistent) and a busy timeout. The WAL is
/// checkpointed by a background thread, not inside commits (see <see cref="CheckpointLoop"/>).</para>
/// <para>Schema (version <see cref="SchemaVersion"/>, recorded in <c>meta</c> under <c>schema_version</c>):</para>
/// <list type="bullet">
/// <item><c>events(seq, ts, actor, branch, idem_key, type, twin_id, other_twin, more_twins, payload)</c>: the append-only
/// log, one row per change with its <see cref="GraphChangeJson"/> payload and the twins it touches; <c>event_twins(twin_id, seq)</c>
/// indexes those twins, filled in batches (see <see cref="CatchUpTwinIndexLocked"/>); <c>writes(idem_key, first_seq, last_seq)</c> remembers the
/// idempotency keys of committed writes; <c>branches(name, parent, fork_seq, created)</c>;
/// <c>snapshots(branch, seq, version, payload)</c>: periodic snapshots of main's twins and relationships for "as of" reads.</item>
/// <item><c>documents(kind, id, created, title, json)</c>: documents kept beside the graph, such as experiment results.</item>
/// <item><c>audit(seq, ts, actor, auth, address, action, resource, outcome, correlation, detail, prev_hash, hash)</c>: the
/// hash-chained audit log (see <see cref="SqliteAuditStore"/>); triggers refuse updates and deletes.</item>
/// <item><c>meta(key, value)</c>: <c>schema_version</c>, and <c>version</c> — main's graph version after the last append.</item>
/// <item><c>models(id, definition, source_file, upload_time, decommissioned, parent_id, context)</c>: the interface's JSON
/// text exactly as imported; interfaces are rebuilt by parsing the definitions again on <see cref="Load"/>. For an inline
/// interface <c>parent_id</c> names the interface whose text holds it and <c>context</c> the <c>@context</c> it inherited
/// (see <see cref="InlineInterfaces"/>).</item>
/// <item>Main's twins and relationships are not kept row by row: <see cref="Load"/> folds main's events after its latest
/// snapshot (<see cref="TwinJson"/> form, which round-trips exactly: ETags, values, last update times, components), so an
/// append writes one row per event and nothing else.</item>
/// <item><c>telemetry(twin_id, component, name, ts, value, branch, seq)</c>: one row per point, <c>value</c> the raw JSON
/// text, <c>branch</c> and <c>seq</c> the event that appended it.</item>
/// </list>
/// <para>Times (<c>telemetry.ts</c>, <c>models.upload_time</c>) are stored as UTC ticks (100 ns units since
/// 0001-01-01, <see cref="DateTimeOffset.UtcTicks"/>): full <see cref="DateTimeOffset"/> precision, integer ordering.
/// The original offset is not kept; values come back in UTC (the same instant).</para>
/// <para>Thread-safe: the connection is used under a lock, so a telemetry read waits for a running commit.</para>
/// </remarks>
public sealed partial class SqliteTwinStore : ITwinStore
{
    /// <summary>The schema version this build writes and reads.</summary>
    public const int SchemaVersion = 5;

    private const int BusyTimeoutMs = 10_000;

    /// <summary>The connection's page cache, at most (SQLite takes pages as it needs them): 64 MiB instead of SQLite's
    /// 2 MiB. Telemetry intake inserts into each twin's part of the telemetry and key indexes on every commit; with the
    /// default cache those pages fell out between commits and were read back, three reads a message, each a system
    /// call.</summary>
    private const int CacheKibibytes = 64 * 1024;

    /// <summary>WAL frames (pages) after which the background checkpointer starts the WAL over: 16 MB of 4 KB pages.
    /// Settable for tests.</summary>
    internal int CheckpointFrames { get; set; } = 4096;

    /// <summary>SQLite's own checkpoint inside a commit, only as a safety valve should the background checkpointer fall
    /// behind or stop: 256 MB of 4 KB pages, far more than it lets the WAL reach.</summary>
    private const int AutoCheckpointFrames = 65_536;

    /// <summary>How often the background checkpointer copies the WAL back into the database.</summary>
    private static readonly TimeSpan CheckpointPeriod = TimeSpan.FromMilliseconds(100);

    /// <summary>Events indexed per transaction when a snapshot catches up the twin index: small, so appends interleave.</summary>
    private const int SnapshotIndexChunk = 2_000;

    // SQLite primary result codes.
    private const int SqliteCorrupt = 11;
    private const int SqliteCantOpen = 14;
    private const int SqliteNotADb = 26;

    private readonly Lock _gate = new();
    private readonly string _path;
    private readonly OpenDatabaseFiles.Lease _lease;
    private readonly SqliteConnection _connection;
    private readonly Statements _sql;
    private readonly TelemetryInserter _telemetry;
    private readonly EventInserter _events;
    private readonly WriteKeyInserter _keys;

    // An event's payload is written here and bound as UTF-8, reused from one event to the next (under the lock); started
    // afresh after a large one (a model import) so the store does not keep its buffer.
    private const int PayloadBufferKept = 256 * 1024;
    private ArrayBufferWriter<byte> _payload = new(1024);
    private Utf8JsonWriter _json;
    private bool _disposed;
    private long _last;

    // The background checkpointer: started by the first append, stopped by Dispose.
    private Thread? _checkpointer;
    private readonly ManualResetEventSlim _stopCheckpointer = new();

    private SqliteTwinStore(string path, SqliteConnection connection, OpenDatabaseFiles.Lease lease)
    {
        _path = path;
        _lease = lease;
        _connection = connection;
        _sql = new Statements(connection);
        _telemetry = new TelemetryInserter(connection);
        _events = new EventInserter(connection);
        _keys = new WriteKeyInserter(connection);
        _json = new Utf8JsonWriter(_payload);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = LastSequenceSql;
        _last = Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>The log's last sequence number as stored: <c>meta.last_seq</c>, or the last event for files from before it
    /// was kept (both are point lookups).</summary>
    private const string LastSequenceSql =
        "SELECT MAX(COALESCE((SELECT value FROM meta WHERE key = 'last_seq'), 0), COALESCE((SELECT MAX(seq) FROM events), 0));";

    /// <summary>The database file.</summary>
    public string Path => _path;

    /// <summary>Test hook: called inside the commit transaction before each change is written, with its index.
    /// Throwing from it makes the commit fail part-way, as a real failure would.</summary>
    internal Action<int, GraphChange>? BeforeChange { get; set; }

    /// <summary>Opens the store at <paramref name="path"/>, creating the file and its schema if missing.</summary>
    /// <exception cref="TwinLabException">
    /// (<see cref="ErrorCodes.InvalidArgument"/>) The file is not a SQLite database, cannot be opened, or was written by a
    /// newer TwinLab (its schema version is higher than <see cref="SchemaVersion"/>).
    /// </exception>
    /// <remarks>A database encrypted at rest is opened with the master key from <see cref="MasterKey.EnvironmentVariable"/>;
    /// see <see cref="Open(string, MasterKey)"/>.</remarks>
    public static SqliteTwinStore Open(string path) => Open(path, null);

    private static SqliteTwinStore OpenFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        // The header is read with plain I/O only when no store of this process has the file open (see OpenDatabaseFiles).
        var lease = OpenDatabaseFiles.Acquire(path, RefuseForeignFile);
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // Without pooling, Dispose really closes the file (so it can be deleted or reopened at once).
            Pooling = false,
            DefaultTimeout = BusyTimeoutMs / 1000,
        }.ToString();
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            RefuseForeignDatabase(connection, path);
            Execute(connection, "PRAGMA journal_mode=WAL;");
            Execute(connection, "PRAGMA synchronous=NORMAL;");
            // Checkpoints run on a background thread (CheckpointLoop), not inside a commit, where copying 16 MB of pages back
            // and syncing the file held up every write behind it; SQLite's own remains only as a safety valve.
            Execute(connection, $"PRAGMA wal_autocheckpoint={AutoCheckpointFrames};");
            Execute(connection, $"PRAGMA busy_timeout={BusyTimeoutMs};");
            Execute(connection, $"PRAGMA cache_size=-{CacheKibibytes};");
            EnsureSchema(connection, path);
            return new SqliteTwinStore(path, connection, lease);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is SqliteNotADb or SqliteCorrupt)
        {
            connection.Dispose();
            lease.Dispose();
            throw new TwinLabException(ErrorCodes.InvalidArgument,
                $"'{path}' is not a TwinLab database: the file is not a SQLite database or is corrupt ({ex.Message.TrimEnd('.')}).");
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is SqliteCantOpen)
        {
            connection.Dispose();
            lease.Dispose();
            throw new TwinLabException(ErrorCodes.InvalidArgument,
                $"Cannot open the TwinLab database '{path}': {ex.Message.TrimEnd('.')}. Does its directory exist and is it writable?");
        }
        catch
        {
            connection.Dispose();
            lease.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    /// <exception cref="TwinLabException">(<see cref="ErrorCodes.DtdlParserError"/>) The stored models no longer parse.</exception>
    public GraphSnapshot Load()
    {
        try
        {
            return LoadMain();
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is SqliteNotADb or SqliteCorrupt)
        {
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"'{_path}' is corrupt: {ex.Message.TrimEnd('.')}. It was left unchanged.");
        }
    }

    /// <summary>The graph event types that change twins and relationships (the rest are models and telemetry).</summary>
    private static readonly string[] GraphEventTypes =
        [nameof(TwinWritten), nameof(TwinDeleted), nameof(RelationshipWritten), nameof(RelationshipDeleted)];

    /// <summary>Above this many events folded at start-up, <see cref="Load"/> saves a snapshot so the next start is quick.</summary>
    internal int LoadSnapshotThreshold { get; set; } = 50_000;

    /// <summary>
    /// Main's state: the current models (kept in <c>models</c>), main's latest snapshot of twins and relationships, and
    /// main's twin and relationship events after it folded on. The log is the source of truth; no per-event state table
    /// is kept, which is what lets an append write one row per event.
    /// </summary>
    private GraphSnapshot LoadMain()
    {
        GraphSnapshot start;
        List<StoredEvent> tail;
        long version, position;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            // One read transaction: a consistent view even if another process commits meanwhile (WAL readers see a snapshot).
            using var tx = _connection.BeginTransaction(deferred: true);
            version = ReadVersion(tx);
            using (var cmd = Command("SELECT COALESCE((SELECT value FROM meta WHERE key = 'last_seq'), 0);", tx))
                position = Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
            var models = LoadModels(tx);
            var stored = ReadSnapshotLocked(BranchInfo.Main, long.MaxValue, tx);
            start = stored is null
                ? GraphSnapshot.Empty with { Models = ModelSet.Empty.With(models) }
                : GraphSnapshotFactory.Build(models, stored.Twins, stored.Relationships, stored.Version);
            tail = ReadEventsLocked(new EventFilter(BranchInfo.Main, AfterSequence: stored?.Sequence ?? 0, Types: GraphEventTypes), tx);
        }
        var state = EventFold.Apply(start, tail);
        // The version main's last commit recorded (the service aligns it with the sequence number; a fold alone would miss
        // a trailing telemetry or model event).
        state = state with { Version = version > 0 ? version : state.Version };
        if (tail.Count > LoadSnapshotThreshold)
        {
            try
            {
                // Keyed by the log position folded up to; best effort (a busy file only means a longer fold next time).
                SaveSnapshot(BranchInfo.Main, position, state);
            }
            catch (SqliteException)
            {
            }
        }
        return state;
    }

    /// <inheritdoc />
    /// <remarks>Without the store's lock: the service reads it on every write, and the lock may be held meanwhile by the
    /// checkpointer's second pass or a snapshot's twin indexing. Set only after a commit, so it never names an event
    /// that is not committed.</remarks>
    public long LastSequence => Volatile.Read(ref _last);

    /// <inheritdoc />
    /// <remarks>One query on the connection (a WAL read: it never waits for a writer), so a follower may poll it often.
    /// The branch stamp aggregates the (small) branches table: its count and the sums of what a create, merge or discard
    /// changes.</remarks>
    public LogHead ReadHead()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var r = _sql.Head.ExecuteReader();
            r.Read();
            return new LogHead(r.GetInt64(0), r.GetString(1));
        }
    }

    /// <inheritdoc />
    /// <remarks>One transaction: the events, main's models (for model writes on main), telemetry rows and the
    /// idempotency record; if any of it fails, the transaction is rolled back and the exception rethrown. The events are
    /// numbered after the log's stored end, read inside the (immediate, so exclusive) transaction: another process
    /// sharing the file — a CLI command beside a server — may have appended since this instance last did.</remarks>
    public AppendResult Append(string branch, IReadOnlyList<GraphChange> changes, long version, WriteContext context, DateTimeOffset timestamp) =>
        AppendCore(null, branch, changes, version, context, timestamp);

    /// <inheritdoc />
    /// <remarks>The check runs inside the append's immediate transaction, which holds SQLite's write lock, so no other
    /// process can append between the check and the commit.</remarks>
    public AppendResult AppendAfter(long expectedLastSequence, string branch, IReadOnlyList<GraphChange> changes, long version, WriteContext context, DateTimeOffset timestamp) =>
        AppendCore(expectedLastSequence, branch, changes, version, context, timestamp);

    private AppendResult AppendCore(long? expected, string branch, IReadOnlyList<GraphChange> changes, long version, WriteContext context, DateTimeOffset timestamp)
    {
        ArgumentNullException.ThrowIfNull(changes);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            StartCheckpointerLocked();
            // BEGIN IMMEDIATE: the write lock is taken now (waiting up to the busy timeout for another process's commit),
            // so the end of the log read below stays the end until this commit.
            var tx = _connection.BeginTransaction();
            long seq, start;
            try
            {
                _sql.LastSequence.Transaction = tx;
                start = seq = Convert.ToInt64(_sql.LastSequence.ExecuteScalar(), CultureInfo.InvariantCulture);
                // The position first, then the key: a writer whose key another process committed since its catch-up must
                // hear that the log moved (catch up, fold that write, then see its key as committed), not "duplicate" —
                // that would leave it holding changes it never stored. Both are read under the write lock, so a key
                // committed a moment ago by another process is seen here rather than failing the insert below.
                if (expected is { } e && e != start) throw new LogMovedException(e, start);
                if (context.IdempotencyKey is { } key && FindWriteLocked(key, tx) is { } seen)
                {
                    tx.Rollback();
                    return new AppendResult(seen.FirstSequence, seen.LastSequence, Duplicate: true);
                }
                _sql.Enlist(tx);
                var main = branch == BranchInfo.Main;
                for (var i = 0; i < changes.Count; i++)
                {
                    var change = changes[i];
                    BeforeChange?.Invoke(i, change);
                    seq++;
                    var twins = GraphChangeJson.TwinsOf(change) as IReadOnlyList<string> ?? [.. GraphChangeJson.TwinsOf(change)];
                    _payload.ResetWrittenCount();
                    _json.Reset();
                    GraphChangeJson.Write(_json, change);
                    _json.Flush();
                    if (_twinKeys is not null && change is TwinWritten written && SealingKey(written.Twin.Id, written.Twin.ModelId) is { } eventKey)
                        _events.Insert(seq, timestamp.UtcTicks, context.Actor, branch, context.IdempotencyKey, GraphChangeJson.TypeOf(change),
                            twins, RecordCipher.Seal(eventKey, _payload.WrittenSpan, EventAad(seq, written.Twin.Id)), sealedPayload: true);
                    else
                        _events.Insert(seq, timestamp.UtcTicks, context.Actor, branch, context.IdempotencyKey, GraphChangeJson.TypeOf(change),
                            twins, _payload.WrittenSpan);
                    if (change is TelemetryAppended t)
                        foreach (var p in t.Points)
                            _telemetry.Insert(p, branch, seq, _twinKeys?.KeyOf(p.TwinId) is { } pointKey
                                ? RecordCipher.Seal(pointKey, System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(p.Value), TelemetryAad(p.TwinId, seq, p.Component, p.Name, p.Timestamp.UtcTicks))
                                : null);
                    else if (main && change is ModelsImported or ModelDeleted or ModelDecommissioned)
                        WriteModels(change);
                }
                if (main)
                {
                    _sql.SetMeta.Parameters[0].Value = "version";
                    _sql.SetMeta.Parameters[1].Value = version;
                    _sql.SetMeta.ExecuteNonQuery();
                }
                if (context.IdempotencyKey is { } k && changes.Count > 0) _keys.Insert(k, start + 1, seq, branch);
                if (context.ItemKeys is { } items && changes.Count > 0)
                    foreach (var item in items) _keys.Insert(item, start + 1, seq, branch);
                _sql.SetMeta.Parameters[0].Value = "last_seq";
                _sql.SetMeta.Parameters[1].Value = seq;
                _sql.SetMeta.ExecuteNonQuery();
                tx.Commit();
                var result = new AppendResult(start + 1, seq, Duplicate: false);
                // Read without the lock (LastSequence): a long is written whole.
                Volatile.Write(ref _last, seq);
                return result;
            }
            catch
            {
                try
                {
                    tx.Rollback();
                }
                catch (Exception ex) when (ex is SqliteException or InvalidOperationException)
                {
                    // SQLite may already have rolled back (e.g. after an I/O error); the original failure is what matters.
                }
                throw;
            }
            finally
            {
                _sql.Enlist(null);
                tx.Dispose();
                if (_payload.Capacity > PayloadBufferKept)
                {
                    _json.Dispose();
                    _payload = new ArrayBufferWriter<byte>(1024);
                    _json = new Utf8JsonWriter(_payload);
                }
            }
        }
    }

    /// <summary>Appends changes to main with the default context (actor <c>cli</c>, no key), now.</summary>
    public void Commit(IReadOnlyList<GraphChange> changes, long version) =>
        Append(BranchInfo.Main, changes, version, WriteContext.Default, TimeProvider.System.GetUtcNow());

    /// <summary>Reads main's telemetry of a twin in [<paramref name="from"/>, <paramref name="to"/>), ordered by time.</summary>
    public IReadOnlyList<TelemetryPoint> ReadTelemetry(string twinId, string? name, DateTimeOffset from, DateTimeOffset to) =>
        ReadTelemetry([new TelemetrySource(BranchInfo.Main, long.MaxValue)], twinId, name, from, to);

    /// <inheritdoc />
    public WriteRecord? FindWrite(string idempotencyKey)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return FindWriteLocked(idempotencyKey);
        }
    }

    /// <inheritdoc />
    public IReadOnlySet<string> FindWrites(IReadOnlyCollection<string> keys)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (keys.Count == 0) return seen;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            // One query for the whole batch: the keys go in as a JSON array (json_each), so a batch of thousands of
            // messages costs one statement instead of one lookup each.
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = "SELECT idem_key FROM writes WHERE idem_key IN (SELECT value FROM json_each($keys));";
            cmd.Parameters.AddWithValue("$keys", System.Text.Json.JsonSerializer.Serialize(keys));
            using var r = cmd.ExecuteReader();
            while (r.Read()) seen.Add(r.GetString(0));
        }
        return seen;
    }

    private WriteRecord? FindWriteLocked(string key, SqliteTransaction? tx = null)
    {
        using var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT first_seq, last_seq FROM writes WHERE idem_key = $k;";
        cmd.Parameters.AddWithValue("$k", key);
        using var r = cmd.ExecuteReader();
        return r.Read() ? new WriteRecord(r.GetInt64(0), r.GetInt64(1)) : null;
    }

    /// <inheritdoc />
    public IReadOnlyList<StoredEvent> ReadEvents(EventFilter filter)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (filter.TwinId is not null) CatchUpTwinIndexLocked();
            return ReadEventsLocked(filter, null);
        }
    }

    private List<StoredEvent> ReadEventsLocked(EventFilter filter, SqliteTransaction? tx)
    {
        {
            using var cmd = _connection.CreateCommand();
            cmd.Transaction = tx;
            var sql = new StringBuilder("SELECT seq, ts, actor, branch, idem_key, type, twin_id, payload FROM events WHERE seq > $after AND seq <= $upto");
            cmd.Parameters.AddWithValue("$after", filter.AfterSequence);
            cmd.Parameters.AddWithValue("$upto", filter.UpToSequence);
            if (filter.Branch is not null)
            {
                sql.Append(" AND branch = $branch");
                cmd.Parameters.AddWithValue("$branch", filter.Branch);
            }
            if (filter.TwinId is not null)
            {
                sql.Append(" AND seq IN (SELECT seq FROM event_twins WHERE twin_id = $twin)");
                cmd.Parameters.AddWithValue("$twin", filter.TwinId);
            }
            if (filter.Since is { } since)
            {
                sql.Append(" AND ts >= $since");
                cmd.Parameters.AddWithValue("$since", since.UtcTicks);
            }
            if (filter.Types is { } types)
            {
                // Inlined (type names are identifiers, checked), so SQLite can use the partial index on model events.
                if (types.Any(t => t.Length == 0 || !t.All(char.IsAsciiLetter)))
                    throw new ArgumentException($"Not an event type: {string.Join(", ", types)}.", nameof(filter));
                sql.Append(" AND type IN (").AppendJoin(", ", types.Select(t => $"'{t}'")).Append(')');
            }
            sql.Append(" ORDER BY seq LIMIT $limit;");
            cmd.Parameters.AddWithValue("$limit", filter.Limit);
            cmd.CommandText = sql.ToString();
            var result = new List<StoredEvent>();
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var seq = r.GetInt64(0);
                var twin = r.IsDBNull(6) ? null : r.GetString(6);
                // An encrypted payload is a blob; plain payloads are text.
                var payload = r.GetValue(7) is byte[] sealedPayload
                    ? Encoding.UTF8.GetString(OpenRecord(twin!, sealedPayload, EventAad(seq, twin!), $"Event {seq.ToString(CultureInfo.InvariantCulture)}"))
                    : r.GetString(7);
                result.Add(new StoredEvent(seq, FromTicks(r.GetInt64(1)), r.GetString(2), r.GetString(3),
                    r.IsDBNull(4) ? null : r.GetString(4), r.GetString(5), twin, payload));
            }
            return result;
        }
    }

    /// <inheritdoc />
    public long SequenceAt(DateTimeOffset time)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = "SELECT COALESCE(MAX(seq), 0) FROM events WHERE ts <= $t;";
            cmd.Parameters.AddWithValue("$t", time.UtcTicks);
            return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<BranchInfo> LoadBranches()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = "SELECT name, parent, fork_seq, created, merged_parent_seq, merged_branch_seq FROM branches ORDER BY name;";
            var result = new List<BranchInfo>();
            using var r = cmd.ExecuteReader();
            while (r.Read())
                result.Add(new BranchInfo(r.GetString(0), r.GetString(1), r.GetInt64(2), FromTicks(r.GetInt64(3)))
                {
                    LastMerge = r.IsDBNull(4) ? null : new MergePoint(r.GetInt64(4), r.GetInt64(5)),
                });
            return result;
        }
    }

    /// <inheritdoc />
    public void SaveBranch(BranchInfo branch)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = "INSERT OR REPLACE INTO branches(name, parent, fork_seq, created, merged_parent_seq, merged_branch_seq) VALUES ($n, $p, $f, $c, $mp, $mb);";
            cmd.Parameters.AddWithValue("$mp", (object?)branch.LastMerge?.ParentSequence ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$mb", (object?)branch.LastMerge?.BranchSequence ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$n", branch.Name);
            cmd.Parameters.AddWithValue("$p", DbValue(branch.Parent));
            cmd.Parameters.AddWithValue("$f", branch.ForkSequence);
            cmd.Parameters.AddWithValue("$c", branch.Created.UtcTicks);
            cmd.ExecuteNonQuery();
        }
    }

    /// <inheritdoc />
    public void DeleteBranch(string name)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var tx = _connection.BeginTransaction();
            // The twin index first: its rows are found through the branch's events.
            foreach (var sql in new[]
            {
                "DELETE FROM event_twins WHERE (twin_id, seq) IN (" +
                    "SELECT twin_id, seq FROM events WHERE branch = $n AND twin_id IS NOT NULL " +
                    "UNION ALL SELECT other_twin, seq FROM events WHERE branch = $n AND other_twin IS NOT NULL " +
                    "UNION ALL SELECT j.value, e.seq FROM events e, json_each(e.more_twins) j WHERE e.branch = $n AND e.more_twins IS NOT NULL);",
                "DELETE FROM branches WHERE name = $n;",
                "DELETE FROM events WHERE branch = $n;",
                "DELETE FROM telemetry WHERE branch = $n;",
                "DELETE FROM snapshots WHERE branch = $n;",
                "DELETE FROM writes WHERE branch = $n;",
            })
            {
                using var cmd = Command(sql, tx);
                cmd.Parameters.AddWithValue("$n", name);
                cmd.ExecuteNonQuery();
            }
            tx.Commit();
        }
    }

    /// <inheritdoc />
    /// <remarks>Serializing and indexing run outside the connection's lock, or in short chunks under it, so appends from
    /// other threads are held up only briefly: the service saves snapshots in the background while it writes.</remarks>
    public void SaveSnapshot(string branch, long sequence, GraphSnapshot snapshot)
    {
        var payload = SnapshotPayload(branch, sequence, snapshot.Twins.Values, snapshot.Relationships);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = "INSERT OR REPLACE INTO snapshots(branch, seq, version, payload) VALUES ($b, $s, $v, $p);";
            cmd.Parameters.AddWithValue("$b", branch);
            cmd.Parameters.AddWithValue("$s", sequence);
            cmd.Parameters.AddWithValue("$v", snapshot.Version);
            cmd.Parameters.AddWithValue("$p", payload);
            cmd.ExecuteNonQuery();
        }
        // Snapshots come every few thousand events: a good moment to index the twins of the events since the last one,
        // in chunks that each take the lock briefly (a read by twin still catches up fully first).
        while (true)
        {
            lock (_gate)
            {
                if (_disposed || !CatchUpTwinIndexChunk(SnapshotIndexChunk)) return;
            }
        }
    }

    /// <inheritdoc />
    public void SaveDocument(StoredDocument document)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = "INSERT OR REPLACE INTO documents(kind, id, created, title, json) VALUES ($k, $i, $c, $t, $j);";
            cmd.Parameters.AddWithValue("$k", document.Kind);
            cmd.Parameters.AddWithValue("$i", document.Id);
            cmd.Parameters.AddWithValue("$c", document.Created.UtcTicks);
            cmd.Parameters.AddWithValue("$t", SealDocumentField(document.Kind, document.Id, "title", document.Title));
            cmd.Parameters.AddWithValue("$j", SealDocumentField(document.Kind, document.Id, "json", document.Json));
            cmd.ExecuteNonQuery();
        }
    }

    /// <inheritdoc />
    public StoredDocument? LoadDocument(string kind, string id) => QueryDocuments(
        "SELECT kind, id, created, title, json FROM documents WHERE kind = $k AND id = $i;", kind, id).FirstOrDefault();

    /// <inheritdoc />
    public IReadOnlyList<StoredDocument> ListDocuments(string kind) => QueryDocuments(
        "SELECT kind, id, created, title, '' FROM documents WHERE kind = $k ORDER BY created DESC, id;", kind, null);

    /// <inheritdoc />
    public bool DeleteDocument(string kind, string id)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = "DELETE FROM documents WHERE kind = $k AND id = $i;";
            cmd.Parameters.AddWithValue("$k", kind);
            cmd.Parameters.AddWithValue("$i", id);
            return cmd.ExecuteNonQuery() > 0;
        }
    }

    private List<StoredDocument> QueryDocuments(string sql, string kind, string? id)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = sql;
            cmd.Parameters.AddWithValue("$k", kind);
            if (id is not null) cmd.Parameters.AddWithValue("$i", id);
            var result = new List<StoredDocument>();
            using var r = cmd.ExecuteReader();
            while (r.Read())
                result.Add(new StoredDocument(r.GetString(0), r.GetString(1), FromTicks(r.GetInt64(2)),
                    OpenDocumentField(r.GetString(0), r.GetString(1), "title", r.GetValue(3)), OpenDocumentField(r.GetString(0), r.GetString(1), "json", r.GetValue(4))));
            return result;
        }
    }

    /// <inheritdoc />
    public StoredSnapshot? LoadSnapshot(string branch, long atOrBefore)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return ReadSnapshotLocked(branch, atOrBefore, null);
        }
    }

    private StoredSnapshot? ReadSnapshotLocked(string branch, long atOrBefore, SqliteTransaction? tx)
    {
        byte[] payload;
        long seq, version;
        using (var cmd = _connection.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = "SELECT seq, version, payload FROM snapshots WHERE branch = $b AND seq <= $s ORDER BY seq DESC LIMIT 1;";
            cmd.Parameters.AddWithValue("$b", branch);
            cmd.Parameters.AddWithValue("$s", atOrBefore);
            using var r = cmd.ExecuteReader();
            if (!r.Read()) return null;
            seq = r.GetInt64(0);
            version = r.GetInt64(1);
            payload = (byte[])r.GetValue(2);
        }
        return ParseSnapshot(branch, seq, version, payload);
    }



    /// <inheritdoc />
    public IReadOnlyList<TelemetryPoint> ReadTelemetry(IReadOnlyList<TelemetrySource> lineage, string twinId, string? name, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentNullException.ThrowIfNull(twinId);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            using var cmd = _connection.CreateCommand();
            var sql = new StringBuilder("SELECT component, name, ts, value, seq FROM telemetry WHERE twin_id = $twin AND ts >= $from AND ts < $to");
            cmd.Parameters.AddWithValue("$twin", twinId);
            cmd.Parameters.AddWithValue("$from", from.UtcTicks);
            cmd.Parameters.AddWithValue("$to", to.UtcTicks);
            if (name is not null)
            {
                sql.Append(" AND name = $name");
                cmd.Parameters.AddWithValue("$name", name);
            }
            sql.Append(" AND (");
            for (var i = 0; i < lineage.Count; i++)
            {
                if (i > 0) sql.Append(" OR ");
                sql.Append($"(branch = $b{i} AND seq > $a{i} AND seq <= $u{i})");
                cmd.Parameters.AddWithValue($"$b{i}", lineage[i].Branch);
                cmd.Parameters.AddWithValue($"$a{i}", lineage[i].AfterSequence);
                cmd.Parameters.AddWithValue($"$u{i}", lineage[i].UpToSequence);
            }
            // Ties in time keep insertion order (rowid), as the in-memory store's stable sort does.
            sql.Append(") ORDER BY ts, rowid;");
            cmd.CommandText = sql.ToString();
            var result = new List<TelemetryPoint>();
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                var component = r.IsDBNull(0) ? null : r.GetString(0);
                var name2 = r.GetString(1);
                var ticks = r.GetInt64(2);
                using var doc = r.GetValue(3) is byte[] sealedValue
                    ? JsonDocument.Parse(OpenRecord(twinId, sealedValue, TelemetryAad(twinId, r.GetInt64(4), component, name2, ticks), "A telemetry value"))
                    : JsonDocument.Parse(r.GetString(3));
                result.Add(new TelemetryPoint(twinId, component, name2, FromTicks(ticks), doc.RootElement.Clone()));
            }
            return result;
        }
    }

    /// <summary>
    /// Brings <c>event_twins</c> (twin id → sequence numbers, for <c>history --twin</c>) up to the last event. The index is
    /// kept out of the append path on purpose: a per-twin index written row by row scatters every commit over as many
    /// B-tree pages as twins written, which cost more than the log row itself. Catching up in bulk, sorted by twin,
    /// touches each page once per batch. Runs when a snapshot is saved and before any read by twin.
    /// </summary>
    private void CatchUpTwinIndexLocked()
    {
        // In chunks, each its own transaction: a first catch-up over a long log neither holds the write lock for long
        // nor loads every pair into memory.
        while (CatchUpTwinIndexChunk(50_000)) { }
    }

    /// <summary>Indexes up to <paramref name="maxEvents"/> events past the watermark; returns whether more remain.</summary>
    private bool CatchUpTwinIndexChunk(int maxEvents)
    {
        using var tx = _connection.BeginTransaction();
        long upTo;
        using (var cmd = Command("SELECT COALESCE((SELECT value FROM meta WHERE key = 'twin_index_seq'), 0);", tx))
            upTo = Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
        var entries = new List<(string Twin, long Seq)>();
        var last = upTo;
        var read = 0;
        using (var cmd = Command("SELECT seq, twin_id, other_twin, more_twins FROM events WHERE seq > $after ORDER BY seq LIMIT $n;", tx))
        {
            cmd.Parameters.AddWithValue("$after", upTo);
            cmd.Parameters.AddWithValue("$n", maxEvents);
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                read++;
                var seq = last = r.GetInt64(0);
                if (!r.IsDBNull(1)) entries.Add((r.GetString(1), seq));
                if (!r.IsDBNull(2)) entries.Add((r.GetString(2), seq));
                if (!r.IsDBNull(3))
                    foreach (var twin in JsonSerializer.Deserialize<string[]>(r.GetString(3)) ?? []) entries.Add((twin, seq));
            }
        }
        if (read == 0) return false;
        entries.Sort((a, b) => string.CompareOrdinal(a.Twin, b.Twin) is var c && c != 0 ? c : a.Seq.CompareTo(b.Seq));
        // One row per event at telemetry intake rates: a native statement (in the transaction just begun), not a command.
        using (var insert = new NativeStatement(_connection, "INSERT OR IGNORE INTO event_twins(twin_id, seq) VALUES (?1, ?2);"))
        {
            foreach (var (twin, seq) in entries)
            {
                insert.Text(1, twin);
                insert.Int64(2, seq);
                insert.Execute();
            }
        }
        using (var cmd = Command("INSERT OR REPLACE INTO meta(key, value) VALUES ('twin_index_seq', $s);", tx))
        {
            cmd.Parameters.AddWithValue("$s", last);
            cmd.ExecuteNonQuery();
        }
        tx.Commit();
        return read == maxEvents;
    }

    /// <summary>Starts the background checkpointer, once, when the store first writes.</summary>
    private void StartCheckpointerLocked()
    {
        if (_checkpointer is not null || _stopCheckpointer.IsSet) return;
        _checkpointer = new Thread(CheckpointLoop) { IsBackground = true, Name = "TwinLab WAL checkpointer" };
        _checkpointer.Start();
    }

    /// <summary>
    /// Copies the WAL back into the database file off the write path. A checkpoint inside a commit (SQLite's default)
    /// made that commit, and every write queued behind the store's lock, wait while it copied and synced the file.
    /// </summary>
    /// <remarks>
    /// <para>Every <see cref="CheckpointPeriod"/>, on a connection of its own and without the store's lock, a passive
    /// checkpoint copies what the WAL holds and syncs the file while commits go on appending. The WAL can only start
    /// over from its beginning once every frame in it is copied, which under a steady stream of commits never happens by
    /// itself; so once the WAL holds <see cref="CheckpointFrames"/> frames, a second passive checkpoint under the lock
    /// copies the few frames committed meanwhile, and the next commit starts the WAL over. The WAL so stays around that
    /// size, and no commit waits more than for that short second pass.</para>
    /// <para>Durability is unchanged: a commit is in the WAL when it returns, and a checkpoint killed part-way is redone
    /// from the WAL when the file is next opened. If this thread ever stops or falls behind, SQLite's automatic checkpoint
    /// (<see cref="AutoCheckpointFrames"/>) still bounds the WAL. A checkpoint that fails (a busy or full disk) is tried
    /// again the next period.</para>
    /// </remarks>
    private void CheckpointLoop()
    {
        SqliteConnection? connection = null;
        try
        {
            while (!_stopCheckpointer.Wait(CheckpointPeriod))
            {
                try
                {
                    if (connection is null)
                    {
                        connection = new SqliteConnection(_connection.ConnectionString);
                        connection.Open();
                    }
                    if (Checkpoint(connection) < CheckpointFrames) continue;
                    lock (_gate)
                    {
                        if (_disposed) return;
                        Checkpoint(connection);
                    }
                }
                catch (Exception e) when (e is SqliteException or InvalidOperationException or IOException)
                {
                    // Tried again next period; meanwhile the WAL grows, and SQLite's own checkpoint bounds it.
                    connection?.Dispose();
                    connection = null;
                }
            }
        }
        finally
        {
            connection?.Dispose();
        }
    }

    /// <summary>A passive checkpoint (never waits for readers or writers); returns the frames in the WAL.</summary>
    private static long Checkpoint(SqliteConnection connection)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        using var r = cmd.ExecuteReader();
        return r.Read() && !r.IsDBNull(1) ? r.GetInt64(1) : 0;
    }

    /// <summary>Closes the database.</summary>
    public void Dispose()
    {
        Thread? checkpointer;
        lock (_gate)
        {
            if (_disposed) return;
            // Set under the lock, so no append starts a checkpointer from here on.
            _stopCheckpointer.Set();
            checkpointer = _checkpointer;
        }
        // Outside the lock: the checkpointer takes it for its second pass. (The event is not disposed: a racing Dispose
        // may still read it.)
        checkpointer?.Join();
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _sql.Dispose();
            _telemetry.Dispose();
            _events.Dispose();
            _keys.Dispose();
            _json.Dispose();
            _connection.Dispose();
            _twinKeys?.Dispose();
            // After the connection is closed: from here on this store holds no lock on the file.
            _lease.Dispose();
        }
    }

    /// <summary>Keeps main's models current in <c>models</c> (model writes are rare; start-up then parses them once).</summary>
    private void WriteModels(GraphChange change)
    {
        switch (change)
        {
            case ModelsImported m:
                var upsert = _sql.UpsertModel;
                var inline = InlineInterfaces.Find(m.Models.Select(e => e.Interface).ToArray());
                foreach (var e in m.Models)
                {
                    var origin = inline.GetValueOrDefault(e.Interface.Id);
                    upsert.Parameters[0].Value = DbValue(e.Interface.Id);
                    upsert.Parameters[1].Value = DbValue(e.Interface.Definition);
                    upsert.Parameters[2].Value = DbValue(e.Interface.SourceFile);
                    upsert.Parameters[3].Value = e.UploadTime.UtcTicks;
                    upsert.Parameters[4].Value = e.Decommissioned ? 1 : 0;
                    upsert.Parameters[5].Value = DbValue(origin?.ParentId);
                    upsert.Parameters[6].Value = DbValue(origin?.Context);
                    upsert.ExecuteNonQuery();
                }
                break;
            case ModelDeleted d:
                _sql.DeleteModel.Parameters[0].Value = DbValue(d.ModelId);
                _sql.DeleteModel.ExecuteNonQuery();
                break;
            case ModelDecommissioned d:
                _sql.DecommissionModel.Parameters[0].Value = DbValue(d.ModelId);
                _sql.DecommissionModel.Parameters[1].Value = d.Decommissioned ? 1 : 0;
                _sql.DecommissionModel.ExecuteNonQuery();
                break;
            default:
                throw new NotSupportedException($"SqliteTwinStore cannot persist a {change.GetType().Name}.");
        }
    }

    private long ReadVersion(SqliteTransaction tx)
    {
        using var cmd = Command("SELECT value FROM meta WHERE key = 'version';", tx);
        return cmd.ExecuteScalar() is { } v and not DBNull ? Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    private List<ModelEntry> LoadModels(SqliteTransaction tx)
    {
        var rows = new List<StoredModelRow>();
        using (var cmd = Command("SELECT id, definition, source_file, upload_time, decommissioned, parent_id, context FROM models ORDER BY id;", tx))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
                rows.Add(new StoredModelRow(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetInt64(3), r.GetInt64(4) != 0,
                    r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6)));
        }
        return InlineInterfaces.Load(rows, $"'{_path}'");
    }

    private SqliteCommand Command(string sql, SqliteTransaction tx)
    {
        var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return cmd;
    }

    private static void EnsureSchema(SqliteConnection connection, string path)
    {
        using var tx = connection.BeginTransaction();
        Execute(connection, "CREATE TABLE IF NOT EXISTS meta (key TEXT NOT NULL PRIMARY KEY, value) WITHOUT ROWID;", tx);
        long current;
        using (var cmd = connection.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = "SELECT value FROM meta WHERE key = 'schema_version';";
            current = cmd.ExecuteScalar() is { } v and not DBNull ? Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture) : 0;
        }
        if (current > SchemaVersion)
            throw new TwinLabException(ErrorCodes.InvalidArgument,
                $"'{path}' has TwinLab schema version {current}, but this build supports only up to {SchemaVersion}; open it with a newer TwinLab.");
        if (current == SchemaVersion)
        {
            tx.Commit();
            return;
        }
        // Migrations: each step takes the schema from version n-1 to n.
        if (current < 1)
        {
            Execute(connection, """
                CREATE TABLE IF NOT EXISTS models (
                    id TEXT NOT NULL PRIMARY KEY,
                    definition TEXT NOT NULL,
                    source_file TEXT,
                    upload_time INTEGER NOT NULL,
                    decommissioned INTEGER NOT NULL DEFAULT 0,
                    parent_id TEXT,
                    context TEXT);
                CREATE TABLE IF NOT EXISTS twins (
                    id TEXT NOT NULL PRIMARY KEY,
                    model_id TEXT NOT NULL,
                    json TEXT NOT NULL);
                CREATE INDEX IF NOT EXISTS twins_model ON twins(model_id);
                CREATE TABLE IF NOT EXISTS relationships (
                    source_id TEXT NOT NULL,
                    id TEXT NOT NULL,
                    target_id TEXT NOT NULL,
                    name TEXT NOT NULL,
                    json TEXT NOT NULL,
                    PRIMARY KEY (source_id, id));
                CREATE INDEX IF NOT EXISTS relationships_target ON relationships(target_id);
                CREATE TABLE IF NOT EXISTS telemetry (
                    twin_id TEXT NOT NULL,
                    component TEXT,
                    name TEXT NOT NULL,
                    ts INTEGER NOT NULL,
                    value TEXT NOT NULL);
                CREATE INDEX IF NOT EXISTS telemetry_twin_name_ts ON telemetry(twin_id, name, ts);
                INSERT OR IGNORE INTO meta(key, value) VALUES ('version', 0);
                """, tx);
        }
        if (current < 2)
        {
            // Version 2: the append-only event log is the source of truth; branches, snapshots, idempotency keys.
            Execute(connection, """
                CREATE TABLE IF NOT EXISTS events (
                    seq INTEGER NOT NULL PRIMARY KEY,
                    ts INTEGER NOT NULL,
                    actor TEXT NOT NULL,
                    branch TEXT NOT NULL,
                    idem_key TEXT,
                    type TEXT NOT NULL,
                    twin_id TEXT,
                    other_twin TEXT,
                    payload TEXT NOT NULL);
                CREATE INDEX IF NOT EXISTS events_branch_seq ON events(branch, seq);
                CREATE INDEX IF NOT EXISTS events_twin ON events(twin_id);
                CREATE INDEX IF NOT EXISTS events_other_twin ON events(other_twin);
                CREATE INDEX IF NOT EXISTS events_ts ON events(ts);
                CREATE TABLE IF NOT EXISTS writes (
                    idem_key TEXT NOT NULL PRIMARY KEY,
                    first_seq INTEGER NOT NULL,
                    last_seq INTEGER NOT NULL) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS branches (
                    name TEXT NOT NULL PRIMARY KEY,
                    parent TEXT NOT NULL,
                    fork_seq INTEGER NOT NULL,
                    created INTEGER NOT NULL);
                CREATE TABLE IF NOT EXISTS snapshots (
                    branch TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    version INTEGER NOT NULL,
                    payload BLOB NOT NULL,
                    PRIMARY KEY (branch, seq));
                ALTER TABLE telemetry ADD COLUMN branch TEXT NOT NULL DEFAULT 'main';
                ALTER TABLE telemetry ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
                """, tx);
        }
        if (current < 3)
        {
            // Version 3: merge points on branches (a branch can be merged again), the branch of each idempotency key
            // (discarding a branch forgets its keys), and the last sequence number (never handed out twice, even when
            // the newest events belonged to a discarded branch).
            Execute(connection, """
                ALTER TABLE branches ADD COLUMN merged_parent_seq INTEGER;
                ALTER TABLE branches ADD COLUMN merged_branch_seq INTEGER;
                ALTER TABLE writes ADD COLUMN branch TEXT NOT NULL DEFAULT 'main';
                INSERT OR REPLACE INTO meta(key, value) VALUES ('last_seq', (SELECT COALESCE(MAX(seq), 0) FROM events));
                """, tx);
        }
        if (current < 4)
        {
            // Version 4, for write throughput: main's twins and relationships are no longer kept row by row beside the
            // log (start-up folds the log from main's latest snapshot instead, see LoadMain), and the per-row twin indexes
            // on events give way to event_twins, filled in sorted batches (see CatchUpTwinIndexLocked), which also
            // holds every twin of a multi-twin event (more_twins). Model events get a partial index, so folding models
            // for an "as of" read does not scan the log. Documents (experiment results) are kept beside the graph.
            // Files that began before the event log (schema 1) hold main's early state only in these tables: keep it as
            // a snapshot at the current log position before dropping them (for later files it equals the log's fold).
            using (var check = connection.CreateCommand())
            {
                check.Transaction = tx;
                check.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('twins', 'relationships');";
                if (Convert.ToInt64(check.ExecuteScalar(), CultureInfo.InvariantCulture) == 2)
                    Execute(connection, """
                        INSERT OR REPLACE INTO snapshots(branch, seq, version, payload)
                        SELECT 'main',
                               COALESCE((SELECT value FROM meta WHERE key = 'last_seq'), 0),
                               COALESCE((SELECT value FROM meta WHERE key = 'version'), 0),
                               CAST(json_object(
                                   'twins', (SELECT json_group_array(json(json)) FROM twins),
                                   'relationships', (SELECT json_group_array(json(json)) FROM relationships)) AS BLOB)
                        WHERE EXISTS (SELECT 1 FROM twins) OR EXISTS (SELECT 1 FROM relationships);
                        """, tx);
            }
            Execute(connection, """
                DROP TABLE IF EXISTS twins;
                DROP TABLE IF EXISTS relationships;
                DROP INDEX IF EXISTS events_twin;
                DROP INDEX IF EXISTS events_other_twin;
                CREATE TABLE IF NOT EXISTS event_twins (
                    twin_id TEXT NOT NULL,
                    seq INTEGER NOT NULL,
                    PRIMARY KEY (twin_id, seq)) WITHOUT ROWID;
                CREATE TABLE IF NOT EXISTS documents (
                    kind TEXT NOT NULL,
                    id TEXT NOT NULL,
                    created INTEGER NOT NULL,
                    title TEXT NOT NULL,
                    json TEXT NOT NULL,
                    PRIMARY KEY (kind, id));
                CREATE INDEX IF NOT EXISTS events_models ON events(branch, seq)
                    WHERE type IN ('ModelsImported', 'ModelDeleted', 'ModelDecommissioned');
                """, tx);
            using var cmd = connection.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "SELECT COUNT(*) FROM pragma_table_info('events') WHERE name = 'more_twins';";
            if (Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
                Execute(connection, "ALTER TABLE events ADD COLUMN more_twins TEXT;", tx);
        }
        if (current < 5) Execute(connection, SqliteAuditStore.Schema, tx);
        using (var cmd = connection.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = "INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', $v);";
            cmd.Parameters.AddWithValue("$v", SchemaVersion);
            cmd.ExecuteNonQuery();
        }
        tx.Commit();
    }

    /// <summary>SQLite treats an empty or tiny file as a new database and would write to it; a file that is not empty must
    /// start with SQLite's header, or it is someone else's and is left alone.</summary>
    private static void RefuseForeignFile(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists || info.Length == 0) return;
        var header = new byte[16];
        int read;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        if (read < header.Length || !header.AsSpan().SequenceEqual("SQLite format 3\0"u8))
            throw new TwinLabException(ErrorCodes.InvalidArgument,
                $"'{path}' is not a TwinLab database: the file is not a SQLite database. It was left unchanged.");
    }

    /// <summary>Another application's SQLite database (tables but no TwinLab schema) is refused, never written to.</summary>
    private static void RefuseForeignDatabase(SqliteConnection connection, string path)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*), SUM(name = 'meta') FROM sqlite_master WHERE type = 'table';";
        using var r = cmd.ExecuteReader();
        r.Read();
        var tables = r.GetInt64(0);
        var hasMeta = !r.IsDBNull(1) && r.GetInt64(1) > 0;
        if (tables > 0 && !hasMeta)
            throw new TwinLabException(ErrorCodes.InvalidArgument,
                $"'{path}' is a SQLite database of another application (it has tables but no TwinLab schema). It was left unchanged.");
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? tx = null)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    /// <summary>Null becomes SQL NULL, so a NOT NULL column rejects it as a constraint violation (rolled back like any failure).</summary>
    private static object DbValue(string? s) => (object?)s ?? DBNull.Value;

    private static DateTimeOffset FromTicks(long utcTicks) => new(utcTicks, TimeSpan.Zero);

    /// <summary>The prepared statements, created once and reused by every commit and read.</summary>
    private sealed class Statements : IDisposable
    {
        public readonly SqliteCommand UpsertModel;
        public readonly SqliteCommand DeleteModel;
        public readonly SqliteCommand DecommissionModel;
        public readonly SqliteCommand SetMeta;

        /// <summary>The log's stored end (<see cref="LastSequenceSql"/>), read inside each append's transaction.</summary>
        public readonly SqliteCommand LastSequence;

        /// <summary><see cref="ReadHead"/>'s query, outside any transaction: prepared once, since a server runs it before
        /// every write (parsing it each time cost about as much as running it).</summary>
        public readonly SqliteCommand Head;

        private readonly SqliteCommand[] _writes;
        private readonly SqliteCommand[] _all;

        public Statements(SqliteConnection c)
        {
            UpsertModel = Create(c, "INSERT OR REPLACE INTO models(id, definition, source_file, upload_time, decommissioned, parent_id, context) VALUES ($id, $definition, $source_file, $upload_time, $decommissioned, $parent_id, $context);",
                ("$id", SqliteType.Text), ("$definition", SqliteType.Text), ("$source_file", SqliteType.Text), ("$upload_time", SqliteType.Integer), ("$decommissioned", SqliteType.Integer),
                ("$parent_id", SqliteType.Text), ("$context", SqliteType.Text));
            DeleteModel = Create(c, "DELETE FROM models WHERE id = $id;", ("$id", SqliteType.Text));
            DecommissionModel = Create(c, "UPDATE models SET decommissioned = $decommissioned WHERE id = $id;",
                ("$id", SqliteType.Text), ("$decommissioned", SqliteType.Integer));
            SetMeta = Create(c, "INSERT OR REPLACE INTO meta(key, value) VALUES ($key, $value);", ("$key", SqliteType.Text), ("$value", SqliteType.Integer));
            LastSequence = Create(c, LastSequenceSql);
            Head = Create(c, LastSequenceSql.TrimEnd(';') + ", (SELECT COUNT(*) || ':' || TOTAL(fork_seq) || ':' || TOTAL(created % 1000000007) || ':' || "
                + "TOTAL(COALESCE(merged_parent_seq, 0)) || ':' || TOTAL(COALESCE(merged_branch_seq, 0)) || ':' || COALESCE(MAX(name), '') FROM branches);");
            _writes = [UpsertModel, DeleteModel, DecommissionModel, SetMeta];
            _all = [.. _writes, LastSequence, Head];
        }

        /// <summary>Attaches the write statements to a transaction (Microsoft.Data.Sqlite requires it), or detaches them.</summary>
        public void Enlist(SqliteTransaction? tx)
        {
            foreach (var cmd in _writes) cmd.Transaction = tx;
        }

        public void Dispose()
        {
            foreach (var cmd in _all) cmd.Dispose();
        }

        private static SqliteCommand Create(SqliteConnection c, string sql, params (string Name, SqliteType Type)[] parameters)
        {
            var cmd = c.CreateCommand();
            cmd.CommandText = sql;
            foreach (var (name, type) in parameters) cmd.Parameters.Add(name, type);
            cmd.Prepare();
            return cmd;
        }
    }
}
