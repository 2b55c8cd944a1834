namespace TwinLab.Cluster.Experiments;

/// <summary>How experiments are spread over the cluster.</summary>
public sealed class ClusterExperimentOptions
{
    /// <summary>
    /// Replications per partition when the order names none. 128 keeps a grain call's cost (a millisecond or so) small
    /// against its work, while an experiment of a few thousand replications still spreads over every silo.
    /// </summary>
    public int PartitionSize { get; set; } = 128;

    /// <summary>Partitions handed out at once per experiment (the rest wait), so a huge experiment does not flood the silos.</summary>
    public int MaxPartitionsInFlight { get; set; } = 64;

    /// <summary>How long a partition may take before it is handed out again (its silo may be gone without a word).</summary>
    public TimeSpan PartitionTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Attempts per partition before the experiment fails.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Pause before a partition is handed out again (doubled each attempt), while the cluster notices a lost silo.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Replications a worker runs at once; 0 means one per core of its silo. Results do not depend on it.</summary>
    public int WorkerThreads { get; set; }

    /// <summary>
    /// The silo (its silo endpoint) experiment coordinators are placed on while it is alive; <c>null</c>: on the silo that
    /// first asks for the coordinator. Localhost membership sets the seed here (see <see cref="CoordinatorPlacement"/>).
    /// </summary>
    public System.Net.IPEndPoint? CoordinatorSilo { get; set; }
}
