namespace TwinLab.Core.Twins;

/// <summary>A store that keeps everything in memory: for tests, benchmarks and throw-away sessions.</summary>
/// <remarks>Thread-safe.</remarks>
public sealed class InMemoryTwinStore : ITwinStore
{
    private readonly Lock _gate = new();
    private GraphSnapshot _snapshot = GraphSnapshot.Empty;
    private readonly Dictionary<string, List<TelemetryPoint>> _telemetry = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public GraphSnapshot Load()
    {
        lock (_gate) return _snapshot;
    }

    /// <inheritdoc />
    public void Commit(IReadOnlyList<GraphChange> changes, long version)
    {
        lock (_gate)
        {
            // Stage everything first so a change that fails to apply leaves the store as it was.
            var graph = new TwinGraphReplayer(_snapshot);
            var points = new List<TelemetryPoint>();
            foreach (var change in changes)
            {
                if (change is TelemetryAppended t) points.AddRange(t.Points);
                else graph.Apply(change);
            }
            foreach (var p in points)
            {
                if (!_telemetry.TryGetValue(p.TwinId, out var list)) _telemetry[p.TwinId] = list = [];
                list.Add(p);
            }
            _snapshot = graph.ToSnapshot(version);
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<TelemetryPoint> ReadTelemetry(string twinId, string? name, DateTimeOffset from, DateTimeOffset to)
    {
        lock (_gate)
        {
            if (!_telemetry.TryGetValue(twinId, out var list)) return [];
            return list.Where(p => (name is null || p.Name == name) && p.Timestamp >= from && p.Timestamp < to)
                .OrderBy(p => p.Timestamp).ToArray();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
