using TwinLab.Simulation.Scenarios;

namespace TwinLab.Examples.Factory.Tests;

public class CatalogTests
{
    [Fact]
    public void The_assembly_loads_as_a_plug_in_as_docs_own_twin_describes()
    {
        var catalog = new SimulatorCatalog();

        var added = catalog.LoadPlugin(typeof(FactorySimulator).Assembly.Location);

        Assert.Equal(["factory"], added);
        Assert.Equal(7, catalog.Get("factory").Info.Kpis.Count);
    }
}
