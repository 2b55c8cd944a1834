using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Random;

namespace TwinLab.Simulation.Tests.Experiments;

/// <summary>
/// Toy model with a known answer: each replication averages <c>draws</c> exponential(rate) draws, so E[wait] = 1/rate + shift.
/// Scaling by 1/rate (inversion) means a change of rate under common random numbers rescales every replication exactly.
/// </summary>
internal sealed class ExponentialSimulator : ISimulator
{
    public SimulatorInfo Info { get; } = new(
        "exponential",
        "Mean of exponential draws",
        [
            new ParameterSpec("rate", ParameterKind.Real, 1.0, 0.01, 100),
            new ParameterSpec("draws", ParameterKind.Integer, 20.0, 1, 1000),
            new ParameterSpec("shift", ParameterKind.Real, 0.0, -100, 100),
        ],
        [
            new KpiSpec("wait", Direction: KpiDirection.Minimise),
            new KpiSpec("output", Direction: KpiDirection.Maximise),
            new KpiSpec("max"),
        ]);

    public IPreparedModel Prepare(SimulationSetup setup) =>
        new Model(setup.Parameters.GetDouble("rate"), setup.Parameters.GetInt("draws"), setup.Parameters.GetDouble("shift"));

    /// <summary>The KPIs of one replication, computed directly (for comparing with what the experiment reports).</summary>
    public static double[] Direct(double rate, int draws, double shift, RandomStream random) =>
        new Model(rate, draws, shift).Run(random, CancellationToken.None).Kpis;

    private sealed class Model(double rate, int draws, double shift) : IPreparedModel
    {
        public ReplicationOutcome Run(RandomStream random, CancellationToken cancellationToken)
        {
            double sum = 0, max = 0;
            for (var i = 0; i < draws; i++)
            {
                var x = random.NextExponential(rate);
                sum += x;
                max = Math.Max(max, x);
            }
            var mean = sum / draws;
            return new ReplicationOutcome([mean + shift, 1 / mean, max]);
        }
    }
}
