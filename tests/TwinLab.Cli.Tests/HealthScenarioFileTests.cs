using System.Text.Json.Nodes;

namespace TwinLab.Cli.Tests;

public sealed class HealthScenarioFileTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void Run_ExampleRegimenComparison_MoreDrugsLowerBpAndReachTargetMoreOften()
    {
        var file = Path.Combine(_cli.Examples, "health", "scenarios", "compare-regimens.yaml");
        var outDir = Path.Combine(Path.GetDirectoryName(_cli.Db)!, "compare");

        var (exit, stdout, stderr) = _cli.Run("run", file, "--out", outDir);

        Assert.True(exit == 0, stderr);
        Assert.Contains("compare with simulator 'hypertension'", stdout);
        var results = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "results.json")))!;
        double Mean(string scenario, string kpi) => results["scenarios"]!.AsArray()
            .Single(s => s!["name"]!.GetValue<string>() == scenario)!["summaries"]!.AsArray()
            .Single(k => k!["name"]!.GetValue<string>() == kpi)!["mean"]!.GetValue<double>();
        var baseline = results["scenarios"]![0]!["name"]!.GetValue<string>();
        Assert.True(Mean("dual", "home_sys_last_week") < Mean(baseline, "home_sys_last_week") - 5);
        Assert.True(Mean("triple-low-dose", "home_sys_last_week") < Mean("dual", "home_sys_last_week"));
        Assert.True(Mean("triple-low-dose", "reached_target") > Mean(baseline, "reached_target"));
    }
}
