using TwinLab.Core.Twins;
using TwinLab.Simulation.Experiments;

namespace TwinLab.Examples.Factory.Tests;

/// <summary>Runs the factory simulator through the experiment engine, as the CLI does.</summary>
internal static class Simulate
{
    public static readonly FactorySimulator Simulator = new();

    public static ScenarioResult Run(GraphSnapshot twin, double horizon, int replications, params (string Name, double Value)[] parameters)
    {
        var context = new ExperimentContext(Simulator, new RunOptions(Seed: 7), twin, horizon);
        var values = context.Parameters(parameters.Select(p => new KeyValuePair<string, ParameterValue>(p.Name, p.Value)));
        // Stream index 0 for every scenario: common random numbers, as the optimiser uses.
        return context.Run(new ScenarioSpec("test", values, []), index: 0, replications, streamIndex: 0);
    }

    public static IPreparedModel Prepare(GraphSnapshot? twin, double horizon, params (string Name, double Value)[] parameters) =>
        Simulator.Prepare(new SimulationSetup(twin,
            ParameterSet.Create(Simulator.Info, parameters.Select(p => new KeyValuePair<string, ParameterValue>(p.Name, p.Value))),
            horizon, []));

    public static double Mean(this ScenarioResult result, string kpi) => result.Summary(kpi).Mean;
}
