using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Random;

namespace TwinLab.Simulation.Tests.Sensitivity;

/// <summary>
/// A simulator whose KPIs are known functions of its parameters plus noise: y = 3a + b + ε, z = a·b + 0.1ε,
/// with ε standard normal per replication (the same ε under common random numbers).
/// </summary>
internal sealed class ToySimulator : ISimulator
{
    public SimulatorInfo Info { get; } = new(
        "toy", "Known sensitivities.",
        [
            new ParameterSpec("a", ParameterKind.Real, 1.0, 0, 10),
            new ParameterSpec("b", ParameterKind.Real, 2.0, 0, 10),
            new ParameterSpec("n", ParameterKind.Integer, 3.0, 1, 5),
            new ParameterSpec("mode", ParameterKind.Choice, "x", Choices: ["x", "y"]),
            new ParameterSpec("open", ParameterKind.Real, 1.0),
        ],
        [new KpiSpec("y"), new KpiSpec("z")]);

    public IPreparedModel Prepare(SimulationSetup setup) =>
        new Model(setup.Parameters.GetDouble("a"), setup.Parameters.GetDouble("b"));

    private sealed class Model(double a, double b) : IPreparedModel
    {
        public ReplicationOutcome Run(RandomStream random, CancellationToken cancellationToken)
        {
            var noise = random.NextGaussian();
            return new ReplicationOutcome([3 * a + b + noise, a * b + 0.1 * noise]);
        }
    }

    public static ExperimentContext Context(int threads = 2, ulong seed = 42) => new(new ToySimulator(), new RunOptions(seed, threads));

    public static ScenarioSpec Base(ExperimentContext context) => new("base", context.Parameters(), []);
}
