using TwinLab.Core.History;
using TwinLab.Core.Models;
using TwinLab.Core.Twins;

namespace TwinLab.Cluster.Twins;

/// <summary>
/// A branch's models. Imports are validated by the Core's DTDL importer against the models already there and appended to
/// the store as the embedded server appends them; on activation the documents are read back from the store's model events.
/// </summary>
internal sealed class ModelsGrain(TwinStoreAccess store) : Grain, IModelsGrain
{
    private readonly List<string> _documents = [];

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var e in await store.ReadAsync(new EventFilter(Branch: this.GetPrimaryKeyString(), Types: EventFilter.ModelTypes)))
        {
            var change = GraphChangeJson.Deserialize(e.Type, e.Payload, ModelSet.Empty, e.Timestamp);
            if (change is ModelsImported imported) _documents.AddRange(imported.Sources.Select(s => s.Text));
        }
    }

    public async Task<ModelsAdded> ImportAsync(IReadOnlyList<string> dtdlJson)
    {
        var graph = new TwinGraph(GraphSnapshot.Empty with { Models = BranchModels.Parse(_documents) });
        IReadOnlyList<DtdlInterface> added = [];
        StoreWrite stored;
        try
        {
            stored = await store.WriteAsync(this.GetPrimaryKeyString(), graph, g => added = g.ImportModels(dtdlJson.Select(d => new DtdlSource(d))),
                ClusterWriteContext.Current());
        }
        catch (Exception e) when (e is not TwinRejectedException)
        {
            // Unknown outcome (a commit may have landed although its connection failed): reload the documents from the
            // log at the next call rather than go on without an import that may be stored.
            this.DeactivateOnIdle();
            throw;
        }
        // A repeated key answers what the import that committed it answered: its models and its event's number.
        if (stored.Duplicate)
            return new ModelsAdded(stored.Original.Where(e => e.Type == nameof(ModelsImported))
                .SelectMany(e => ((ModelsImported)GraphChangeJson.Deserialize(e.Type, e.Payload, ModelSet.Empty, e.Timestamp)).Models)
                .Select(m => m.Interface.Id.ToString()).ToArray(), stored.Original.Count > 0 ? stored.Original[^1].Sequence : 0, Duplicate: true);
        _documents.AddRange(dtdlJson);
        return new ModelsAdded(added.Select(i => i.Id.ToString()).ToArray(), graph.Version);
    }

    // Documents are only ever added, so their count identifies the version, on whichever silo the grain was activated.
    public Task<ModelSources> GetAsync() => Task.FromResult(new ModelSources(_documents.Count, _documents.ToArray()));
}
