using TwinLab.Core.Errors;
using TwinLab.Core.History;
using TwinLab.Core.Twins;

namespace TwinLab.Cluster.Twins;

/// <summary>
/// The silo's twin store (PostgreSQL in a real cluster, so every silo reads and writes the same log), or none: then twins
/// live only in their grains' memory. Writes from this silo's grains go through one gate, as the embedded
/// <see cref="Core.Application.TwinService"/> serialises its own, since stores are written by one writer at a time.
/// </summary>
/// <param name="store">The store, or <c>null</c>.</param>
/// <param name="time">Commit times.</param>
public sealed class TwinStoreAccess(ITwinStore? store, TimeProvider time)
{
    private readonly Lock _gate = new();

    /// <summary>Whether a store is configured.</summary>
    public bool IsConfigured => store is not null;

    /// <summary>Events of a branch matching the filter (none without a store).</summary>
    public IReadOnlyList<StoredEvent> Read(EventFilter filter)
    {
        if (store is null) return [];
        lock (_gate) return store.ReadEvents(filter);
    }

    /// <summary>Main's current state (empty without a store).</summary>
    public GraphSnapshot LoadMain()
    {
        if (store is null) return GraphSnapshot.Empty;
        lock (_gate) return store.Load();
    }

    /// <summary>
    /// Runs a write on a graph and appends its changes. The graph's version is first moved to the store's last sequence,
    /// so ETags keep rising across the cluster as they do in one process.
    /// </summary>
    /// <exception cref="TwinRejectedException">The Core refused the write; nothing was stored.</exception>
    public IReadOnlyList<GraphChange> Write(string branch, TwinGraph graph, Action<TwinGraph> write, string actor)
    {
        lock (_gate)
        {
            if (store is not null) graph.AdvanceVersionTo(store.LastSequence);
            try
            {
                write(graph);
            }
            catch (TwinLabException e)
            {
                throw new TwinRejectedException(e.Code, e.Message);
            }
            var changes = graph.TakeChanges();
            if (store is not null && changes.Count > 0)
                store.Append(branch, changes, graph.Version, new WriteContext(actor), time.GetUtcNow());
            return changes;
        }
    }
}
