namespace TwinLab.Cluster.Experiments;

/// <summary>Names of the grain storage providers the cluster's grains use.</summary>
public static class ClusterStorage
{
    /// <summary>Experiment coordinators' progress: PostgreSQL (<c>PostgresGrainStorage</c>) under <c>membership: postgres</c>,
    /// so a coordinator survives the loss of its silo; in-memory under localhost membership.</summary>
    public const string Experiments = "twinlab-experiments";
}
