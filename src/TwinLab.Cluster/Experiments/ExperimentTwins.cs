using System.Collections.Concurrent;
using TwinLab.Cluster.Twins;
using TwinLab.Core.History;
using TwinLab.Core.Twins;

namespace TwinLab.Cluster.Experiments;

/// <summary>
/// A silo-local cache of the twins experiments start from: a silo running many partitions of one experiment fetches its
/// twin from the coordinator once and prepares every partition's model from the same <see cref="GraphSnapshot"/>.
/// </summary>
internal sealed class ExperimentTwins
{
    // A few experiments run at once; their twins may be large, so only the most recent are kept.
    private const int Kept = 8;
    private readonly ConcurrentDictionary<string, Lazy<Task<GraphSnapshot?>>> _twins = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    public async Task<GraphSnapshot?> GetAsync(IGrainFactory grains, string experimentId)
    {
        var added = false;
        var entry = _twins.GetOrAdd(experimentId, id =>
        {
            added = true;
            return new Lazy<Task<GraphSnapshot?>>(() => FetchAsync(grains, id));
        });
        if (added)
        {
            _order.Enqueue(experimentId);
            while (_order.Count > Kept && _order.TryDequeue(out var old)) _twins.TryRemove(old, out _);
        }
        try
        {
            return await entry.Value;
        }
        catch
        {
            // A failed fetch (the coordinator's silo being lost) is not kept: the partition's retry fetches again.
            _twins.TryRemove(KeyValuePair.Create(experimentId, entry));
            throw;
        }
    }

    private static async Task<GraphSnapshot?> FetchAsync(IGrainFactory grains, string experimentId) =>
        await grains.GetGrain<IExperimentGrain>(experimentId).GetTwinAsync() is { } twin ? Read(twin) : null;

    /// <summary>The twin as the simulator sees it: the models parsed, the twins and relationships replayed.</summary>
    public static GraphSnapshot Read(ExperimentTwin twin)
    {
        var replayer = new TwinGraphReplayer(GraphSnapshot.Empty with { Models = BranchModels.Parse(twin.ModelDocuments) });
        var stored = SnapshotJson.Read(0, 0, twin.Graph);
        foreach (var t in stored.Twins) replayer.Apply(new TwinWritten(t, Created: false));
        foreach (var r in stored.Relationships) replayer.Apply(new RelationshipWritten(r, Created: false));
        return replayer.ToSnapshot(0);
    }
}
