using System.Text.Json;
using TwinLab.Core.History;
using TwinLab.Core.Query;
using TwinLab.Core.Twins;

namespace TwinLab.Cluster.Twins;

/// <summary>
/// One shard of a branch's graph index: the twins whose <see cref="IndexShards"/> number is this one and their outgoing
/// relationships, kept as a graph the Core's query engine runs on. Filled on activation from the store's current state
/// of main and then from the changes the twin grains send.
/// </summary>
/// <remarks>
/// A query over one collection judges each item on its own, so each shard selects its matches with the Core's engine
/// and only those travel; a traversal (JOIN, MATCH) needs paths that cross shards, so every shard sends its whole part.
/// </remarks>
internal sealed class TwinIndexGrain(BranchModels models, TwinStoreAccess store, ClusterTwinOptions options) : Grain, ITwinIndexGrain
{
    private readonly TwinGraphReplayer _graph = new(GraphSnapshot.Empty);
    private long _version;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var (branch, shardText) = TwinKey.Split(this.GetPrimaryKeyString());
        var shard = int.Parse(shardText, System.Globalization.CultureInfo.InvariantCulture);
        if (branch != BranchInfo.Main) return;
        var main = await store.LoadMainAsync();
        foreach (var twin in main.Twins.Values)
            if (IndexShards.Of(twin.Id, options.IndexShards) == shard) _graph.Apply(new TwinWritten(twin, Created: false));
        foreach (var relationship in main.Relationships)
            if (IndexShards.Of(relationship.SourceId, options.IndexShards) == shard) _graph.Apply(new RelationshipWritten(relationship, Created: false));
    }

    public Task ApplyAsync(string twinId, string? twinJson)
    {
        if (twinJson is null) _graph.Apply(new TwinDeleted(twinId));
        else
        {
            using var doc = JsonDocument.Parse(twinJson);
            _graph.Apply(new TwinWritten(TwinJson.ReadTwin(doc.RootElement), Created: false));
        }
        _version++;
        return Task.CompletedTask;
    }

    public Task ApplyRelationshipAsync(string sourceId, string relationshipId, string? relationshipJson)
    {
        if (relationshipJson is null) _graph.Apply(new RelationshipDeleted(sourceId, relationshipId));
        else
        {
            using var doc = JsonDocument.Parse(relationshipJson);
            _graph.Apply(new RelationshipWritten(TwinJson.ReadRelationship(doc.RootElement), Created: false));
        }
        _version++;
        return Task.CompletedTask;
    }

    public async Task<byte[]> ReadAsync(string? query)
    {
        var snapshot = _graph.ToSnapshot(_version);
        if (query is null) return SnapshotJson.Write(snapshot.Twins.Values, snapshot.Relationships);
        ParsedQuery parsed;
        try
        {
            parsed = TwinQuery.Parse(query);
        }
        catch (Core.Errors.TwinLabException e)
        {
            throw new TwinRejectedException(e.Code, e.Message);
        }
        if (parsed.Shape == QueryShape.Traversal) return SnapshotJson.Write(snapshot.Twins.Values, snapshot.Relationships);
        // IS_OF_MODEL needs the branch's current models.
        var (branch, _) = TwinKey.Split(this.GetPrimaryKeyString());
        var matches = TwinQuery.Match(snapshot with { Models = await models.GetAsync(GrainFactory, branch) }, parsed);
        return SnapshotJson.Write(matches.Twins, matches.Relationships);
    }

    public Task<int> CountAsync() => Task.FromResult(_graph.ToSnapshot(_version).Twins.Count);
}
