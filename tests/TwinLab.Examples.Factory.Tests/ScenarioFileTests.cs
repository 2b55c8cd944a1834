using TwinLab.Simulation.Scenarios;

namespace TwinLab.Examples.Factory.Tests;

public class ScenarioFileTests
{
    [Theory]
    [InlineData("optimise.yaml", "optimise")]
    [InlineData("compare.yaml", "compare")]
    [InlineData("montecarlo.yaml", "montecarlo")]
    [InlineData("sensitivity.yaml", "sensitivity")]
    public void The_example_scenarios_parse_against_the_factory_simulator(string file, string type)
    {
        var parser = new ScenarioParser(new SimulatorCatalog().Add(new FactorySimulator()));

        var scenario = parser.ParseFile(Path.Combine(FactoryGraph.Folder, file));

        Assert.Equal("factory", scenario.Simulator);
        Assert.Equal(type, scenario.Experiment.Type);
        Assert.Equal(Path.GetFullPath(FactoryGraph.GraphFilePath), Path.GetFullPath(scenario.Twin.Load!));
        Assert.True(scenario.Horizon > scenario.Parameters.GetDouble("warmup_hours"));
    }
}
