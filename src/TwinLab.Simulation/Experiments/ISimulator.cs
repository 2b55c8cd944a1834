using TwinLab.Simulation.Random;

namespace TwinLab.Simulation.Experiments;

/// <summary>
/// A domain's simulator: how its twin evolves and reacts to interventions. The one piece of code a domain
/// (or a user building their own twin) writes to plug into the experiment engine.
/// </summary>
/// <remarks>
/// <see cref="Prepare"/> turns the twin state and parameter values into the simulator's own structs and arrays
/// once per scenario; <see cref="IPreparedModel.Run"/> then runs one replication and is called concurrently
/// from many threads, each with its own <see cref="RandomStream"/>.
/// </remarks>
public interface ISimulator
{
    /// <summary>Name, parameters and KPIs.</summary>
    SimulatorInfo Info { get; }

    /// <summary>Builds the model for one scenario.</summary>
    /// <exception cref="Core.Errors.TwinLabException">The twin or a parameter value is not usable.</exception>
    IPreparedModel Prepare(SimulationSetup setup);
}

/// <summary>A simulator's model for one scenario, ready to run replications.</summary>
public interface IPreparedModel
{
    /// <summary>Runs one replication. Must be safe to call from several threads at once.</summary>
    ReplicationOutcome Run(RandomStream random, CancellationToken cancellationToken);
}
