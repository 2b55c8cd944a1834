using System.Xml.Linq;
using TwinLab.Simulation.Reports;
using TwinLab.Simulation.Results;

namespace TwinLab.Simulation.Tests.Reports;

public sealed class ReportPlotsTests
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static TheoryData<string, Func<ExperimentRecord, ReportChart?>> EveryKind => new()
    {
        { "montecarlo", r => ReportPlots.KpiDistribution(r, "throughput") },
        { "montecarlo", r => ReportPlots.ScenarioComparison(r, "mean_wait") },
        { "montecarlo", r => ReportPlots.TimeSeries(r, "wip") },
        { "compare", r => ReportPlots.ComparisonDeltas(r, "throughput") },
        { "tornado", r => ReportPlots.Tornado(r, "throughput") },
        { "optimise", ReportPlots.OptimisationProgress },
        { "optimise", ReportPlots.OptimisationSurface },
        { "sobol", r => ReportPlots.Sobol(r, "throughput") },
        { "calibrate", ReportPlots.Calibration },
    };

    [Theory]
    [MemberData(nameof(EveryKind))]
    public void Chart_RecordOfItsType_RendersPngAndSvg(string kind, Func<ExperimentRecord, ReportChart?> draw)
    {
        var chart = draw(RenderedReports.Record(kind));

        Assert.NotNull(chart);
        var png = chart.ToPng(400, 250);
        Assert.Equal(PngSignature, png.Take(8));
        Assert.True(png.Length > 2000, $"{chart.Name}: only {png.Length} bytes");
        var svg = XDocument.Parse(chart.ToSvg(400, 250));
        Assert.Equal("svg", svg.Root!.Name.LocalName);
    }

    [Fact]
    public void Charts_RecordWithoutTheirData_ReturnNull()
    {
        var montecarlo = ReportRecords.MonteCarlo();
        var sobol = ReportRecords.Sobol();

        Assert.Null(ReportPlots.ComparisonDeltas(montecarlo, "throughput"));
        Assert.Null(ReportPlots.Tornado(montecarlo, "throughput"));
        Assert.Null(ReportPlots.Sobol(montecarlo, "throughput"));
        Assert.Null(ReportPlots.OptimisationProgress(montecarlo));
        Assert.Null(ReportPlots.OptimisationSurface(montecarlo));
        Assert.Null(ReportPlots.Calibration(montecarlo));
        Assert.Null(ReportPlots.KpiDistribution(montecarlo, "no_such_kpi"));
        Assert.Null(ReportPlots.TimeSeries(montecarlo, "no_such_series"));
        Assert.Null(ReportPlots.KpiDistribution(sobol, "throughput"));
        Assert.Empty(ReportPlots.All(ReportRecords.Base("empty", "montecarlo")));
    }

    [Fact]
    public void ScenarioComparison_OneScenario_ReturnsNull()
    {
        Assert.Null(ReportPlots.ScenarioComparison(ReportRecords.Calibrate(), "throughput"));
    }

    [Fact]
    public void KpiDistribution_AllValuesUndefined_ReturnsNull()
    {
        var record = ReportRecords.Undefined();

        Assert.Null(ReportPlots.KpiDistribution(record, "mean_wait"));
        Assert.NotNull(ReportPlots.KpiDistribution(record, "throughput"));
    }

    [Fact]
    public void KpiDistribution_ManyScenarios_RendersStripInsteadOfOverlay()
    {
        var record = ReportRecords.MonteCarlo() with
        {
            Scenarios = Enumerable.Range(0, 9).Select(i => ReportRecords.Scenario(i, $"scenario {i}", 100 + i, 5, 15)).ToArray(),
        };

        var chart = ReportPlots.KpiDistribution(record, "throughput");

        Assert.NotNull(chart);
        Assert.Equal(PngSignature, chart.ToPng(400, 250).Take(8));
    }

    [Fact]
    public void KpiDistribution_ConstantValues_Renders()
    {
        var constant = Enumerable.Repeat(3.0, 10).ToArray();
        var scenario = ReportRecords.Scenario(0, "constant", 100, 5, 10) with
        {
            Values = new Dictionary<string, double[]> { ["throughput"] = constant },
        };

        var chart = ReportPlots.KpiDistribution(ReportRecords.MonteCarlo() with { Scenarios = [scenario] }, "throughput");

        Assert.Equal(PngSignature, chart!.ToPng(400, 250).Take(8));
    }

    [Fact]
    public void OptimisationSurface_ThreeSearchedVariables_ReturnsNull()
    {
        var record = ReportRecords.Optimise();
        var o = record.Optimisation!;
        var history = o.History.Select((c, i) => c with
        {
            Parameters = new Dictionary<string, string>(c.Parameters) { ["policy"] = (i % 3).ToString() },
        }).ToArray();

        Assert.Null(ReportPlots.OptimisationSurface(record with { Optimisation = o with { History = history } }));
    }

    [Fact]
    public void All_MonteCarlo_NamesDescribeTheCharts()
    {
        var names = ReportPlots.All(ReportRecords.MonteCarlo()).Select(c => c.Name).ToArray();

        Assert.Equal(["kpi-throughput", "comparison-throughput", "kpi-mean_wait", "comparison-mean_wait", "series-wip"], names);
    }

    [Fact]
    public void All_KpiNamesThatSlugAlike_GetUniqueNames()
    {
        var scenario = ReportRecords.Scenario(0, "s", 100, 5, 10);
        var values = scenario.Values["throughput"];
        var record = ReportRecords.Base("slugs", "montecarlo") with
        {
            Kpis = [new("a b"), new("a-b")],
            Scenarios = [scenario with { Values = new Dictionary<string, double[]> { ["a b"] = values, ["a-b"] = values }, Summaries = [], Series = [] }],
        };

        var names = ReportPlots.All(record).Select(c => c.Name).ToArray();

        Assert.Equal(["kpi-a-b", "kpi-a-b-2"], names);
    }

    [Fact]
    public void WritePngs_MonteCarlo_WritesOnePngPerChart()
    {
        var directory = Path.Combine(Path.GetTempPath(), "twinlab-pngs-" + Guid.NewGuid().ToString("N"));
        try
        {
            var paths = ReportWriter.WritePngs(ReportRecords.MonteCarlo(), directory, 400, 250);

            Assert.Equal(
                ["kpi-throughput.png", "comparison-throughput.png", "kpi-mean_wait.png", "comparison-mean_wait.png", "series-wip.png"],
                paths.Select(Path.GetFileName));
            foreach (var path in paths)
            {
                var bytes = File.ReadAllBytes(path);
                Assert.Equal(PngSignature, bytes.Take(8));
                Assert.True(bytes.Length > 2000, $"{path}: only {bytes.Length} bytes");
            }
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void WritePngs_Tornado_IncludesTornadoChart()
    {
        var directory = Path.Combine(Path.GetTempPath(), "twinlab-pngs-" + Guid.NewGuid().ToString("N"));
        try
        {
            var paths = ReportWriter.WritePngs(ReportRecords.Tornado(), directory, 400, 250);

            Assert.Contains(Path.Combine(directory, "tornado-throughput.png"), paths);
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }
}
