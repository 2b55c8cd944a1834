namespace TwinLab.Cluster.Twins;

/// <summary>
/// One shard of a branch's query index (key <see cref="TwinKey.Of"/>(branch, shard number)), kept up to date from the
/// twins' changes; a query fans out to every shard and each runs the Core's query engine over its twins.
/// </summary>
public interface ITwinIndexGrain : IGrainWithStringKey
{
    /// <summary>Records a twin's new state, or its deletion (<paramref name="twinJson"/> <c>null</c>).</summary>
    Task ApplyAsync(string twinId, string? twinJson);

    /// <summary>Runs a query over this shard's twins; returns the result items as JSON.</summary>
    Task<IReadOnlyList<string>> QueryAsync(string query);

    /// <summary>Twins held by this shard.</summary>
    Task<int> CountAsync();
}
