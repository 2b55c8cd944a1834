using System.Text.RegularExpressions;
using System.Xml.Linq;
using TwinLab.Simulation.Reports;
using TwinLab.Simulation.Results;

namespace TwinLab.Simulation.Tests.Reports;

public sealed class ReportWriterTests
{
    [Theory]
    [MemberData(nameof(RenderedReports.Kinds), MemberType = typeof(RenderedReports))]
    public void RenderHtml_AnyType_IsOneDocumentWithoutExternalReferences(string kind)
    {
        var html = RenderedReports.HtmlOf(kind);

        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Equal(1, Count(html, "<html"));
        Assert.Equal(1, Count(html, "</html>"));
        foreach (var external in new[] { "src=\"http", "href=\"http", "<script", "<link", "@import", "url(http", "src='http", "href='http" })
            Assert.DoesNotContain(external, html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void RenderHtml_MonteCarlo_ContainsNameProvenanceAndEveryKpi()
    {
        var html = RenderedReports.HtmlOf("montecarlo");

        Assert.Contains("Line 3 night shift", html);
        Assert.Contains(ReportRecords.Hash, html);
        Assert.Contains(ReportRecords.Seed.ToString(), html);
        Assert.Contains("scenarios/line3.yaml", html);
        Assert.Contains("main at sequence 1234", html);
        Assert.Contains("TwinLab.Factory 1.2.0", html);
        foreach (var kpi in ReportRecords.Kpis) Assert.Contains($"<td>{kpi.Name}</td>", html);
        Assert.Contains("current layout", html);
        Assert.Contains("extra buffer", html);
    }

    [Theory]
    [InlineData("montecarlo", new[] { "provenance", "kpis", "distributions", "series" }, new[] { "comparison", "optimisation", "tornado", "sobol", "calibration" })]
    [InlineData("compare", new[] { "kpis", "comparison", "series" }, new[] { "optimisation", "tornado", "sobol", "calibration" })]
    [InlineData("optimise", new[] { "kpis", "optimisation", "notes" }, new[] { "comparison", "tornado", "sobol", "calibration" })]
    [InlineData("tornado", new[] { "kpis", "tornado" }, new[] { "comparison", "optimisation", "sobol", "calibration" })]
    [InlineData("sobol", new[] { "provenance", "sobol", "notes" }, new[] { "kpis", "comparison", "optimisation", "tornado", "calibration" })]
    [InlineData("calibrate", new[] { "kpis", "calibration" }, new[] { "comparison", "optimisation", "tornado", "sobol" })]
    public void RenderHtml_EachType_HasItsSectionsOnly(string kind, string[] present, string[] absent)
    {
        var html = RenderedReports.HtmlOf(kind);

        foreach (var id in present) Assert.Contains($"<section id=\"{id}\">", html);
        foreach (var id in absent) Assert.DoesNotContain($"<section id=\"{id}\">", html);
    }

    [Fact]
    public void RenderHtml_Compare_StatesVerdictsAndPValues()
    {
        var html = RenderedReports.HtmlOf("compare");

        Assert.Contains("better: mean_wait lower by 1 (-20%)", html);
        Assert.Contains("worse: throughput lower by 5 (-5%)", html);
        Assert.Contains("no significant difference", html);
        Assert.Contains("&lt; 0.0001", html);
        Assert.Contains("class=\"better\"", html);
        Assert.Contains("class=\"worse\"", html);
        Assert.Contains("buffer+2", html);
        Assert.Contains("<h3>baseline</h3>", html);
    }

    [Fact]
    public void RenderHtml_Optimise_ListsTopCandidatesAndRunnerUpVerdict()
    {
        var html = RenderedReports.HtmlOf("optimise");
        var record = ReportRecords.Optimise();

        Assert.Contains("Top candidates, best first", html);
        Assert.Contains($"<td>{record.Optimisation!.Best[0].Name}</td>", html);
        Assert.Contains("is not significantly better than the runner-up", html);
        Assert.Contains("data-chart=\"optimisation-progress\"", html);
        Assert.Contains("data-chart=\"optimisation-surface\"", html);
    }

    [Fact]
    public void RenderHtml_Calibrate_ShowsEstimatesIntervalsAndTargets()
    {
        var html = RenderedReports.HtmlOf("calibrate");

        Assert.Contains("<td>arrival_rate</td><td class=\"num\">11.8</td><td class=\"num\">0.4</td><td class=\"num\">[11, 12.6]</td>", html);
        Assert.Contains("Converged: relative change below 1e-8.", html);
        Assert.Contains("<td>mean_wait</td><td class=\"num\">5</td><td class=\"num\">0.3</td><td class=\"num\">5.2</td>", html);
        Assert.Contains("data-chart=\"calibration\"", html);
    }

    [Fact]
    public void RenderHtml_TornadoAndSobol_TabulateSwingsAndIndices()
    {
        var tornado = RenderedReports.HtmlOf("tornado");
        var sobol = RenderedReports.HtmlOf("sobol");

        Assert.Contains("data-chart=\"tornado-throughput\"", tornado);
        // Largest swing first: servers (18) before buffer (5) before speed (0.9).
        Assert.True(tornado.IndexOf("<td>servers</td>", StringComparison.Ordinal) < tornado.IndexOf("<td>buffer</td>", StringComparison.Ordinal));
        Assert.Contains("<td>servers</td><td class=\"num\">0.62</td><td class=\"num\">[0.55, 0.69]</td>", sobol);
        Assert.Contains("data-chart=\"sobol-throughput\"", sobol);
    }

    [Fact]
    public void RenderHtml_NamesWithMarkup_AreEscaped()
    {
        const string evil = "<script>alert('x')</script>";
        var record = ReportRecords.MonteCarlo(evil) with
        {
            Scenarios = [ReportRecords.Scenario(0, $"a {evil}", 100, 5, 10), ReportRecords.Scenario(1, "b & \"c\"", 101, 5, 10)],
            Notes = [$"note {evil}"],
        };

        var html = ReportWriter.RenderHtml(record);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", html);
        Assert.Contains("b &amp; &quot;c&quot;", html);
    }

    [Fact]
    public void RenderHtml_UndefinedKpi_RendersWithNotAvailable()
    {
        var html = RenderedReports.HtmlOf("undefined");

        Assert.Contains("<td>mean_wait</td><td>min</td><td class=\"num\">n/a</td>", html);
        Assert.Contains("0 of 10", html);
        Assert.Contains("data-chart=\"kpi-throughput\"", html);
        Assert.DoesNotContain("data-chart=\"kpi-mean_wait\"", html);
        Assert.Contains("data-chart=\"series-wip\"", html);
    }

    [Fact]
    public void RenderHtml_Cancelled_SaysSo()
    {
        var html = ReportWriter.RenderHtml(ReportRecords.Sobol() with { Cancelled = true });

        Assert.Contains("<td>cancelled</td>", html);
        Assert.Contains("The run was cancelled", html);
    }

    [Theory]
    [MemberData(nameof(RenderedReports.Kinds), MemberType = typeof(RenderedReports))]
    public void RenderHtml_RecordRoundTrippedThroughResultsJson_RendersSameHtml(string kind)
    {
        var record = ResultsJson.Deserialize(ResultsJson.Serialize(RenderedReports.Record(kind)));

        Assert.Equal(RenderedReports.HtmlOf(kind), ReportWriter.RenderHtml(record));
    }

    [Theory]
    [MemberData(nameof(RenderedReports.Kinds), MemberType = typeof(RenderedReports))]
    public void RenderHtml_InlineSvgs_ParseAsXmlWithUniqueIds(string kind)
    {
        var html = RenderedReports.HtmlOf(kind);

        var svgs = Regex.Matches(html, "<svg.*?</svg>", RegexOptions.Singleline).Select(m => XElement.Parse(m.Value)).ToArray();
        Assert.NotEmpty(svgs);
        var ids = svgs.SelectMany(s => s.DescendantsAndSelf()).Select(e => (string?)e.Attribute("id")).OfType<string>().ToArray();
        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.All(svgs, s => Assert.NotNull(s.Attribute("viewBox")));
    }

    [Fact]
    public void WriteHtml_NewDirectory_WritesTheRenderedDocument()
    {
        var directory = Path.Combine(Path.GetTempPath(), "twinlab-report-" + Guid.NewGuid().ToString("N"));
        try
        {
            var path = Path.Combine(directory, "run", "report.html");
            var record = ReportRecords.Sobol();

            ReportWriter.WriteHtml(record, path);

            Assert.Equal(ReportWriter.RenderHtml(record), File.ReadAllText(path));
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }

    private static int Count(string text, string value) => Regex.Matches(text, Regex.Escape(value), RegexOptions.IgnoreCase).Count;
}
