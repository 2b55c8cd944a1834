using TwinLab.Examples.Factory;
using TwinLab.Simulation.Scenarios;

namespace TwinLab.Cli.Commands;

/// <summary>The simulators the <c>twinlab</c> command knows: the engine's built-ins, the domains' and the examples'.</summary>
internal static class Simulators
{
    public static SimulatorCatalog Catalog() => SimulatorCatalog.CreateDefault().Add(new FactorySimulator()).Add(new TwinLab.Health.Simulation.HypertensionSimulator());
}
