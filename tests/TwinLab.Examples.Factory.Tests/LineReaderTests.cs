using System.Text.Json.Nodes;
using TwinLab.Core.Errors;
using TwinLab.Core.Twins;

namespace TwinLab.Examples.Factory.Tests;

public class LineReaderTests
{
    [Fact]
    public void Reads_the_sample_line_in_flow_order()
    {
        var line = LineReader.Read(FactoryGraph.Load());

        Assert.Equal("line-a", line.LineId);
        Assert.Equal(["saw", "mill", "drill", "wash", "assembly"], line.Machines.Select(m => m.TwinId));
        Assert.Equal(["buffer-1", "buffer-2", "buffer-3", "buffer-4"], line.Buffers.Select(b => b.TwinId));
        Assert.All(line.Buffers, b => Assert.Equal(2, b.Capacity));
        Assert.Equal(("crews", 1), (line.CrewPoolId, line.CrewPoolSize));
        Assert.Equal(new LineCosts("plant", 1500, 45, 7), line.Costs);
        Assert.Equal(new MachineSpec("mill", 3.2, 0.3, 4, 60), line.Machines[1]);
    }

    [Fact]
    public void A_missing_property_is_reported_with_the_twin_and_the_property()
    {
        var graph = FactoryGraph.Load(file => FactoryGraph.Twin(file, "mill").Remove("mtbfHours"));

        var e = Assert.Throws<TwinLabException>(() => LineReader.Read(graph));

        Assert.Contains("'mill'", e.Message);
        Assert.Contains("'mtbfHours'", e.Message);
    }

    [Fact]
    public void A_break_in_the_flow_names_the_twin_and_the_relationship()
    {
        var graph = FactoryGraph.Load(file =>
        {
            var rels = file["relationships"]!.AsArray();
            rels.Remove(rels.Single(r => (string?)r!["id"] == "buffer-2-feeds"));
        });

        var e = Assert.Throws<TwinLabException>(() => LineReader.Read(graph));

        Assert.Contains("'buffer-2'", e.Message);
        Assert.Contains("'feeds'", e.Message);
    }

    [Fact]
    public void A_graph_without_a_line_says_so()
    {
        var e = Assert.Throws<TwinLabException>(() => LineReader.Read(GraphSnapshot.Empty));

        Assert.Contains("ProductionLine", e.Message);
    }

    [Fact]
    public void A_missing_factory_is_reported_because_the_costs_come_from_it()
    {
        var graph = FactoryGraph.Load(file =>
        {
            var rels = file["relationships"]!.AsArray();
            rels.Remove(rels.Single(r => (string?)r!["id"] == "plant-has-line-a"));
        });

        var e = Assert.Throws<TwinLabException>(() => LineReader.Read(graph));

        Assert.Contains("'line-a'", e.Message);
        Assert.Contains("hasLine", e.Message);
    }

    [Fact]
    public void The_line_parameter_picks_a_line_by_id_and_rejects_other_twins()
    {
        var graph = FactoryGraph.Load();

        Assert.Equal(5, LineReader.Read(graph, "line-a").Machines.Count);
        var e = Assert.Throws<TwinLabException>(() => LineReader.Read(graph, "saw"));
        Assert.Contains("not a dtmi:twinlab:factory:ProductionLine;1", e.Message);
    }
}
