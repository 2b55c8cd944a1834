namespace TwinLab.Simulation.Experiments;

/// <summary>
/// Where an experiment's replications run. By default they run on this machine's threads; a cluster supplies its own
/// executor (through <see cref="RunOptions.Executor"/>) that hands ranges of replications to other machines.
/// </summary>
/// <remarks>
/// The contract that keeps results identical wherever replications run: replication <c>r</c> of stream index <c>s</c>
/// must be computed by <see cref="IPreparedModel.Run"/> on a model prepared from the same setup, with
/// <see cref="Random.RandomStream.For"/>(seed, s, r), and its outcome stored at <c>outcomes[r]</c>. The experiment then
/// collects the outcomes in replication order exactly as it does for a local run. Called from one thread at a time per
/// experiment; the executor may run the range however it likes, concurrently included.
/// </remarks>
public interface IReplicationExecutor
{
    /// <summary>Runs the range's replications (<see cref="ReplicationRange.First"/> onwards) and stores each outcome at its index.</summary>
    /// <param name="work">The scenario, how it was prepared and which replications.</param>
    /// <param name="outcomes">Outcome slots, indexed by replication.</param>
    /// <param name="onFinished">Called once per finished replication (progress).</param>
    /// <param name="cancellationToken">Stops the run; finished replications are kept.</param>
    /// <returns>How many replications finished.</returns>
    int RunRange(ReplicationRange work, ReplicationOutcome?[] outcomes, Action onFinished, CancellationToken cancellationToken);
}

/// <summary>A range of replications of one scenario, with everything needed to prepare its model again elsewhere.</summary>
/// <param name="Simulator">The simulator's name.</param>
/// <param name="Scenario">The scenario (parameters and interventions).</param>
/// <param name="Setup">The setup its model was prepared from (twin, horizon, telemetry).</param>
/// <param name="Model">The model prepared on this machine, for executors that run some replications locally.</param>
/// <param name="Seed">The experiment seed.</param>
/// <param name="StreamIndex">Scenario index of the random streams.</param>
/// <param name="First">First replication index.</param>
/// <param name="Count">Number of replications.</param>
public sealed record ReplicationRange(
    string Simulator, ScenarioSpec Scenario, SimulationSetup Setup, IPreparedModel Model, ulong Seed, int StreamIndex, int First, int Count);
