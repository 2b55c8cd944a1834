using System.Globalization;
using TwinLab.Core.History;
using TwinLab.Core.Query;
using TwinLab.Core.Twins;

namespace TwinLab.Cluster.Twins;

/// <summary>
/// The cluster's twin operations that span grains: a branch's graph, or the part of it a query needs, put together from
/// the branch's index shards, and queries answered on it by the Core's query engine — so they give the rows, order,
/// <c>TOP</c> and <c>COUNT()</c> the embedded graph gives.
/// </summary>
/// <remarks>
/// A query over one collection (twins, or relationships) fetches only each shard's matches; a query with JOIN or MATCH
/// fetches every shard's twins and relationships, so its cost grows with the branch (the traversal itself then runs
/// here, as in one process). Thread-safe; keep one per process (it caches the parsed models of each branch).
/// </remarks>
/// <param name="grains">The cluster.</param>
/// <param name="shards">Index shards per branch (<see cref="ClusterTwinOptions.IndexShards"/>, the silos' setting).</param>
public sealed class ClusterTwins(IGrainFactory grains, int shards)
{
    private readonly BranchModels _models = new();

    /// <summary>The grain of twin <paramref name="id"/> on <paramref name="branch"/>.</summary>
    public ITwinGrain Twin(string branch, string id) => grains.GetGrain<ITwinGrain>(TwinKey.Of(branch, id));

    /// <summary>The models grain of <paramref name="branch"/>.</summary>
    public IModelsGrain Models(string branch) => grains.GetGrain<IModelsGrain>(branch);

    /// <summary>The parsed models of <paramref name="branch"/>.</summary>
    public Task<Core.Models.ModelSet> ModelSetAsync(string branch) => _models.GetAsync(grains, branch);

    /// <summary>The whole branch: its models, every twin and every relationship.</summary>
    public Task<GraphSnapshot> SnapshotAsync(string branch) => AssembleAsync(branch, null);

    /// <summary>The part of <paramref name="branch"/> that <paramref name="query"/> reads: running the query on it gives the branch's answer.</summary>
    public Task<GraphSnapshot> SnapshotForAsync(string branch, ParsedQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return AssembleAsync(branch, query.Text);
    }

    /// <summary>Runs a query on <paramref name="branch"/>; the rows as JSON, exactly as the embedded graph gives them.</summary>
    /// <exception cref="Core.Errors.TwinLabException">The query does not parse (<see cref="QuerySyntaxException"/>).</exception>
    public async Task<IReadOnlyList<string>> QueryAsync(string branch, string query)
    {
        var parsed = TwinQuery.Parse(query);
        var graph = await SnapshotForAsync(branch, parsed);
        return TwinQuery.Execute(graph, parsed).Items.Select(i => i.ToJsonString()).ToArray();
    }

    private async Task<GraphSnapshot> AssembleAsync(string branch, string? query)
    {
        var models = _models.GetAsync(grains, branch);
        var parts = await Task.WhenAll(Enumerable.Range(0, shards).Select(s =>
            grains.GetGrain<ITwinIndexGrain>(TwinKey.Of(branch, s.ToString(CultureInfo.InvariantCulture))).ReadAsync(query)));
        var replayer = new TwinGraphReplayer(GraphSnapshot.Empty with { Models = await models });
        foreach (var part in parts)
        {
            var stored = SnapshotJson.Read(0, 0, part);
            foreach (var twin in stored.Twins) replayer.Apply(new TwinWritten(twin, Created: false));
            foreach (var relationship in stored.Relationships) replayer.Apply(new RelationshipWritten(relationship, Created: false));
        }
        return replayer.ToSnapshot(0);
    }
}
