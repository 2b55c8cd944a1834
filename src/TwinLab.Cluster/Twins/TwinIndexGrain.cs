using System.Text.Json;
using TwinLab.Core.History;
using TwinLab.Core.Query;
using TwinLab.Core.Twins;

namespace TwinLab.Cluster.Twins;

/// <summary>
/// One shard of a branch's query index: the twins whose <see cref="IndexShards"/> number is this one, kept as a graph
/// the Core's query engine runs on. Filled on activation from the store's current state of main and then from the
/// changes the twin grains send.
/// </summary>
/// <remarks>Holds twins, not relationships: queries that JOIN across relationships need the whole graph and are refused.</remarks>
internal sealed class TwinIndexGrain(BranchModels models, TwinStoreAccess store, ClusterTwinOptions options) : Grain, ITwinIndexGrain
{
    private TwinGraphReplayer _twins = new(GraphSnapshot.Empty);
    private long _version;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var (branch, shardText) = TwinKey.Split(this.GetPrimaryKeyString());
        var shard = int.Parse(shardText, System.Globalization.CultureInfo.InvariantCulture);
        if (branch != BranchInfo.Main) return Task.CompletedTask;
        foreach (var twin in store.LoadMain().Twins.Values)
            if (IndexShards.Of(twin.Id, options.IndexShards) == shard) _twins.Apply(new TwinWritten(twin, Created: false));
        return Task.CompletedTask;
    }

    public Task ApplyAsync(string twinId, string? twinJson)
    {
        if (twinJson is null) _twins.Apply(new TwinDeleted(twinId));
        else
        {
            using var doc = JsonDocument.Parse(twinJson);
            _twins.Apply(new TwinWritten(TwinJson.ReadTwin(doc.RootElement), Created: false));
        }
        _version++;
        return Task.CompletedTask;
    }

    public async Task<IReadOnlyList<string>> QueryAsync(string query)
    {
        var (branch, _) = TwinKey.Split(this.GetPrimaryKeyString());
        ParsedQuery parsed;
        try
        {
            parsed = TwinQuery.Parse(query);
        }
        catch (Core.Errors.TwinLabException e)
        {
            throw new TwinRejectedException(e.Code, e.Message);
        }
        if (parsed.Text.Contains(" JOIN ", StringComparison.OrdinalIgnoreCase))
            throw new TwinRejectedException(Core.Errors.ErrorCodes.InvalidArgument,
                "Queries on the cluster's index cannot JOIN across relationships yet; query the twins alone, or ask a twin's grain for its relationships.");
        // IS_OF_MODEL needs the branch's current models.
        var snapshot = _twins.ToSnapshot(_version) with { Models = await models.GetAsync(GrainFactory, branch) };
        try
        {
            return TwinQuery.Execute(snapshot, parsed).Items.Select(i => i.ToJsonString()).ToArray();
        }
        catch (Core.Errors.TwinLabException e)
        {
            throw new TwinRejectedException(e.Code, e.Message);
        }
    }

    public Task<int> CountAsync() => Task.FromResult(_twins.ToSnapshot(_version).Twins.Count);
}
