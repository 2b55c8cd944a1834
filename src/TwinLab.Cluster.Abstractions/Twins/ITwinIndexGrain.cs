namespace TwinLab.Cluster.Twins;

/// <summary>
/// One shard of a branch's graph index (key <see cref="TwinKey.Of"/>(branch, shard number)): the twins whose
/// <c>IndexShards</c> number is this one and their outgoing relationships, kept up to date from the twin grains' changes.
/// A query asks every shard for its part and the asking node runs the Core's query engine on the parts put together.
/// </summary>
public interface ITwinIndexGrain : IGrainWithStringKey
{
    /// <summary>Records a twin's new state, or its deletion (<paramref name="twinJson"/> <c>null</c>).</summary>
    Task ApplyAsync(string twinId, string? twinJson);

    /// <summary>Records an outgoing relationship of one of this shard's twins, or its deletion (<paramref name="relationshipJson"/> <c>null</c>).</summary>
    Task ApplyRelationshipAsync(string sourceId, string relationshipId, string? relationshipJson);

    /// <summary>
    /// This shard's part of what a query needs, as a snapshot payload (<c>SnapshotJson</c>: <c>{"twins": […],
    /// "relationships": […]}</c>): for a query over one collection, the twins (or relationships) its WHERE clause selects;
    /// for a query with JOIN or MATCH, or <paramref name="query"/> <c>null</c>, every twin and relationship of the shard.
    /// </summary>
    /// <exception cref="TwinRejectedException">The query does not parse.</exception>
    Task<byte[]> ReadAsync(string? query);

    /// <summary>Twins held by this shard.</summary>
    Task<int> CountAsync();
}
