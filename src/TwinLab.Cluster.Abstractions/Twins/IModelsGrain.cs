namespace TwinLab.Cluster.Twins;

/// <summary>The DTDL models of one branch (key: the branch name), shared by every twin grain of the branch.</summary>
public interface IModelsGrain : IGrainWithStringKey
{
    /// <summary>Validates and adds DTDL documents (each a JSON array or object), as the embedded server does.</summary>
    /// <returns>The ids of the models added, and the sequence number of the import.</returns>
    Task<ModelsAdded> ImportAsync(IReadOnlyList<string> dtdlJson);

    /// <summary>Every DTDL document imported so far, with a version that changes when they do (for silo-local caches).</summary>
    Task<ModelSources> GetAsync();
}

/// <summary>What an import added.</summary>
/// <param name="Ids">The models added.</param>
/// <param name="Sequence">The sequence number of the import (with a store: its event's).</param>
/// <param name="Duplicate">The import's idempotency key had been committed before: nothing was imported, and
/// <paramref name="Ids"/> and <paramref name="Sequence"/> are that earlier import's.</param>
[GenerateSerializer, Immutable, Alias("twinlab.ModelsAdded")]
public sealed record ModelsAdded([property: Id(0)] IReadOnlyList<string> Ids, [property: Id(1)] long Sequence, [property: Id(2)] bool Duplicate = false);

/// <summary>A branch's DTDL documents.</summary>
/// <param name="Version">Changes whenever the documents do.</param>
/// <param name="Documents">The documents, in import order.</param>
[GenerateSerializer, Immutable, Alias("twinlab.ModelSources")]
public sealed record ModelSources([property: Id(0)] long Version, [property: Id(1)] IReadOnlyList<string> Documents);
