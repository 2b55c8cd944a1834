using TwinLab.Core.Erasure;
using TwinLab.Core.History;

namespace TwinLab.Core.Twins;

/// <summary>A store that keeps everything in memory: for tests, benchmarks and throw-away sessions.</summary>
/// <remarks>Thread-safe. Events keep their payload text, exactly as a durable store would, so folds read the same data.</remarks>
public sealed class InMemoryTwinStore : ITwinStore
{
    private readonly Lock _gate = new();
    private GraphSnapshot _main = GraphSnapshot.Empty;
    private readonly List<StoredEvent> _events = [];
    private readonly List<(string Branch, long Sequence, TelemetryPoint Point)> _telemetry = [];
    private readonly Dictionary<string, (string Branch, WriteRecord Write)> _writes = new(StringComparer.Ordinal);
    private readonly Dictionary<long, string[]> _eventTwins = [];
    private readonly Dictionary<string, BranchInfo> _branches = new(StringComparer.Ordinal);
    private readonly List<(string Branch, long Sequence, long Version, GraphSnapshot Snapshot)> _snapshots = [];
    private readonly Dictionary<(string Kind, string Id), StoredDocument> _documents = [];
    private long _last;

    /// <inheritdoc />
    public GraphSnapshot Load()
    {
        lock (_gate) return _main;
    }

    /// <inheritdoc />
    public long LastSequence
    {
        get
        {
            lock (_gate) return _last;
        }
    }

    /// <inheritdoc />
    public LogHead ReadHead()
    {
        lock (_gate) return new LogHead(_last, ITwinStore.BranchStamp(_branches.Values));
    }

    /// <inheritdoc />
    public AppendResult AppendAfter(long expectedLastSequence, string branch, IReadOnlyList<GraphChange> changes, long version, WriteContext context, DateTimeOffset timestamp)
    {
        lock (_gate)
        {
            // Checked under the store's lock, so two services sharing this store cannot both pass it.
            if (_last != expectedLastSequence) throw new LogMovedException(expectedLastSequence, _last);
            return Append(branch, changes, version, context, timestamp);
        }
    }

    /// <inheritdoc />
    public AppendResult Append(string branch, IReadOnlyList<GraphChange> changes, long version, WriteContext context, DateTimeOffset timestamp)
    {
        lock (_gate)
        {
            if (context.IdempotencyKey is { } key && _writes.TryGetValue(key, out var seen))
                return new AppendResult(seen.Write.FirstSequence, seen.Write.LastSequence, Duplicate: true);
            // Stage everything first so a change that fails to apply leaves the store as it was.
            var main = branch == BranchInfo.Main ? new TwinGraphReplayer(_main) : null;
            var events = new List<StoredEvent>(changes.Count);
            var points = new List<(string, long, TelemetryPoint)>();
            var touched = new List<(long, string[])>();
            var seq = _last;
            foreach (var change in changes)
            {
                seq++;
                main?.Apply(change);
                if (change is TelemetryAppended t) points.AddRange(t.Points.Select(p => (branch, seq, p)));
                var twins = GraphChangeJson.TwinsOf(change).ToArray();
                touched.Add((seq, twins));
                events.Add(new StoredEvent(seq, timestamp, context.Actor, branch, context.IdempotencyKey,
                    GraphChangeJson.TypeOf(change), twins.FirstOrDefault(), GraphChangeJson.Serialize(change)));
            }
            if (main is not null) _main = main.ToSnapshot(version);
            _events.AddRange(events);
            _telemetry.AddRange(points);
            foreach (var (s, t) in touched) _eventTwins[s] = t;
            var result = new AppendResult(_last + 1, seq, Duplicate: false);
            if (context.IdempotencyKey is { } k && changes.Count > 0) _writes[k] = (branch, new WriteRecord(result.FirstSequence, result.LastSequence));
            if (context.ItemKeys is { } items && changes.Count > 0)
                foreach (var item in items) _writes[item] = (branch, new WriteRecord(result.FirstSequence, result.LastSequence));
            _last = seq;
            return result;
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
        lock (_gate) return _writes.TryGetValue(idempotencyKey, out var w) ? w.Write : null;
    }

    /// <inheritdoc />
    public IReadOnlyList<StoredEvent> ReadEvents(EventFilter filter)
    {
        lock (_gate)
        {
            return _events.Where(e => e.Sequence > filter.AfterSequence && e.Sequence <= filter.UpToSequence
                    && (filter.Branch is null || e.Branch == filter.Branch)
                    && (filter.Since is null || e.Timestamp >= filter.Since)
                    && (filter.Types is null || filter.Types.Contains(e.Type))
                    && (filter.TwinId is null || _eventTwins[e.Sequence].Contains(filter.TwinId)))
                .Take(filter.Limit).ToArray();
        }
    }

    /// <inheritdoc />
    public long SequenceAt(DateTimeOffset time)
    {
        lock (_gate) return _events.LastOrDefault(e => e.Timestamp <= time)?.Sequence ?? 0;
    }

    /// <inheritdoc />
    public IReadOnlyList<BranchInfo> LoadBranches()
    {
        lock (_gate) return _branches.Values.OrderBy(b => b.Name, StringComparer.Ordinal).ToArray();
    }

    /// <inheritdoc />
    public void SaveBranch(BranchInfo branch)
    {
        lock (_gate) _branches[branch.Name] = branch;
    }

    /// <inheritdoc />
    public void DeleteBranch(string name)
    {
        lock (_gate)
        {
            _branches.Remove(name);
            foreach (var e in _events.Where(e => e.Branch == name)) _eventTwins.Remove(e.Sequence);
            _events.RemoveAll(e => e.Branch == name);
            _telemetry.RemoveAll(t => t.Branch == name);
            _snapshots.RemoveAll(s => s.Branch == name);
            foreach (var key in _writes.Where(w => w.Value.Branch == name).Select(w => w.Key).ToArray()) _writes.Remove(key);
        }
    }

    /// <inheritdoc />
    public void SaveSnapshot(string branch, long sequence, GraphSnapshot snapshot)
    {
        lock (_gate) _snapshots.Add((branch, sequence, snapshot.Version, snapshot));
    }

    /// <inheritdoc />
    public void SaveDocument(StoredDocument document)
    {
        lock (_gate) _documents[(document.Kind, document.Id)] = document;
    }

    /// <inheritdoc />
    public StoredDocument? LoadDocument(string kind, string id)
    {
        lock (_gate) return _documents.GetValueOrDefault((kind, id));
    }

    /// <inheritdoc />
    public IReadOnlyList<StoredDocument> ListDocuments(string kind)
    {
        lock (_gate)
            return _documents.Values.Where(d => d.Kind == kind).OrderByDescending(d => d.Created).ThenBy(d => d.Id, StringComparer.Ordinal)
                .Select(d => d with { Json = "" }).ToArray();
    }

    /// <inheritdoc />
    public bool DeleteDocument(string kind, string id)
    {
        lock (_gate) return _documents.Remove((kind, id));
    }

    /// <inheritdoc />
    public StoredSnapshot? LoadSnapshot(string branch, long atOrBefore)
    {
        lock (_gate)
        {
            var best = _snapshots.Where(s => s.Branch == branch && s.Sequence <= atOrBefore).OrderByDescending(s => s.Sequence).FirstOrDefault();
            return best.Snapshot is null ? null : new StoredSnapshot(best.Sequence, best.Version, best.Snapshot.Twins.Values.ToArray(), best.Snapshot.Relationships.ToArray());
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<TelemetryPoint> ReadTelemetry(IReadOnlyList<TelemetrySource> lineage, string twinId, string? name, DateTimeOffset from, DateTimeOffset to)
    {
        lock (_gate)
        {
            return _telemetry
                .Where(t => t.Point.TwinId == twinId && (name is null || t.Point.Name == name) && t.Point.Timestamp >= from && t.Point.Timestamp < to
                    && lineage.Any(l => l.Branch == t.Branch && t.Sequence <= l.UpToSequence && t.Sequence > l.AfterSequence))
                .Select(t => t.Point).OrderBy(p => p.Timestamp).ToArray();
        }
    }

    /// <inheritdoc />
    public PurgeReport Purge(PurgeScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        lock (_gate)
        {
            var points = _telemetry.RemoveAll(t => scope.TwinIds.Contains(t.Point.TwinId));
            int erased = 0, trimmed = 0;
            var keys = _writes.Keys.Where(scope.Names).ToArray();
            foreach (var key in keys) _writes.Remove(key);
            for (var i = 0; i < _events.Count; i++)
            {
                var e = _events[i];
                var twins = _eventTwins[e.Sequence];
                var key = e.IdempotencyKey is { } k && keys.Contains(k) ? null : e.IdempotencyKey;
                switch (scope.Judge(e.Type, twins))
                {
                    case EventVerdict.Erase:
                        _events[i] = e with { Type = nameof(ContentErased), TwinId = null, IdempotencyKey = null, Payload = GraphChangeJson.Serialize(new ContentErased()) };
                        _eventTwins[e.Sequence] = [];
                        erased++;
                        break;
                    case EventVerdict.Trim:
                        var remaining = scope.Remaining(twins);
                        var count = _telemetry.Count(t => t.Sequence == e.Sequence);
                        _events[i] = e with { TwinId = remaining[0], IdempotencyKey = key, Payload = GraphChangeJson.TelemetryPayload(remaining, count) };
                        _eventTwins[e.Sequence] = [.. remaining];
                        trimmed++;
                        break;
                    default:
                        if (key != e.IdempotencyKey) _events[i] = e with { IdempotencyKey = key };
                        break;
                }
            }
            var rewritten = 0;
            for (var i = 0; i < _snapshots.Count; i++)
            {
                var (branch, seq, version, snapshot) = _snapshots[i];
                if (!snapshot.Twins.Keys.Any(scope.TwinIds.Contains)) continue;
                _snapshots[i] = (branch, seq, version, scope.Without(snapshot));
                rewritten++;
            }
            _main = scope.Without(_main);
            var documents = _documents.Values.Where(d => scope.NamesDocument(d.Id, d.Json)).Select(d => (d.Kind, d.Id)).ToArray();
            foreach (var d in documents) _documents.Remove(d);
            return new PurgeReport(erased, trimmed, points, rewritten, keys.Length, [.. documents.Select(d => $"{d.Kind}/{d.Id}")], Compacted: false);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
