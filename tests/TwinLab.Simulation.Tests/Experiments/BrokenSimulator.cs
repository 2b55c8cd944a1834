using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Random;

namespace TwinLab.Simulation.Tests.Experiments;

/// <summary>Declares two KPIs but reports one.</summary>
internal sealed class BrokenSimulator : ISimulator
{
    public SimulatorInfo Info { get; } = new("broken", "Reports too few KPIs", [], [new KpiSpec("a"), new KpiSpec("b")]);

    public IPreparedModel Prepare(SimulationSetup setup) => new Model();

    private sealed class Model : IPreparedModel
    {
        public ReplicationOutcome Run(RandomStream random, CancellationToken cancellationToken) => new([random.NextDouble()]);
    }
}
