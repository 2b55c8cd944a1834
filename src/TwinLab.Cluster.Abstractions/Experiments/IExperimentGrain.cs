namespace TwinLab.Cluster.Experiments;

/// <summary>
/// The coordinator of one experiment run on the cluster, keyed by the experiment's id. It parses the scenario file, runs
/// the experiment engine with its replications handed out in partitions to <see cref="IReplicationPartitionGrain"/>s
/// across the silos, and merges their outcomes into the same <c>results.json</c> a single machine produces.
/// </summary>
/// <remarks>
/// Its progress (the order and every finished partition) is kept in grain state, so when its silo is lost the next call
/// re-activates it elsewhere and the run continues from the partitions already finished.
/// </remarks>
public interface IExperimentGrain : IGrainWithStringKey
{
    /// <summary>Starts the experiment, or returns the status of the one already started under this id.</summary>
    /// <exception cref="ArgumentException">The order is not usable (the message names the scenario file and field).</exception>
    /// <exception cref="InvalidOperationException">This id already runs a different order.</exception>
    Task<ExperimentStatus> StartAsync(ExperimentOrder order);

    /// <summary>Where the experiment stands. Resumes an unfinished run whose coordinator was lost.</summary>
    Task<ExperimentStatus> GetStatusAsync();

    /// <summary>The finished experiment's <c>results.json</c>, or <c>null</c> while it runs.</summary>
    Task<string?> GetResultJsonAsync();

    /// <summary>The twin the experiment started from (read from the twin grains of the scenario's branch when it started).</summary>
    Task<ExperimentTwin?> GetTwinAsync();

    /// <summary>Records a finished partition (called by the coordinator's own run loop, so that it is kept in grain state).</summary>
    Task RecordPartitionAsync(PartitionResult result);
}
