using System.Collections.Concurrent;
using TwinLab.Core.Models;
using TwinLab.Core.Twins;

namespace TwinLab.Cluster.Twins;

/// <summary>
/// A silo-local cache of each branch's parsed models, refreshed when the branch's <see cref="IModelsGrain"/> reports a
/// new version: every twin grain on the silo shares one <see cref="ModelSet"/> instead of parsing DTDL per twin.
/// </summary>
internal sealed class BranchModels
{
    private readonly ConcurrentDictionary<string, (long Version, ModelSet Models)> _cache = new(StringComparer.Ordinal);

    public async Task<ModelSet> GetAsync(IGrainFactory grains, string branch)
    {
        var sources = await grains.GetGrain<IModelsGrain>(branch).GetAsync();
        if (_cache.TryGetValue(branch, out var cached) && cached.Version == sources.Version) return cached.Models;
        var models = Parse(sources.Documents);
        _cache[branch] = (sources.Version, models);
        return models;
    }

    /// <summary>The models of DTDL documents, through the Core's importer (the documents were validated when imported).</summary>
    public static ModelSet Parse(IReadOnlyList<string> documents)
    {
        var graph = new TwinGraph();
        if (documents.Count > 0) graph.ImportModels(documents.Select(d => new DtdlSource(d)));
        return graph.Models;
    }
}
