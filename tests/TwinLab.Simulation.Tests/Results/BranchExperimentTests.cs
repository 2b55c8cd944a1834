using TwinLab.Core.Application;
using TwinLab.Core.Twins;
using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Results;
using TwinLab.Simulation.Scenarios;

namespace TwinLab.Simulation.Tests.Results;

/// <summary>The run path 'twinlab run' and the server's /experiments share: fork, run, store, discard.</summary>
public sealed class BranchExperimentTests : IDisposable
{
    private static readonly SimulatorCatalog Catalog = SimulatorCatalog.CreateDefault();
    private readonly TwinService _service = new(new InMemoryTwinStore());

    private const string Scenario = """
        name: shared path
        simulator: mmc
        horizon: 0
        seed: 5
        replications: 8
        parameters: { arrival_rate: 1.6, service_rate: 1.0, servers: 2, customers: 500, warmup: 50 }
        kpis: [mean_wait, p_wait]
        """;

    public void Dispose() => _service.Dispose();

    private static ScenarioDefinition Parse(string text = Scenario) => new ScenarioParser(Catalog).Parse(text, "shared.yaml");

    private StoredExperiment Run(ScenarioDefinition scenario, BranchExperimentOptions? options = null, CancellationToken cancel = default) =>
        BranchExperiment.Run(_service, "main", scenario, Catalog.Get(scenario.Simulator), options ?? new BranchExperimentOptions { Threads = 2 }, cancel);

    [Fact]
    public void Run_StoresTheRecordAndDiscardsTheBranch()
    {
        var scenario = Parse();
        var stored = Run(scenario);

        Assert.Equal(["main"], _service.Branches.Select(b => b.Name));
        var document = _service.Store.LoadDocument(BranchExperiment.DocumentKind, stored.Record.Id);
        Assert.NotNull(document);
        Assert.Equal(stored.Json, document.Json);
        Assert.Equal("shared path (montecarlo)", document.Title);
        Assert.Equal(8, stored.Record.Scenarios[0].Replications);
        Assert.StartsWith("exp-", stored.Record.Provenance.ExperimentBranch);
        Assert.Equal("main", stored.Record.Provenance.Branch);

        // The same numbers as the runner alone with the same seed.
        var direct = ExperimentRunner.Run(scenario, Catalog.Get("mmc"), null, new TwinOrigin("main", 0, "x"), new RunOptions(5, 1), TimeProvider.System);
        Assert.Equal(direct.Scenarios[0].Summaries.Select(s => s.Mean), stored.Record.Scenarios[0].Summaries.Select(s => s.Mean));
    }

    [Fact]
    public void Run_TwiceInOneSecond_NeverOverwritesAResult()
    {
        var scenario = Parse();
        var first = Run(scenario);
        var second = Run(scenario);
        Assert.NotEqual(first.Record.Id, second.Record.Id);
        Assert.Equal(2, _service.Store.ListDocuments(BranchExperiment.DocumentKind).Count);
    }

    [Fact]
    public void Run_ManyInTheSameSecond_DistinctBranchesAndResults()
    {
        var clock = new Frozen(new DateTimeOffset(2026, 11, 27, 7, 0, 0, TimeSpan.Zero));
        var scenario = Parse(Scenario.Replace("replications: 8", "replications: 1"));
        var runs = Enumerable.Range(0, 12).Select(_ => Run(scenario, new BranchExperimentOptions { KeepBranch = true, Time = clock })).ToList();
        var branches = runs.Select(r => r.Record.Provenance.ExperimentBranch).ToList();
        Assert.Equal(12, branches.Distinct().Count());
        Assert.All(branches, b => Assert.Matches("^exp-20261127-070000-[0-9a-f]{6}-[0-9a-f]{4}$", b));
        Assert.Equal(12, runs.Select(r => r.Record.Id).Distinct().Count());
        Assert.Equal(12, _service.Store.ListDocuments(BranchExperiment.DocumentKind).Count);
    }

    private sealed class Frozen(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public void Run_KeepBranch_KeepsItAndPrepareSeesIt()
    {
        string? prepared = null;
        var stored = Run(Parse(), new BranchExperimentOptions { KeepBranch = true, PrepareBranch = b => prepared = b });
        Assert.Equal(stored.Record.Provenance.ExperimentBranch, prepared);
        Assert.Contains(_service.Branches, b => b.Name == prepared);
    }

    [Fact]
    public void Run_Cancelled_StoresACancelledRecordAndReportsProgress()
    {
        using var cancel = new CancellationTokenSource();
        var reports = 0;
        var progress = new Inline(p =>
        {
            if (Interlocked.Increment(ref reports) == 3) cancel.Cancel();
        });
        var stored = Run(Parse(Scenario.Replace("replications: 8", "replications: 100000")),
            new BranchExperimentOptions { Threads = 1, Progress = progress }, cancel.Token);

        Assert.True(stored.Record.Cancelled);
        Assert.InRange(stored.Record.Scenarios[0].Replications, 1, 99_999);
        Assert.Contains("\"cancelled\": true", _service.Store.LoadDocument(BranchExperiment.DocumentKind, stored.Record.Id)!.Json);
        Assert.Equal(["main"], _service.Branches.Select(b => b.Name));
    }

    [Fact]
    public void Run_UnknownSourceBranch_ThrowsAndLeavesNoBranch()
    {
        var scenario = Parse();
        Assert.ThrowsAny<Core.Errors.TwinLabException>(() =>
            BranchExperiment.Run(_service, "nope", scenario, Catalog.Get("mmc"), new BranchExperimentOptions()));
        Assert.Equal(["main"], _service.Branches.Select(b => b.Name));
    }

    private sealed class Inline(Action<ExperimentProgress> report) : IProgress<ExperimentProgress>
    {
        public void Report(ExperimentProgress value) => report(value);
    }
}
