using System.Text.Json;
using TwinLab.Core.Erasure;
using TwinLab.Core.Errors;
using TwinLab.Core.History;
using TwinLab.Core.Twins;

namespace TwinLab.Core.Application;

public sealed partial class TwinService
{
    /// <summary>
    /// Brings this service up to date with writes other processes made to its store (a <c>twinlab</c> command beside a
    /// running server on one SQLite file, other nodes appending to one PostgreSQL log): folds the events after
    /// <see cref="LastSequence"/> into main's state and the loaded branches', reloads the branch registry if branches were
    /// created, merged or discarded, and raises <see cref="Committed"/> for each foreign write, in log order, exactly as
    /// for this service's own writes.
    /// </summary>
    /// <remarks>
    /// <para>Every write runs it first, under the write lock, so a write validates against the log's current state and
    /// takes the next sequence number whoever wrote the last one; a server also runs it on a timer (see
    /// <c>--follow-interval</c>) so its live stream, routes and drift monitor hear of other writers promptly.</para>
    /// <para>When nothing changed it costs one read of the log's head (<see cref="ITwinStore.ReadHead"/>). Reads of the
    /// current state stay lock-free: the new state is published as a whole, after it is folded.</para>
    /// <para>A foreign write is recognised as a run of consecutive events with the same branch, actor, idempotency key and
    /// time (one append records them so); its telemetry points are read back from the store. A foreign purge removes
    /// the purged twins (named in the log only by hash) from every loaded state; it raises no notification, as a purge
    /// here does not.</para>
    /// </remarks>
    /// <returns>The number of foreign events folded in.</returns>
    public int CatchUp()
    {
        lock (_writeGate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return CatchUpLocked();
        }
    }

    /// <summary>Appends a write's changes after <see cref="_position"/>, and moves the position past them.</summary>
    /// <exception cref="LogMovedException">Another process appended since the last catch-up; nothing was written.</exception>
    /// <exception cref="TwinLabException">Refused by <see cref="AppendGuard"/>; nothing was written.</exception>
    private AppendResult Append(string branch, IReadOnlyList<GraphChange> changes, long version, WriteContext context, DateTimeOffset timestamp)
    {
        if (changes.Count == 0) return new AppendResult(_position + 1, _position, false);
        if (AppendGuard?.Invoke(branch, changes) is { } refusal) throw new TwinLabException(ErrorCodes.InvalidArgument, refusal);
        var appended = _store.AppendAfter(_position, branch, changes, version, context, timestamp);
        // A duplicate key (possibly committed by another process a moment ago) wrote nothing: the position stays, and the
        // next catch-up folds that write if it was foreign.
        if (!appended.Duplicate) Volatile.Write(ref _position, appended.LastSequence);
        return appended;
    }

    private int CatchUpLocked()
    {
        var head = _store.ReadHead();
        if (head.Branches != _branchStamp)
        {
            ReloadBranches();
            _branchStamp = head.Branches;
        }
        if (head.LastSequence <= _position) return 0;
        var events = _store.ReadEvents(new EventFilter(AfterSequence: _position, UpToSequence: head.LastSequence));
        for (var start = 0; start < events.Count;)
        {
            var end = start + 1;
            while (end < events.Count && SameWrite(events[start], events[end])) end++;
            var write = FoldForeignWrite(events, start, end);
            // The position moves before subscribers hear of the write: a route worker it wakes reads up to it. A failure
            // in a later write leaves this one folded and told, never told twice.
            Volatile.Write(ref _position, events[end - 1].Sequence);
            if (write is not null) Notify(write);
            start = end;
        }
        Volatile.Write(ref _position, head.LastSequence);
        return events.Count;

        static bool SameWrite(StoredEvent a, StoredEvent b) =>
            a.Branch == b.Branch && a.Actor == b.Actor && a.IdempotencyKey == b.IdempotencyKey && a.Timestamp == b.Timestamp;
    }

    /// <summary>Reads the branch registry again: new branches are registered (and loaded when first used), discarded ones
    /// dropped with their state, merge points updated; a branch recreated under the same name starts afresh.</summary>
    private void ReloadBranches()
    {
        var stored = _store.LoadBranches().ToDictionary(b => b.Name, StringComparer.Ordinal);
        foreach (var name in _infos.Keys.Where(n => n != BranchInfo.Main && !stored.ContainsKey(n)).ToArray())
        {
            _infos.Remove(name);
            _branches.Remove(name);
        }
        foreach (var (name, info) in stored)
        {
            if (_infos.TryGetValue(name, out var known) && (known.Parent != info.Parent || known.ForkSequence != info.ForkSequence || known.Created != info.Created))
                _branches.Remove(name);
            _infos[name] = info;
        }
    }

    /// <summary>Folds one foreign write (<paramref name="events"/>[<paramref name="start"/>..<paramref name="end"/>)) into its
    /// branch's state, if that branch is still known.</summary>
    /// <returns>What to tell the subscribers, or <c>null</c>.</returns>
    private CommittedWrite? FoldForeignWrite(IReadOnlyList<StoredEvent> events, int start, int end)
    {
        var first = events[start];
        if (events.Skip(start).Take(end - start).Any(e => e.Type == nameof(TwinsPurged)))
        {
            ApplyForeignPurge(events, start, end);
            return null;
        }
        if (!_infos.ContainsKey(first.Branch)) return null;
        // A branch not loaded yet starts from its state just before this write, so its subscribers see the write itself.
        if (!_branches.TryGetValue(first.Branch, out var state))
        {
            var at = StateAt(first.Branch, first.Sequence - 1);
            state = new BranchState(_infos[first.Branch], at, _time) { LastSnapshotSequence = first.Sequence - 1 };
            _branches[first.Branch] = state;
        }
        var before = state.Snapshot;
        var replay = new TwinGraphReplayer(before);
        var changes = new List<GraphChange>(end - start);
        for (var i = start; i < end; i++)
        {
            var e = events[i];
            if (e.Type == nameof(ContentErased)) continue;
            var change = e.Type == nameof(TelemetryAppended)
                ? new TelemetryAppended(PointsOf(e))
                : GraphChangeJson.Deserialize(e.Type, e.Payload, replay.Models, e.Timestamp);
            replay.Apply(change);
            changes.Add(change);
        }
        var after = replay.ToSnapshot(Math.Max(before.Version, events[end - 1].Sequence));
        state.Graph.Restore(after);
        state.Snapshot = after;
        return changes.Count > 0
            ? new CommittedWrite(first.Branch, new WriteContext(first.Actor, first.IdempotencyKey), first.Sequence, first.Timestamp, changes, before, after) { Foreign = true }
            : null;
    }

    /// <summary>The telemetry points a stored <see cref="TelemetryAppended"/> event appended, read back from the store.</summary>
    private List<TelemetryPoint> PointsOf(StoredEvent e)
    {
        using var payload = JsonDocument.Parse(e.Payload);
        var points = new List<TelemetryPoint>();
        foreach (var twin in payload.RootElement.GetProperty("twins").EnumerateArray())
            points.AddRange(_store.ReadTelemetry([new TelemetrySource(e.Branch, e.Sequence, e.Sequence - 1)], twin.GetString()!, null,
                DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
        return points;
    }

    /// <summary>Another process purged twins: they are named only by hash, so every loaded state drops the twins whose id
    /// hashes to one of them (with their relationships), as the purge did to the stored states.</summary>
    private void ApplyForeignPurge(IReadOnlyList<StoredEvent> events, int start, int end)
    {
        var hashes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = start; i < end; i++)
            if (events[i].Type == nameof(TwinsPurged) && GraphChangeJson.Deserialize(events[i].Type, events[i].Payload, _main.Snapshot.Models, events[i].Timestamp) is TwinsPurged p)
                hashes.UnionWith(p.TwinHashes);
        foreach (var state in _branches.Values)
        {
            var purged = state.Snapshot.Twins.Keys.Where(id => hashes.Contains(PurgeScope.HashOf(id))).ToArray();
            if (purged.Length == 0) continue;
            var without = new PurgeScope(purged).Without(state.Snapshot);
            state.Graph.Restore(without);
            state.Snapshot = without;
        }
    }
}
