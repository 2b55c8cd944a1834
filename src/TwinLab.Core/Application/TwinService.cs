using TwinLab.Core.Errors;
using TwinLab.Core.History;
using TwinLab.Core.Query;
using TwinLab.Core.Twins;

namespace TwinLab.Core.Application;

/// <summary>The result of a write: its value and where its events sit in the log.</summary>
/// <param name="Value">What the operation returned (default for a duplicate, which is not run again).</param>
/// <param name="FirstSequence">The first event's sequence number.</param>
/// <param name="LastSequence">The last event's sequence number (less than <paramref name="FirstSequence"/> when nothing changed).</param>
/// <param name="Duplicate">The idempotency key had been seen: the write was acknowledged, not applied again.</param>
public sealed record WriteOutcome<T>(T Value, long FirstSequence, long LastSequence, bool Duplicate);

/// <summary>A write that has just been committed: what changed on which branch, with the graph before and after.</summary>
/// <param name="Branch">The branch written.</param>
/// <param name="Context">Who wrote, and the idempotency key.</param>
/// <param name="FirstSequence">The sequence number of <c>Changes[0]</c>; change <c>i</c> has <c>FirstSequence + i</c>.</param>
/// <param name="Timestamp">The commit time recorded on the events.</param>
/// <param name="Changes">The changes, in the order they were made.</param>
/// <param name="Before">The branch's state before the write.</param>
/// <param name="After">The branch's state after the write.</param>
public sealed record CommittedWrite(string Branch, WriteContext Context, long FirstSequence, DateTimeOffset Timestamp,
    IReadOnlyList<GraphChange> Changes, GraphSnapshot Before, GraphSnapshot After)
{
    /// <summary>
    /// Another process wrote it; this service folded it from the log (<see cref="TwinService.CatchUp"/>).
    /// <see cref="Context"/> is then the stored actor and key.
    /// </summary>
    /// <remarks>A catch-up often runs at the start of one of this service's own writes, so handlers run inside that
    /// write's caller (an HTTP request, its trace): they must not attribute a foreign write to it.</remarks>
    public bool Foreign { get; init; }
}

/// <summary>
/// The application service the CLI and the server both call: the live twin graph (<c>main</c>) and its branches, kept in
/// step with an <see cref="ITwinStore"/> whose event log is the source of truth. Every write is one transaction.
/// </summary>
/// <remarks>
/// <para>Writes are serialized. A write runs an operation on a branch's <see cref="TwinGraph"/> and appends the changes it
/// made as events; if the operation or the append fails, the graph is rolled back, so a failed command changes nothing.
/// A write whose idempotency key was already committed is acknowledged without running again.</para>
/// <para>A branch is a <see cref="TwinGraph"/> started from its parent's snapshot: copy-on-write, so forking costs O(1)
/// and writes on either side never show on the other. Branches are loaded lazily by folding their events onto the
/// parent's state at the fork.</para>
/// <para>Reads take snapshots and may run concurrently with writes; reads "as of" a sequence number fold the log from the
/// nearest stored snapshot.</para>
/// </remarks>
public sealed partial class TwinService : IDisposable
{
    private readonly ITwinStore _store;
    private readonly TimeProvider _time;
    private readonly Lock _writeGate = new();
    private readonly Dictionary<string, BranchState> _branches = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BranchInfo> _infos = new(StringComparer.Ordinal);

    // Main's state never leaves _branches and is never replaced, so current reads of main need neither the dictionary
    // nor the write lock: its Snapshot field is volatile and only ever set to a committed state.
    private readonly BranchState _main;

    // The log position main's and the loaded branches' states reflect: every event up to it has been folded in (this
    // service's own writes and, after CatchUp, other processes'). Written under the write lock, read without it.
    private long _position;

    // The branch registry stamp (LogHead.Branches) when the registry was last read from the store; under the write lock.
    private string _branchStamp;

    // The snapshot being saved in the background, if any (at most one at a time); read and set under the write lock.
    private Task? _snapshotSave;
    private bool _disposed;

    private sealed class BranchState(BranchInfo info, GraphSnapshot snapshot, TimeProvider time)
    {
        public BranchInfo Info { get; } = info;
        public TwinGraph Graph { get; } = new(snapshot, time);
        public volatile GraphSnapshot Snapshot = snapshot;
        // Read and written under the write lock.
        public long LastSnapshotSequence;
    }

    /// <summary>Opens the service on a store: main's state is read directly, branches are folded when first used.</summary>
    public TwinService(ITwinStore store, TimeProvider? time = null)
    {
        _store = store;
        _time = time ?? TimeProvider.System;
        var main = new BranchInfo(BranchInfo.Main, null, 0, DateTimeOffset.UnixEpoch);
        _infos[main.Name] = main;
        // The head is read before the state: should another process append in between, the state already holds that
        // write and the first catch-up folds it again, which changes nothing (events carry whole twins and relationships).
        var head = store.ReadHead();
        _position = head.LastSequence;
        _branchStamp = head.Branches;
        _main = new BranchState(main, store.Load(), _time) { LastSnapshotSequence = head.LastSequence };
        _branches[main.Name] = _main;
        foreach (var b in store.LoadBranches()) _infos[b.Name] = b;
    }

    /// <summary>Events between stored snapshots: at least this many, and more for large graphs, so snapshotting stays a
    /// small, constant share of the write cost. Snapshots are saved in the background, off the write path (see
    /// <see cref="WaitForSnapshot"/>).</summary>
    public int SnapshotInterval { get; init; } = 10_000;

    /// <summary>
    /// Raised after every write that changed something, once committed, in commit order (under the write lock, so handlers
    /// must be quick — hand the write to a queue — and must not write). A handler that throws does not undo the write.
    /// </summary>
    public event Action<CommittedWrite>? Committed;

    /// <summary>
    /// Asked before every write this service would append (branch, changes): a reason refuses it — a
    /// <see cref="TwinLabException"/> with <see cref="ErrorCodes.InvalidArgument"/> and that text, nothing changed — and
    /// <c>null</c> lets it through. A cluster node uses it: main's twins, relationships and models are written by their
    /// grains there, and a write made past them would leave a grain holding an old twin.
    /// </summary>
    public Func<string, IReadOnlyList<GraphChange>, string?>? AppendGuard { get; init; }

    /// <summary>Main's state after its last committed write.</summary>
    public GraphSnapshot Snapshot => _main.Snapshot;

    /// <summary>The underlying store.</summary>
    public ITwinStore Store => _store;

    /// <summary>The last sequence number of the log that this service's state reflects: its own last write, or the last
    /// event another process wrote that <see cref="CatchUp"/> has folded in.</summary>
    public long LastSequence => Volatile.Read(ref _position);

    /// <summary>All branches, main first.</summary>
    public IReadOnlyList<BranchInfo> Branches
    {
        get
        {
            lock (_writeGate) return [_infos[BranchInfo.Main], .. _infos.Values.Where(b => b.Name != BranchInfo.Main).OrderBy(b => b.Name, StringComparer.Ordinal)];
        }
    }

    /// <summary>Whether a branch exists (loaded or not).</summary>
    public bool HasBranch(string name)
    {
        if (name == BranchInfo.Main) return true;
        lock (_writeGate) return _infos.ContainsKey(name);
    }

    /// <summary>A branch's current state, or its state as of a sequence number.</summary>
    /// <exception cref="TwinLabException">Unknown branch.</exception>
    public GraphSnapshot SnapshotOf(string branch, long? asOfSequence = null)
    {
        // Main's current state is one volatile read: no lock, so reads never wait behind a write's commit. The state
        // read is the last committed one, as under the lock (a write publishes its snapshot only after its commit).
        if (asOfSequence is null && branch == BranchInfo.Main) return _main.Snapshot;
        // The branch registry is only read under the write lock, so an as-of fold never races a branch being created,
        // merged or discarded.
        lock (_writeGate)
            return asOfSequence is { } seq && seq < _position ? StateAt(branch, seq) : State(branch).Snapshot;
    }

    /// <summary>The last sequence number committed at or before <paramref name="time"/>.</summary>
    public long SequenceAt(DateTimeOffset time) => _store.SequenceAt(time);

    /// <summary>Runs <paramref name="operation"/> on main and commits what it changed, atomically.</summary>
    /// <exception cref="TwinLabException">Whatever the operation throws; nothing is changed.</exception>
    public T Write<T>(Func<TwinGraph, T> operation) => Write(BranchInfo.Main, WriteContext.Default, operation).Value;

    /// <summary>Runs <paramref name="operation"/> on main and commits what it changed, atomically.</summary>
    public void Write(Action<TwinGraph> operation) => Write(g =>
    {
        operation(g);
        return 0;
    });

    /// <summary>Runs <paramref name="operation"/> on a branch and appends what it changed to the log, atomically.</summary>
    /// <exception cref="TwinLabException">Unknown branch, or whatever the operation throws; nothing is changed.</exception>
    /// <exception cref="LogMovedException">Another process appended between this write's catch-up and its append
    /// <see cref="WriteAttempts"/> times running; nothing is changed.</exception>
    public WriteOutcome<T> Write<T>(string branch, WriteContext context, Func<TwinGraph, T> operation)
    {
        return CaughtUp(() =>
        {
            var state = State(branch);
            return context.IdempotencyKey is { } key && _store.FindWrite(key) is { } seen
                ? new WriteOutcome<T>(default!, seen.FirstSequence, seen.LastSequence, Duplicate: true)
                : WriteOnce(state, branch, context, operation);
        });
    }

    /// <summary>
    /// Runs one attempt of a write under the write lock, each after catching up with the log (so validation runs on its
    /// current state, and sequence numbers follow the last event whoever wrote it); an attempt that loses the race to
    /// another writer (<see cref="LogMovedException"/>: the graph was rolled back) is run again, up to
    /// <see cref="WriteAttempts"/> times.
    /// </summary>
    private TResult CaughtUp<TResult>(Func<TResult> attempt)
    {
        lock (_writeGate)
        {
            for (var n = 1; ; n++)
            {
                CatchUpLocked();
                try
                {
                    return attempt();
                }
                catch (LogMovedException) when (n < WriteAttempts)
                {
                    BackOff(n);
                }
            }
        }
    }

    /// <summary>
    /// Attempts of a write that loses the race to other writers of the store (each catches up and runs again): a node of a
    /// cluster shares its log with every silo's grains, which append all the time.
    /// </summary>
    public const int WriteAttempts = 8;

    /// <summary>A short pause, growing with <paramref name="attempt"/> and jittered, so racing writers fall out of step.</summary>
    private static void BackOff(int attempt) => Thread.Sleep(Random.Shared.Next(1, 2 << Math.Min(attempt, 6)));

    /// <summary>One attempt of <see cref="Write{T}(string, WriteContext, Func{TwinGraph, T})"/>, under the write lock.</summary>
    private WriteOutcome<T> WriteOnce<T>(BranchState state, string branch, WriteContext context, Func<TwinGraph, T> operation)
    {
        var graph = state.Graph;
        var before = state.Snapshot;
        try
        {
            // Versions follow the global sequence, so each change's ETag names the event that made it.
            graph.AdvanceVersionTo(_position);
            var result = operation(graph);
            var changes = graph.TakeChanges();
            var timestamp = _time.GetUtcNow();
            var appended = Append(branch, changes, graph.Version, context, timestamp);
            if (appended.Duplicate)
            {
                // Nothing was stored (the key was committed meanwhile; stores check the position first, so this is a
                // defence): the graph goes back to what the store holds, and nothing is told.
                graph.Restore(before);
                before = null;
                return new WriteOutcome<T>(result, appended.FirstSequence, appended.LastSequence, Duplicate: true);
            }
            state.Snapshot = graph.Snapshot();
            var outcome = new WriteOutcome<T>(result, appended.FirstSequence, appended.LastSequence, Duplicate: false);
            // Committed: from here on nothing may undo the write in memory.
            var previous = before;
            before = null;
            MaybeSnapshot(state);
            if (changes.Count > 0) Notify(new CommittedWrite(branch, context, appended.FirstSequence, timestamp, changes, previous, state.Snapshot));
            return outcome;
        }
        catch when (before is not null)
        {
            graph.Restore(before);
            throw;
        }
    }

    /// <summary>Runs a query on a branch's current state or its state as of a sequence number.</summary>
    public QueryResult Query(string query, string branch = BranchInfo.Main, long? asOfSequence = null) =>
        TwinQuery.Execute(SnapshotOf(branch, asOfSequence), query);

    /// <summary>Reads a twin's telemetry in [<paramref name="from"/>, <paramref name="to"/>) as a branch sees it (its own points
    /// and its ancestors' up to each fork), optionally as of a sequence number.</summary>
    /// <exception cref="TwinLabException">Unknown branch, or the twin does not exist there.</exception>
    public IReadOnlyList<TelemetryPoint> ReadTelemetry(string twinId, string? name, DateTimeOffset from, DateTimeOffset to, string branch = BranchInfo.Main, long? asOfSequence = null)
    {
        var snapshot = SnapshotOf(branch, asOfSequence);
        if (!snapshot.Twins.ContainsKey(twinId))
            throw new TwinLabException(ErrorCodes.DigitalTwinNotFound, $"Twin '{twinId}' not found{(branch == BranchInfo.Main ? "" : $" on branch '{branch}'")}.");
        return _store.ReadTelemetry(Lineage(branch, asOfSequence ?? long.MaxValue), twinId, name, from, to);
    }

    /// <summary>Events from the log, in sequence order.</summary>
    public IReadOnlyList<StoredEvent> History(EventFilter filter) => _store.ReadEvents(filter);

    /// <summary>
    /// Waits until the snapshot being saved in the background, if any, is stored (or has failed: snapshots are best
    /// effort). Writes never wait for a snapshot; this is for callers that want the store settled, such as tests.
    /// </summary>
    public void WaitForSnapshot()
    {
        Task? pending;
        lock (_writeGate) pending = _snapshotSave;
        pending?.Wait();
    }

    /// <summary>Waits for a snapshot being saved in the background, then closes the store.</summary>
    public void Dispose()
    {
        Task? pending;
        lock (_writeGate)
        {
            if (_disposed) return;
            _disposed = true;
            pending = _snapshotSave;
        }
        // Never throws: the save catches its own failures.
        pending?.Wait();
        _store.Dispose();
    }

    private void Notify(CommittedWrite write)
    {
        var handlers = Committed;
        if (handlers is null) return;
        foreach (var handler in handlers.GetInvocationList().Cast<Action<CommittedWrite>>())
        {
            try
            {
                handler(write);
            }
            catch (Exception)
            {
                // A subscriber's failure is its own: the write is committed and the other subscribers still hear of it.
            }
        }
    }

    private BranchState State(string branch)
    {
        if (_branches.TryGetValue(branch, out var state)) return state;
        if (!_infos.TryGetValue(branch, out var info))
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"Branch '{branch}' not found; see 'twinlab branch list'.");
        var snapshot = StateAt(branch, long.MaxValue);
        state = new BranchState(info, snapshot, _time) { LastSnapshotSequence = snapshot.Version };
        _branches[branch] = state;
        return state;
    }

    /// <summary>A branch's state as of a sequence number: its parent's state at the fork (or main's nearest snapshot),
    /// with the branch's events up to that number folded on.</summary>
    private GraphSnapshot StateAt(string branch, long sequence)
    {
        if (!_infos.TryGetValue(branch, out var info))
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"Branch '{branch}' not found; see 'twinlab branch list'.");
        GraphSnapshot start;
        long after;
        if (info.Parent is null)
        {
            var stored = _store.LoadSnapshot(branch, sequence);
            after = stored?.Sequence ?? 0;
            start = stored is null
                ? GraphSnapshot.Empty
                : GraphSnapshotFactory.Build(EventFold.Models(Models.ModelSet.Empty, _store.ReadEvents(new EventFilter(branch, UpToSequence: stored.Sequence, Types: EventFilter.ModelTypes))).Entries,
                    stored.Twins, stored.Relationships, stored.Version);
        }
        else
        {
            start = StateAt(info.Parent, Math.Min(sequence, info.ForkSequence));
            after = info.ForkSequence;
        }
        return EventFold.Apply(start, _store.ReadEvents(new EventFilter(branch, AfterSequence: after, UpToSequence: sequence)));
    }

    /// <summary>The branches whose telemetry a branch sees: itself, then each ancestor up to the fork below it.</summary>
    private IReadOnlyList<TelemetrySource> Lineage(string branch, long upTo)
    {
        var result = new List<TelemetrySource>();
        lock (_writeGate)
        {
            for (var name = branch; ;)
            {
                var info = _infos.TryGetValue(name, out var i) ? i : throw new TwinLabException(ErrorCodes.InvalidArgument, $"Branch '{name}' not found.");
                result.Add(new TelemetrySource(name, upTo));
                if (info.Parent is null) return result;
                upTo = Math.Min(upTo, info.ForkSequence);
                name = info.Parent;
            }
        }
    }

    /// <summary>
    /// Saves a snapshot of main every so often, keyed by the log position it reflects (not the graph version, which in
    /// files from before the event log runs ahead of the sequence). Best effort: the write is already committed, and a
    /// snapshot that cannot be saved now (a busy or full disk) only makes the next start-up fold a longer tail.
    /// </summary>
    /// <remarks>
    /// Called under the write lock. The save runs in the background: serializing and storing a large graph takes far
    /// longer than a write, and every write would wait behind it. The state is immutable and the position is taken here,
    /// under the lock, so the two always match whatever is written meanwhile. At most one save runs at a time; while
    /// one does, or after one failed, the next write checks again.
    /// </remarks>
    private void MaybeSnapshot(BranchState state)
    {
        var snapshot = state.Snapshot;
        var position = _position;
        var interval = Math.Max(SnapshotInterval, 4L * (snapshot.Twins.Count + snapshot.RelationshipCount));
        if (state.Info.Parent is not null || position - state.LastSnapshotSequence < interval) return;
        if (_disposed || _snapshotSave is { IsCompleted: false }) return;
        _snapshotSave = Task.Run(() => SaveSnapshot(state, position, snapshot));
    }

    private void SaveSnapshot(BranchState state, long position, GraphSnapshot snapshot)
    {
        try
        {
            _store.SaveSnapshot(state.Info.Name, position, snapshot);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Tried again after the next write.
            return;
        }
        lock (_writeGate) state.LastSnapshotSequence = Math.Max(state.LastSnapshotSequence, position);
    }
}
