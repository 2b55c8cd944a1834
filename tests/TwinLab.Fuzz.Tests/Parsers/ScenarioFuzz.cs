using TwinLab.Examples.Factory;
using TwinLab.Fuzz.Tests.Harness;
using TwinLab.Health.Simulation;
using TwinLab.Simulation.Scenarios;
using Xunit.Abstractions;

namespace TwinLab.Fuzz.Tests.Parsers;

/// <summary>Scenario and experiment YAML (<see cref="ScenarioParser.Parse"/>, with the CLI's simulators): the
/// scenarios of examples/ (queueing, factory, health), mutated.</summary>
[Trait("Parser", "scenario-yaml")]
public sealed class ScenarioFuzz(ITestOutputHelper output)
{
    private static readonly IReadOnlyList<string> Seeds = Corpus.Files("examples/queueing/*.yaml", "examples/factory/*.yaml", "examples/health/scenarios/*.yaml");

    private static readonly SimulatorCatalog Catalog = SimulatorCatalog.CreateDefault().Add(new FactorySimulator()).Add(new HypertensionSimulator());

    [Fact]
    public void AnyScenario_ParsesOrReportsTheFileAndLine() =>
        new Fuzzer(output).Check("scenario-yaml", Inputs.Yaml(Seeds), 500, text => new ScenarioParser(Catalog).Parse(text, "fuzz.yaml"));
}
