namespace TwinLab.Cli.Tests;

/// <summary><c>twinlab demo</c> includes the patient study of examples/health.</summary>
public sealed class HealthDemoTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void Demo_Health_CalibratesMariaRanksRegimensAndWritesTheReport()
    {
        var (exit, stdout, stderr) = _cli.Run("demo", "--examples", _cli.Examples);
        Assert.True(exit == 0, stderr);
        Assert.Contains("The hypertension twin (examples/health/maria-fhir)", stdout);
        Assert.Contains("Decision support for clinicians, not medical advice.", stdout);

        var health = _cli.Json("demo", "--examples", _cli.Examples)["health"]!;
        Assert.Equal("maria", health["patient"]!.GetValue<string>());
        Assert.Equal("Decision support for clinicians, not medical advice.", health["disclaimer"]!.GetValue<string>());
        Assert.True(health["sensitivities"]!["ccb"]!["fromReadings"]!.GetValue<bool>());
        Assert.False(health["sensitivities"]!["arb"]!["fromReadings"]!.GetValue<bool>());
        Assert.Equal(3, health["top"]!.AsArray().Count);
        Assert.True(health["regimensExcluded"]!.GetValue<int>() > 0);
        var report = health["report"]!.GetValue<string>();
        Assert.Equal(Path.Combine("twinlab-demo-results", "health", "report.html"), Path.GetRelativePath(Path.GetDirectoryName(_cli.Db)!, report));
        var html = File.ReadAllText(report);
        Assert.Contains("data-chart=\"trajectory-systolic\"", html);
        Assert.Contains("#1 ", html);

        // The demo's stored patient works with the health verbs (calibration stored by the demo is reused).
        var predict = _cli.Json("health", "predict", "maria", "--regimen", "amlodipine 10mg", "--samples", "100");
        Assert.True(predict["reusedStoredCalibration"]!.GetValue<bool>());
    }
}
