using TwinLab.Network.Capacity;
using TwinLab.Network.Tests.Reachability;

namespace TwinLab.Network.Tests.Capacity;

public sealed class LinksFileTests
{
    private static CapacityFileException Fails(string yaml) =>
        Assert.Throws<CapacityFileException>(() => LinksFile.Parse(yaml, "links.yaml", "."));

    [Fact]
    public void Load_ExampleEnterprise_UsesTheTopologysFirewallsAndZones()
    {
        var network = LinksFile.Load(ExampleFiles.Path("links.yaml"));

        Assert.NotNull(network.Topology);
        Assert.Equal("firewall", network.FindNode("fw-border")!.Kind);
        Assert.Equal(1e9, network.FindLink("uplink")!.Capacity);
        Assert.Equal(2e-3, network.FindLink("uplink")!.Delay, 12);
        Assert.Equal(10e9, network.FindLink("uplink")!.MaxCapacity);
        Assert.Equal(("dmz-sw", (string?)"web01"), network.Resolve("web01"));
        Assert.Equal(("dmz-sw", (string?)"mail01"), network.Resolve("203.0.113.25"));
        Assert.Equal(("access-sw", (string?)null), network.Resolve("workstations"));
        Assert.Equal(("branch-rtr", (string?)null), network.Resolve("10.30.1.10"));
        Assert.Equal(("isp", (string?)null), network.Resolve("198.51.100.7"));
        Assert.Null(network.Resolve("nowhere"));
    }

    [Fact]
    public void Parse_BadCapacity_NamesLineColumnAndField()
    {
        var e = Fails("""
            nodes: [a, b]
            links:
              - name: ab
                between: [a, b]
                capacity: 10 Gigs
            """);

        Assert.StartsWith("links.yaml:5:15: links[0].capacity: '10 Gigs' has an unknown unit", e.Message);
    }

    [Fact]
    public void Parse_UnknownNode_NamesTheLinksLine()
    {
        var e = Fails("nodes: [a, b]\nlinks:\n  - {name: ab, between: [a, b], capacity: 1G}\n  - {name: bz, between: [b, z], capacity: 1G}\n");

        Assert.Equal(4, e.Line);
        Assert.Contains("unknown node 'z'", e.Message);
    }

    [Theory]
    [InlineData("nodes: [a, b]\nlinks:\n  - {between: [a], capacity: 1G}\n", 3, "must list exactly two nodes")]
    [InlineData("nodes: [a, b]\nlinks:\n  - {between: [a, b]}\n", 3, "capacity: is missing")]
    [InlineData("nodes: [a, b]\nlinks:\n  - {between: [a, b], capacity: 1G, colour: red}\n", 3, "unknown key")]
    [InlineData("nodes: [a, b]\nlinks:\n  - {between: [a, b], capacity: 1G, latency: soon}\n", 3, "is not a delay")]
    [InlineData("nodes: [a, b]\nlinks:\n  - {between: [a, b], capacity: 1G, max_capacity: 100M}\n", 3, "below the link's capacity")]
    [InlineData("nodes: [a, b]\nlinks:\n  - {name: x, between: [a, b], capacity: 1G}\n  - {name: x, between: [b, a], capacity: 1G}\n", 4, "declared twice")]
    [InlineData("upgrade_rates: [1G, 100M]\nnodes: [a, b]\nlinks:\n  - {between: [a, b], capacity: 1G}\n", 1, "ascending")]
    [InlineData("nodes: [a, b]\nlinks:\n  - {between: [a, b], capacity: 1G}\nattach:\n  - {node: a, zone: dmz, host: web01}\n", 5, "exactly one of host, zone or subnet")]
    [InlineData("nodes: [a, b]\nlinks:\n  - {between: [a, b], capacity: 1G}\nattach:\n  - {node: q, subnet: 10.0.0.0/8}\n", 5, "unknown node 'q'")]
    [InlineData("nodes: [a]\n", 1, "no links")]
    [InlineData("topology: missing.yaml\nnodes: [a]\n", 1, "does not exist")]
    [InlineData("nodes: [a, b\nlinks: []\n", 1, "not valid YAML")]
    public void Parse_Mistakes_FileLineAndProblem(string yaml, int line, string problem)
    {
        var e = Fails(yaml);

        Assert.Equal("links.yaml", e.File);
        Assert.Equal(line, e.Line);
        Assert.Contains(problem, e.Message);
        Assert.StartsWith($"links.yaml:{line}:", e.Message);
    }
}
