using TwinLab.ContactCenter.Simulation;
using TwinLab.ContactCenter.Synthetic;
using TwinLab.Simulation.Scenarios;

namespace TwinLab.Cli.Tests;

/// <summary>The what-if files shipped in examples/contact-center/scenarios are valid contact-center scenarios.</summary>
public sealed class ContactScenarioFilesTests
{
    [Theory]
    [InlineData("callback.yaml", "callback after 60 s")]
    [InlineData("knowledge-base.yaml", "handle time -10%")]
    public void ShippedScenario_ParsesAgainstTheExampleCentre(string file, string alternative)
    {
        using var cli = new CliHarness();
        var catalog = SimulatorCatalog.CreateDefault().Add(new ContactCenterSimulator(SyntheticContactCentre.Truth()));

        var scenario = new ScenarioParser(catalog).ParseFile(Path.Combine(cli.Examples, "contact-center", "scenarios", file));

        Assert.Equal(ContactCenterSimulator.SimulatorName, scenario.Simulator);
        var compare = Assert.IsType<CompareDefinition>(scenario.Experiment);
        Assert.Equal([alternative], compare.Alternatives.Select(a => a.Name));
        Assert.Contains("service_level", scenario.Kpis);
        Assert.InRange(scenario.Replications, 2, 20);
    }
}
