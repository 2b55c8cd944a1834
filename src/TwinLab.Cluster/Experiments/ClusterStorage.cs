namespace TwinLab.Cluster.Experiments;

/// <summary>Names of the grain storage providers the cluster's grains use.</summary>
public static class ClusterStorage
{
    /// <summary>Experiment coordinators' progress. In-memory for tests and one-machine clusters; a cluster that must
    /// survive the loss of the silo holding it needs a persistent provider (ADO.NET on PostgreSQL) under this name.</summary>
    public const string Experiments = "twinlab-experiments";
}
