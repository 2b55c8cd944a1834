using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Random;

namespace TwinLab.Simulation.Tests.Experiments;

/// <summary>
/// A discrete problem with its best point known: cost = (buffer − 4)² + 3(crews − 2)² + [mode = slow] + noise,
/// minimal at buffer 4, crews 2, mode fast; unimodal in (buffer, crews). "load" = buffer + crews (+ tiny noise).
/// </summary>
internal sealed class GridSimulator : ISimulator
{
    public SimulatorInfo Info { get; } = new(
        "grid",
        "Discrete bowl",
        [
            new ParameterSpec("buffer", ParameterKind.Integer, 0.0, 0, 10),
            new ParameterSpec("crews", ParameterKind.Integer, 1.0, 1, 5),
            new ParameterSpec("mode", ParameterKind.Choice, "slow", Choices: ["slow", "fast"]),
            new ParameterSpec("express", ParameterKind.Boolean, ParameterValue.Of(false)),
        ],
        [new KpiSpec("cost", Direction: KpiDirection.Minimise), new KpiSpec("load")]);

    public IPreparedModel Prepare(SimulationSetup setup) => new Model(
        setup.Parameters.GetInt("buffer"), setup.Parameters.GetInt("crews"), setup.Parameters.GetText("mode") == "fast");

    private sealed class Model(int buffer, int crews, bool fast) : IPreparedModel
    {
        public ReplicationOutcome Run(RandomStream random, CancellationToken cancellationToken)
        {
            var noise = random.NextGaussian();
            var cost = (buffer - 4) * (buffer - 4) + 3 * (crews - 2) * (crews - 2) + (fast ? 0 : 1) + 0.3 * noise * (1 + 0.1 * buffer);
            return new ReplicationOutcome([cost, buffer + crews + 0.001 * noise]);
        }
    }
}
