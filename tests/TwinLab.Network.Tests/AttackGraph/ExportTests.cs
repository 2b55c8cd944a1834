using System.Text.Json;
using System.Text.RegularExpressions;
using TwinLab.Network.AttackGraph;

namespace TwinLab.Network.Tests.AttackGraph;

public sealed partial class ExportTests
{
    private static readonly LogicalAttackGraph Graph = LogicalAttackGraph.Build(HandNetwork.Facts());

    [GeneratedRegex("""^  n(\d+) \[shape=(box|ellipse|diamond), label="((?:[^"\\]|\\.)*)"(, style=filled, fillcolor="#[0-9a-f]{6}")?\];$""")]
    private static partial Regex NodeLine();

    [GeneratedRegex(@"^  n(\d+) -> n(\d+);$")]
    private static partial Regex EdgeLine();

    [Fact]
    public void ToDot_IsAWellFormedDigraphOfEveryNodeAndEdge()
    {
        var lines = Graph.ToDot().TrimEnd('\n').Split('\n');
        Assert.Equal("digraph attack_graph {", lines[0]);
        Assert.Equal("}", lines[^1]);
        var nodes = new Dictionary<int, string>();
        var edges = 0;
        foreach (var line in lines[1..^1])
        {
            if (line.StartsWith("  rankdir") || line.StartsWith("  node [")) continue;
            if (NodeLine().Match(line) is { Success: true } n) { nodes.Add(int.Parse(n.Groups[1].Value), n.Groups[2].Value); continue; }
            var e = EdgeLine().Match(line);
            Assert.True(e.Success, $"not a DOT statement: {line}");
            Assert.Contains(int.Parse(e.Groups[1].Value), nodes.Keys);
            Assert.Contains(int.Parse(e.Groups[2].Value), nodes.Keys);
            edges++;
        }
        Assert.Equal(Graph.NodeCount, nodes.Count);
        Assert.Equal(Graph.EdgeCount, edges);
        Assert.All(Graph.Nodes, node => Assert.Equal(node.Kind switch
        {
            AttackNodeKind.Leaf => "box", AttackNodeKind.And => "ellipse", _ => "diamond",
        }, nodes[node.Id]));
        Assert.Equal(2, lines.Count(l => l.Contains("fillcolor"))); // the two crown jewels
    }

    [Fact]
    public void ToJson_ListsNodesEdgesAndGoals()
    {
        using var doc = JsonDocument.Parse(Graph.ToJson());
        var nodes = doc.RootElement.GetProperty("nodes");
        Assert.Equal(Graph.NodeCount, nodes.GetArrayLength());
        var types = nodes.EnumerateArray().Select(n => n.GetProperty("type").GetString()).ToList();
        Assert.Equal(Graph.AndCount, types.Count(t => t == "AND"));
        Assert.Equal(Graph.OrCount, types.Count(t => t == "OR"));
        Assert.Equal(Graph.LeafCount, types.Count(t => t == "LEAF"));
        var exploit = nodes.EnumerateArray().Single(n => n.TryGetProperty("technique", out var t) && t.GetString() == "T1190");
        Assert.Equal("remote-exploit", exploit.GetProperty("rule").GetString());
        Assert.Equal(0.8, exploit.GetProperty("probability").GetDouble());
        Assert.True(exploit.GetProperty("action").GetBoolean());
        var edges = doc.RootElement.GetProperty("edges");
        Assert.Equal(Graph.EdgeCount, edges.GetArrayLength());
        Assert.All(edges.EnumerateArray(), e => Assert.InRange(e.GetProperty("to").GetInt32(), 0, Graph.NodeCount - 1));
        var dc = doc.RootElement.GetProperty("goals").EnumerateArray().Single(g => g.GetProperty("host").GetString() == "dc01");
        Assert.True(dc.GetProperty("crownJewel").GetBoolean());
        Assert.Equal(HandNetwork.DcExact, dc.GetProperty("probability").GetDouble(), 12);
    }
}
