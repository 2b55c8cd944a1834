using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Random;

namespace TwinLab.Simulation.Tests.Experiments;

/// <summary>
/// A noisy bowl with its minimum at (0.3, 0.7): f = (x − 0.3)² + 2(y − 0.7)² + 0.1·Z·(1 + x), Z standard normal.
/// "g" = x + y + 0.001·Z is there to be constrained.
/// </summary>
internal sealed class QuadraticSimulator : ISimulator
{
    public SimulatorInfo Info { get; } = new(
        "quadratic",
        "Noisy quadratic",
        [
            new ParameterSpec("x", ParameterKind.Real, 0.9, 0, 1),
            new ParameterSpec("y", ParameterKind.Real, 0.1, 0, 1),
        ],
        [new KpiSpec("f", Direction: KpiDirection.Minimise), new KpiSpec("g")]);

    public IPreparedModel Prepare(SimulationSetup setup) => new Model(setup.Parameters.GetDouble("x"), setup.Parameters.GetDouble("y"));

    private sealed class Model(double x, double y) : IPreparedModel
    {
        public ReplicationOutcome Run(RandomStream random, CancellationToken cancellationToken)
        {
            var z = random.NextGaussian();
            var f = (x - 0.3) * (x - 0.3) + 2 * (y - 0.7) * (y - 0.7) + 0.1 * z * (1 + x);
            return new ReplicationOutcome([f, x + y + 0.001 * z]);
        }
    }
}
