namespace TwinLab.Simulation.Experiments;

/// <summary>
/// Runs a range of replications on this machine's threads: what an experiment does without an executor, offered so
/// that a cluster worker computes its share with exactly the same code as a single-machine run.
/// </summary>
/// <param name="threads">Replications run at once; 0 means one per core. Results do not depend on it.</param>
public sealed class LocalReplicationExecutor(int threads = 0) : IReplicationExecutor
{
    /// <inheritdoc />
    public int RunRange(ReplicationRange work, ReplicationOutcome?[] outcomes, Action onFinished, CancellationToken cancellationToken) =>
        ReplicationRunner.RunRange(work.Model, new RunOptions(work.Seed, threads), work.StreamIndex, work.First, work.Count, outcomes,
            onFinished, cancellationToken);
}
