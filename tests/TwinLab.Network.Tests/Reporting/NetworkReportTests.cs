using System.Xml.Linq;
using TwinLab.Network.Analysis;
using TwinLab.Network.Defence;
using TwinLab.Network.Reporting;

namespace TwinLab.Network.Tests.Reporting;

/// <summary>The report of the example network (examples/network, with costs.yaml).</summary>
public sealed class NetworkReportTests
{
    private static readonly Lazy<(NetworkReportContent Content, string Html)> Example = new(() =>
    {
        var study = NetworkStudy.Load(ExampleFiles.Path("topology.yaml"), ExampleFiles.Path("scan.xml"), ExampleFiles.Path("nvd.json"),
            ExampleFiles.Path("epss.csv"), ExampleFiles.Path("kev.json"));
        var jewels = study.Topology.Hosts.Where(h => h.CrownJewel).Select(h => h.Name).ToList();
        var costs = DefenceCostModel.Load(ExampleFiles.Path("costs.yaml"));
        var cut = CheapestCut.Find(study.Graph(), DefenceCandidates.Generate(study.Graph(), new CandidateOptions { Costs = costs }));
        var content = new NetworkReportContent
        {
            Title = "Network security: acme <small> enterprise",
            Generated = "test",
            Facts = [("hosts", "12")],
            Paths = [.. jewels.Select(j => study.Paths(j, 3))],
            Risk = study.Risk(500, 7),
            Simulation = study.Simulate(300, 7),
            Cut = cut,
            Excluded = [.. costs.Excluded.Order(StringComparer.Ordinal)],
        };
        return (content, NetworkReport.RenderHtml(content));
    });

    private static XElement Svg()
    {
        var html = Example.Value.Html;
        var start = html.IndexOf("<svg", StringComparison.Ordinal);
        var end = html.IndexOf("</svg>", start, StringComparison.Ordinal) + "</svg>".Length;
        return XElement.Parse(html[start..end]);
    }

    [Fact]
    public void RenderHtml_HasEverySectionAndEscapesText()
    {
        var html = Example.Value.Html;

        foreach (var id in new[] { "attack-graph", "risk", "time-to-compromise", "fixes" })
            Assert.Contains($"<section id=\"{id}\">", html, StringComparison.Ordinal);
        Assert.Contains("acme &lt;small&gt; enterprise", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<small>", html, StringComparison.Ordinal);
        Assert.Contains("close:web01:tcp/443", html, StringComparison.Ordinal); // listed as excluded
    }

    [Fact]
    public void AttackGraph_IsWellFormedSvgWithHostsAndLabelledExploitSteps()
    {
        var svg = Svg();
        XNamespace ns = "http://www.w3.org/2000/svg";
        var texts = svg.Descendants(ns + "text").Select(t => t.Value).ToList();

        // Every crown jewel is a node; the internet start is the first column.
        foreach (var jewel in new[] { "dc01", "files01", "db01" }) Assert.Contains(jewel, texts);
        Assert.Contains("internet (start)", texts);
        // Exploit steps carry the CVE and the ATT&CK technique: Zerologon against dc01 from the phished laptop.
        Assert.Contains("CVE-2020-1472 T1210", texts);
        Assert.Contains(svg.Descendants(ns + "title"), t => t.Value.StartsWith("hr-laptop-02 → dc01", StringComparison.Ordinal));
        Assert.Contains(svg.Descendants(ns + "title"), t => t.Value.StartsWith("internet → web01", StringComparison.Ordinal) && t.Value.Contains("T1190", StringComparison.Ordinal));
    }

    [Fact]
    public void AttackGraph_LayersGoLeftToRightFromTheAttacker()
    {
        var jewels = new HashSet<string>(["dc01", "files01", "db01"], StringComparer.Ordinal);
        var drawing = AttackGraphDrawing.Of(Example.Value.Content.Paths.SelectMany(p => new[] { p.MostLikely, p.Shortest }).OfType<PathView>(), jewels);

        var layer = drawing.Hosts.ToDictionary(h => h.Name, h => h.Layer);
        Assert.Equal(0, layer["internet"]);
        Assert.Equal(0, layer["hr-laptop-02"]);
        Assert.All(drawing.Steps, s => Assert.True(layer[s.To] <= layer[s.From] + 1, $"{s.From} → {s.To}"));
        Assert.True(layer["db01"] > layer["web01"]);
    }

    [Fact]
    public void RenderHtml_SameContent_SameBytes()
    {
        Assert.Equal(Example.Value.Html, NetworkReport.RenderHtml(Example.Value.Content));
    }

    [Fact]
    public void Fixes_ShowCostAndThePathsEachRemoves()
    {
        var html = Example.Value.Html;
        var cut = Example.Value.Content.Cut!;

        Assert.Equal(CutStatus.Optimal, cut.Status);
        Assert.DoesNotContain(cut.Measures, m => Example.Value.Content.Excluded.Contains(m.Id));
        foreach (var m in cut.Measures) Assert.Contains(TwinLab.Simulation.Reports.Html.Encode($"{m.Id} removes"), html, StringComparison.Ordinal);
    }
}
