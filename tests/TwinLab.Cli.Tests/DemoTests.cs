using System.Text.Json.Nodes;

namespace TwinLab.Cli.Tests;

/// <summary>Runs <c>twinlab demo --json</c> once for every demo test: the demo covers all domains and takes seconds.</summary>
public sealed class DemoFixture : IDisposable
{
    public DemoFixture()
    {
        Json = Cli.Json("demo", "--examples", Cli.Examples);
    }

    public CliHarness Cli { get; } = new();

    public JsonNode Json { get; }

    public void Dispose() => Cli.Dispose();
}

public sealed class DemoTests(DemoFixture demo) : IClassFixture<DemoFixture>
{
    private readonly DemoFixture _demo = demo;

    [Fact]
    public void Demo_LoadsSampleBuildingAndAnswersQueries()
    {
        var demo = _demo.Json;
        Assert.Equal(7, demo["models"]!.GetValue<int>());
        Assert.Equal(18, demo["twins"]!.GetValue<int>());
        Assert.Equal(27, demo["relationships"]!.GetValue<int>());
        Assert.Equal(12 * 96 * 2, demo["telemetryPoints"]!.GetValue<int>());
        var queries = demo["queries"]!.AsArray();
        Assert.All(queries, q => Assert.NotEmpty(q!["rows"]!.AsArray()));
        var servedByAhu2 = queries[2]!["rows"]!.AsArray().Select(r => r!["$dtId"]!.GetValue<string>()).ToArray();
        Assert.Equal(4, servedByAhu2.Length);
        Assert.All(servedByAhu2, id => Assert.StartsWith("room-2", id));
    }

    [Fact]
    public void Demo_ContactCentre_CalibratesStaffsSimulatesAndWritesTheReport()
    {
        var contact = _demo.Json["contactCenter"]!;
        Assert.Equal(31_176, contact["rowsUsed"]!.GetValue<int>());
        Assert.Equal(4, contact["queues"]!.GetValue<int>());
        var staffing = contact["staffing"]!;
        Assert.True(staffing["scheduledAgentHoursPerWeek"]!.GetValue<double>() > staffing["agentHoursPerWeek"]!.GetValue<double>());
        var week = contact["simulatedWeek"]!;
        Assert.InRange(week["serviceLevel"]!.GetValue<double>(), 0.6, 1.0);
        Assert.InRange(week["abandonmentRate"]!.GetValue<double>(), 0.0, 0.15);
        var html = File.ReadAllText(contact["report"]!.GetValue<string>());
        foreach (var section in new[] { "Intraday load", "Staffing", "Service level" })
            Assert.Contains(section, html);
        Assert.True(html.Split("<svg").Length - 1 >= 10, "expected the load, staffing and KPI charts as inline SVG");
    }

    [Fact]
    public void Demo_RunTwice_StartsFresh()
    {
        // The fixture ran the demo once (--json) in this database; a second run, in text, starts from a fresh file.
        var (exit, stdout, err) = _demo.Cli.Run("demo", "--examples", _demo.Cli.Examples);
        Assert.True(exit == 0, err);
        Assert.Contains("18 twins", stdout);
        Assert.Contains("The hypertension twin (examples/health/maria-fhir)", stdout);
        Assert.Contains("Decision support for clinicians, not medical advice.", stdout);
    }

    [Fact]
    public void Demo_Health_CalibratesMariaRanksRegimensAndWritesTheReport()
    {
        var health = _demo.Json["health"]!;
        Assert.Equal("maria", health["patient"]!.GetValue<string>());
        Assert.Equal("Decision support for clinicians, not medical advice.", health["disclaimer"]!.GetValue<string>());
        Assert.True(health["sensitivities"]!["ccb"]!["fromReadings"]!.GetValue<bool>());
        Assert.False(health["sensitivities"]!["arb"]!["fromReadings"]!.GetValue<bool>());
        Assert.Equal(3, health["top"]!.AsArray().Count);
        Assert.True(health["regimensExcluded"]!.GetValue<int>() > 0);
        var report = health["report"]!.GetValue<string>();
        Assert.Equal(Path.Combine("twinlab-demo-results", "health", "report.html"), Path.GetRelativePath(Path.GetDirectoryName(_demo.Cli.Db)!, report));
        var html = File.ReadAllText(report);
        Assert.Contains("data-chart=\"trajectory-systolic\"", html);
        Assert.Contains("#1 ", html);

        // The demo's stored patient works with the health verbs (the calibration stored by the demo is reused).
        var predict = _demo.Cli.Json("health", "predict", "maria", "--regimen", "amlodipine 10mg", "--samples", "100");
        Assert.True(predict["reusedStoredCalibration"]!.GetValue<bool>());
    }

    [Fact]
    public void Demo_Network_ReportsCrownJewelsAndFixes()
    {
        var network = _demo.Json["network"]!;
        Assert.Equal(3, network["crownJewels"]!.AsArray().Count);
        Assert.True(File.Exists(network["report"]!.GetValue<string>()));
    }
}
