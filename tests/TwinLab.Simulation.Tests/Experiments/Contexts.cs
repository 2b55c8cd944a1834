using TwinLab.Simulation.Experiments;

namespace TwinLab.Simulation.Tests.Experiments;

/// <summary>Shorthands for building experiments in tests.</summary>
internal static class Contexts
{
    public static ExperimentContext For(ISimulator simulator, ulong seed = 42, int threads = 2, CancellationToken token = default) =>
        new(simulator, new RunOptions(seed, threads), cancellationToken: token);

    public static ScenarioSpec Scenario(ExperimentContext context, string name, params (string Name, ParameterValue Value)[] values) =>
        new(name, context.Parameters(values.Select(v => KeyValuePair.Create(v.Name, v.Value))), []);

    public static long[] Bits(double[] values) => [.. values.Select(BitConverter.DoubleToInt64Bits)];
}
