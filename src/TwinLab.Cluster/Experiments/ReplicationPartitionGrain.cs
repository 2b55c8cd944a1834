using Microsoft.Extensions.Logging;
using Orleans.Placement;
using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Scenarios;

namespace TwinLab.Cluster.Experiments;

/// <summary>
/// Runs one partition with the same code a single machine uses (<see cref="LocalReplicationExecutor"/>): the model is
/// prepared from the scenario file, the scenario's parameters and the experiment's twin (fetched from the coordinator once
/// per silo), and replication <c>r</c> draws from the stream
/// (seed, stream index, r) whichever silo runs it.
/// </summary>
/// <remarks>
/// Placed on the silo with the fewest activations (of two sampled), so partitions spread over the cluster; a retry is a
/// new key and so a new placement. The grain deactivates once it has answered: a partition runs once.
/// </remarks>
[ActivationCountBasedPlacement]
internal sealed class ReplicationPartitionGrain(SimulatorCatalog catalog, ClusterExperimentOptions options, ExperimentTwins twins,
    ILogger<ReplicationPartitionGrain> log)
    : Grain, IReplicationPartitionGrain
{
    public async Task<PartitionResult> RunAsync(PartitionWork work)
    {
        var scenario = new ScenarioParser(catalog).Parse(work.ScenarioText, work.ScenarioFile);
        var simulator = catalog.Get(scenario.Simulator);
        var spec = Wire.FromWire(work.Scenario, simulator.Info);
        var twin = await twins.GetAsync(GrainFactory, work.ExperimentId);
        var setup = new SimulationSetup(twin, spec.Parameters, scenario.Horizon, spec.Interventions);
        var outcomes = new ReplicationOutcome?[work.First + work.Count];
        var silo = RuntimeIdentity;
        // Off the grain's scheduler: the replications take whole cores for as long as they run.
        await Task.Run(() =>
        {
            var model = simulator.Prepare(setup);
            new LocalReplicationExecutor(options.WorkerThreads).RunRange(
                new ReplicationRange(simulator.Info.Name, spec, setup, model, work.Seed, work.StreamIndex, work.First, work.Count),
                outcomes, static () => { }, CancellationToken.None);
        });
        log.LogDebug("Partition {Key} ran on {Silo}", work.Key, silo);
        DeactivateOnIdle();
        return new PartitionResult(work.Key, work.First, outcomes.Skip(work.First).Select(Wire.ToWire).ToArray(), silo);
    }
}
