using System.Text.Json.Nodes;
using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Results;
using TwinLab.Simulation.Scenarios;

namespace TwinLab.Simulation.Tests.Results;

/// <summary>Every experiment type through the runner the CLI uses: same seed, same numbers at 1, 2 and 8 threads.</summary>
public class ExperimentRunnerTests
{
    private static readonly SimulatorCatalog Catalog = SimulatorCatalog.CreateDefault();

    private const string Header = """
        name: reproducibility
        simulator: mmc
        horizon: 0
        seed: 17
        replications: 6
        parameters: { arrival_rate: 1.6, service_rate: 1.0, servers: 2, customers: 800, warmup: 100 }
        kpis: [mean_wait, p_wait]

        """;

    public static TheoryData<string, string> Experiments => new()
    {
        { "montecarlo", "experiment: { type: montecarlo, precision: { kpi: mean_wait, half_width: 0.05, max_replications: 30, batch: 4 } }" },
        { "compare", "experiment:\n  type: compare\n  alternatives:\n    - { name: three, parameters: { servers: 3 } }" },
        { "sweep", "experiment:\n  type: sweep\n  latin_hypercube: { samples: 4, ranges: { arrival_rate: [1.0, 1.8] } }" },
        { "optimise", "experiment:\n  type: optimise\n  objective: { minimise: \"servers + 10*mean_wait\" }\n  variables: { servers: { min: 2, max: 5, step: 1 } }\n  replications: 4\n  confirm_replications: 6" },
        { "tornado", "experiment:\n  type: sensitivity\n  factors: { arrival_rate: [1.2, 1.8], service_rate: { fraction: 0.1 } }" },
        { "sobol", "experiment:\n  type: sensitivity\n  method: sobol\n  samples: 16\n  factors: { arrival_rate: [1.0, 1.8], service_rate: [1.0, 1.5] }" },
        { "calibrate", "experiment:\n  type: calibrate\n  free: { service_rate: { initial: 1.2, min: 0.9, max: 2 } }\n  targets: [ { kpi: p_wait, observed: 0.5, sd: 0.02 } ]" },
    };

    private static ExperimentRecord Run(string experiment, int threads, CancellationToken token = default)
    {
        var scenario = new ScenarioParser(Catalog).Parse(Header + experiment, "repro.yaml");
        var simulator = Catalog.Get(scenario.Simulator);
        return ExperimentRunner.Run(scenario, simulator, null, new TwinOrigin("main", 0, "exp-test"),
            new RunOptions(scenario.Seed, threads), TimeProvider.System, token);
    }

    /// <summary>The record without what legitimately differs between runs (id, time, duration, thread count).</summary>
    private static string Numbers(ExperimentRecord record)
    {
        var node = JsonNode.Parse(ResultsJson.Serialize(record))!.AsObject();
        foreach (var key in new[] { "id", "started", "elapsedSeconds" }) node.Remove(key);
        node["provenance"]!.AsObject().Remove("threads");
        return node.ToJsonString();
    }

    [Theory]
    [MemberData(nameof(Experiments))]
    public void Run_EveryExperimentType_SameNumbersAtOneTwoAndEightThreads(string type, string experiment)
    {
        var one = Run(experiment, 1);
        var two = Run(experiment, 2);
        var eight = Run(experiment, 8);

        Assert.False(one.Cancelled);
        Assert.True(one.Scenarios.Count > 0 || one.Sobol is { Count: > 0 }, $"{type} produced nothing");
        Assert.Equal(Numbers(one), Numbers(two));
        Assert.Equal(Numbers(one), Numbers(eight));
    }

    [Fact]
    public void Run_DifferentSeed_DifferentNumbers()
    {
        var a = Run("experiment: { type: montecarlo }", 2);
        var scenario = new ScenarioParser(Catalog).Parse(Header.Replace("seed: 17", "seed: 18") + "experiment: { type: montecarlo }", "repro.yaml");
        var b = ExperimentRunner.Run(scenario, Catalog.Get("mmc"), null, new TwinOrigin("main", 0, "exp-test"),
            new RunOptions(scenario.Seed, 2), TimeProvider.System);

        Assert.NotEqual(a.Scenarios[0].Summaries[0].Mean, b.Scenarios[0].Summaries[0].Mean);
    }

    [Fact]
    public void Run_CancelledBeforeStart_IsMarkedCancelledAndKeepsWhatFinished()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        var record = Run("experiment: { type: montecarlo }", 2, cancel.Token);

        Assert.True(record.Cancelled);
        Assert.All(record.Scenarios, s => Assert.True(s.Replications < 6));
    }

    [Fact]
    public void Run_Provenance_RecordsFileHashSeedOriginAndVersions()
    {
        var record = Run("experiment: { type: montecarlo }", 1);

        Assert.Equal("repro.yaml", record.Provenance.ScenarioFile);
        Assert.Equal(64, record.Provenance.ScenarioHash.Length);
        Assert.Equal(17UL, record.Provenance.Seed);
        Assert.Equal("main", record.Provenance.Branch);
        Assert.Equal("exp-test", record.Provenance.ExperimentBranch);
        Assert.StartsWith("TwinLab.Simulation", record.Provenance.ModelVersion);
        Assert.StartsWith("TwinLab.Simulation", record.Provenance.CodeVersion);
        Assert.Equal(["mean_wait", "p_wait"], record.Kpis.Select(k => k.Name));
    }
}
