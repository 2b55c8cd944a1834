using System.Text.Json.Nodes;

namespace TwinLab.Cli.Tests;

public sealed class RunCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private const string Queue = """
        name: small queue
        simulator: mmc
        horizon: 0
        seed: 5
        replications: 8
        parameters: { arrival_rate: 0.8, service_rate: 1.0, servers: 1, customers: 3000, warmup: 300 }
        kpis: [mean_wait, utilisation]

        """;

    private string Out(string name) => Path.Combine(Path.GetDirectoryName(_cli.Db)!, name);

    [Fact]
    public void Run_MonteCarlo_StoresTheResultAndWritesResultsJson()
    {
        var file = _cli.File("mc.yaml", Queue);

        var (exit, stdout, stderr) = _cli.Run("run", file, "--out", Out("mc"));

        Assert.True(exit == 0, stderr);
        Assert.Contains("small queue — montecarlo with simulator 'mmc'", stdout);
        Assert.Contains("mean_wait", stdout);
        Assert.DoesNotContain("p_wait", stdout);
        var results = JsonNode.Parse(File.ReadAllText(Path.Combine(Out("mc"), "results.json")))!;
        var html = File.ReadAllText(Path.Combine(Out("mc"), "report.html"));
        Assert.Contains("small queue", html);
        Assert.Contains("<svg", html);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(Out("mc"), "plots"), "*.png"));
        Assert.Equal("montecarlo", results["type"]!.GetValue<string>());
        Assert.Equal(8, results["scenarios"]![0]!["replications"]!.GetValue<int>());
        Assert.Equal(5UL, results["provenance"]!["seed"]!.GetValue<ulong>());
        Assert.Equal(64, results["provenance"]!["scenarioHash"]!.GetValue<string>().Length);
        var listed = _cli.Json("results", "list").AsArray();
        Assert.Single(listed);
        Assert.Equal(results["id"]!.GetValue<string>(), listed[0]!["id"]!.GetValue<string>());
        // The experiment's branch is gone; the live twin was not written.
        Assert.Single(_cli.Json("branch", "list").AsArray());
        Assert.Empty(_cli.Json("history").AsArray());
    }

    [Fact]
    public void Run_SameSeedDifferentThreads_SameNumbers()
    {
        var file = _cli.File("mc.yaml", Queue);

        var one = _cli.Json("run", file, "--threads", "1", "--out", Out("a"));
        var two = _cli.Json("run", file, "--threads", "2", "--out", Out("b"));
        var otherSeed = _cli.Json("run", file, "--seed", "6", "--out", Out("c"));

        Assert.Equal(one["scenarios"]!.ToJsonString(), two["scenarios"]!.ToJsonString());
        Assert.NotEqual(one["scenarios"]!.ToJsonString(), otherSeed["scenarios"]!.ToJsonString());
        Assert.Equal(6UL, otherSeed["provenance"]!["seed"]!.GetValue<ulong>());
    }

    [Fact]
    public void Run_TypoInScenarioFile_ExitsOneNamingFileLineAndHint()
    {
        var file = _cli.File("bad.yaml", Queue.Replace("replications: 8", "replicatons: 8"));

        var (exit, stdout, stderr) = _cli.Run("run", file);

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Contains($"{file}:5:1: unknown key 'replicatons' (did you mean 'replications'?)", stderr);
        Assert.Empty(_cli.Json("results", "list").AsArray());
    }

    [Fact]
    public void Run_WithIdempotencyKey_Refused()
    {
        var (exit, _, stderr) = _cli.Run("run", _cli.File("mc.yaml", Queue), "--idempotency-key", "k1");

        Assert.Equal(1, exit);
        Assert.Contains("--idempotency-key cannot be used with 'run'", stderr);
    }

    [Fact]
    public void Run_MissingFile_ExitsOne()
    {
        var (exit, _, stderr) = _cli.Run("run", Out("nope.yaml"));

        Assert.Equal(1, exit);
        Assert.Contains("nope.yaml", stderr);
    }

    [Fact]
    public void Results_ShowAndCompare_ReadStoredResults()
    {
        var file = _cli.File("mc.yaml", Queue);
        var a = _cli.Json("run", file, "--out", Out("a"))["id"]!.GetValue<string>();
        var b = _cli.Json("run", _cli.File("mc2.yaml", Queue.Replace("arrival_rate: 0.8", "arrival_rate: 0.5")), "--out", Out("b"))["id"]!.GetValue<string>();

        var (exit, shown, err) = _cli.Run("results", "show", a);
        Assert.True(exit == 0, err);
        Assert.Contains($"result {a}", shown);

        var compared = _cli.Json("results", "compare", a, b).AsArray();
        var wait = compared.Single(r => r!["kpi"]!.GetValue<string>() == "mean_wait")!;
        // A lighter load waits less: M/M/1 Wq = ρ/(μ−λ): 4 at ρ=0.8, 1 at ρ=0.5.
        Assert.True(wait["difference"]!.GetValue<double>() < -1.5);
        Assert.True(wait["significant"]!.GetValue<bool>());

        var (missing, _, missingErr) = _cli.Run("results", "show", "no-such-id");
        Assert.Equal(1, missing);
        Assert.Contains("No stored result 'no-such-id'", missingErr);
    }

    [Fact]
    public void Run_Compare_ReportsPairedDeltas()
    {
        var file = _cli.File("cmp.yaml", Queue + """
            experiment:
              type: compare
              alternatives:
                - name: two servers
                  parameters: { servers: 2 }
            """);

        var result = _cli.Json("run", file, "--out", Out("cmp"));

        var delta = result["comparisons"]!.AsArray().Single(d => d!["kpi"]!.GetValue<string>() == "mean_wait")!;
        Assert.Equal("two servers", delta["alternative"]!.GetValue<string>());
        Assert.True(delta["difference"]!.GetValue<double>() < 0);
        Assert.True(delta["interval"]!["high"]!.GetValue<double>() < 0);
    }
}
