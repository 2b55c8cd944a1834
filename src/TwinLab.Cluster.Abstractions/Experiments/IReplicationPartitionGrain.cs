namespace TwinLab.Cluster.Experiments;

/// <summary>
/// Runs one partition of an experiment's replications. Keyed by experiment, scenario stream, first replication and
/// attempt, so each partition (and each retry of it) is its own activation, placed on a silo of its own.
/// </summary>
public interface IReplicationPartitionGrain : IGrainWithStringKey
{
    /// <summary>Prepares the scenario's model on this silo and runs the partition's replications.</summary>
    Task<PartitionResult> RunAsync(PartitionWork work);
}
