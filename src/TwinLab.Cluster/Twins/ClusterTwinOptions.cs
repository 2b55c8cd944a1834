namespace TwinLab.Cluster.Twins;

/// <summary>How twins are hosted on the cluster.</summary>
public sealed class ClusterTwinOptions
{
    /// <summary>
    /// Query index shards per branch. A query asks every shard; each holds about 1/N of the twins. Every silo of a
    /// cluster must use the same number (it decides which shard a twin's changes go to).
    /// </summary>
    public int IndexShards { get; set; } = 8;
}
