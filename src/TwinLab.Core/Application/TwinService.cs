using TwinLab.Core.Query;
using TwinLab.Core.Twins;

namespace TwinLab.Core.Application;

/// <summary>
/// The application service the CLI and the server both call: a <see cref="TwinGraph"/> kept in step with an
/// <see cref="ITwinStore"/>, where every write is one transaction.
/// </summary>
/// <remarks>
/// Writes are serialized. <see cref="Write{T}"/> runs an operation on the graph and commits the changes it made;
/// if the operation or the commit fails, the graph is rolled back to its state before, so a failed command changes nothing.
/// Reads take a snapshot and may run concurrently with writes.
/// </remarks>
public sealed class TwinService : IDisposable
{
    private readonly ITwinStore _store;
    private readonly TwinGraph _graph;
    private readonly Lock _writeGate = new();
    private volatile GraphSnapshot _snapshot;

    /// <summary>Opens the service on a store, loading its graph.</summary>
    public TwinService(ITwinStore store, TimeProvider? time = null)
    {
        _store = store;
        _snapshot = store.Load();
        _graph = new TwinGraph(_snapshot, time);
    }

    /// <summary>The state after the last committed write.</summary>
    public GraphSnapshot Snapshot => _snapshot;

    /// <summary>The underlying store.</summary>
    public ITwinStore Store => _store;

    /// <summary>Runs <paramref name="operation"/> on the graph and commits what it changed, atomically.</summary>
    /// <exception cref="Errors.TwinLabException">Whatever the operation throws; nothing is changed.</exception>
    public T Write<T>(Func<TwinGraph, T> operation)
    {
        lock (_writeGate)
        {
            var before = _snapshot;
            try
            {
                var result = operation(_graph);
                var changes = _graph.TakeChanges();
                if (changes.Count > 0) _store.Commit(changes, _graph.Version);
                _snapshot = _graph.Snapshot();
                return result;
            }
            catch
            {
                _graph.Restore(before);
                throw;
            }
        }
    }

    /// <summary>Runs <paramref name="operation"/> on the graph and commits what it changed, atomically.</summary>
    public void Write(Action<TwinGraph> operation) => Write(g =>
    {
        operation(g);
        return 0;
    });

    /// <summary>Runs a query on the current snapshot.</summary>
    public QueryResult Query(string query) => TwinQuery.Execute(_snapshot, query);

    /// <summary>Reads telemetry of a twin in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    /// <exception cref="Errors.TwinLabException">The twin does not exist.</exception>
    public IReadOnlyList<TelemetryPoint> ReadTelemetry(string twinId, string? name, DateTimeOffset from, DateTimeOffset to)
    {
        if (!_snapshot.Twins.ContainsKey(twinId))
            throw new Errors.TwinLabException(Errors.ErrorCodes.DigitalTwinNotFound, $"Twin '{twinId}' not found.");
        return _store.ReadTelemetry(twinId, name, from, to);
    }

    /// <inheritdoc />
    public void Dispose() => _store.Dispose();
}
