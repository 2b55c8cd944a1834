namespace TwinLab.Simulation.Experiments;

/// <summary>How an experiment runs: seed, parallelism, progress reporting.</summary>
/// <param name="Seed">Experiment seed; with the scenario and replication index it fixes every random number.</param>
/// <param name="Threads">Replications run at once; 0 means one per core.</param>
/// <param name="Progress">Receives progress after each finished replication (from worker threads).</param>
public sealed record RunOptions(ulong Seed, int Threads = 0, IProgress<ExperimentProgress>? Progress = null)
{
    /// <summary>The effective number of threads.</summary>
    public int EffectiveThreads => Threads > 0 ? Threads : Environment.ProcessorCount;

    /// <summary>
    /// Where replications run; <c>null</c> (the default) runs them on this machine's threads. A cluster sets its own
    /// (see <see cref="IReplicationExecutor"/> for the contract that keeps results identical).
    /// </summary>
    public IReplicationExecutor? Executor { get; init; }
}

/// <summary>Progress of a running experiment.</summary>
/// <param name="Completed">Replications finished so far (all scenarios).</param>
/// <param name="Total">Replications planned (may grow when a run continues until a precision target).</param>
/// <param name="Stage">What is running (scenario name or experiment step).</param>
public readonly record struct ExperimentProgress(long Completed, long Total, string Stage);
