using System.CommandLine;
using System.Text.Json;
using TwinLab.Cli.Remote;
using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Core.History;
using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Results;
using TwinLab.Simulation.Scenarios;

namespace TwinLab.Cli.Commands;

/// <summary><c>twinlab run FILE.yaml</c>: runs a scenario file's experiment on a fresh branch of the named twin.</summary>
internal static class RunCommand
{
    /// <summary>Kind under which experiment results are stored in the database.</summary>
    public const string DocumentKind = BranchExperiment.DocumentKind;

    public static Command Create(GlobalOptions g)
    {
        var file = new Argument<string>("file") { Description = "The scenario file (YAML; see docs/scenarios.md)" };
        var seed = new Option<ulong?>("--seed") { Description = "Experiment seed (overrides the file's 'seed'); the same seed gives the same results" };
        var threads = new Option<int?>("--threads") { Description = "Replications run at once (default: one per core); results do not depend on it" };
        var output = new Option<string?>("--out") { Description = "Folder for results.json, report.html and PNG plots (default: twinlab-results/<result id>)" };
        var keep = new Option<bool>("--keep-branch") { Description = "Keep the experiment's branch after the run (default: discard it; its fork point is in the result)" };
        var cmd = new Command("run", "Run a scenario file: Monte Carlo, comparison, sweep, optimisation, sensitivity or calibration, on a fresh branch of the twin; results go to the database and to --out") { file, seed, threads, output, keep };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            ctx.RejectAsOf("--as-of cannot be used with 'run'; give the fork point in the scenario file (twin: at: SEQ|TIME).");
            if (ctx.Get(threads) is <= 0) throw new CliUsageException("--threads must be at least 1.");
            if (ctx.IdempotencyKey is not null)
                throw new CliUsageException("--idempotency-key cannot be used with 'run': an experiment never writes the live twin, and each run is stored as a new result.");
            if (ctx.Server is not null) return RunRemote(ctx, ctx.Get(file), ctx.Get(seed), ctx.Get(threads), ctx.Get(output), ctx.Get(keep));
            var catalog = Simulators.Catalog();
            var scenario = new ScenarioParser(catalog).ParseFile(ctx.Get(file));
            if (ctx.Get(seed) is { } s) scenario = scenario with { Seed = s };
            var source = ctx.BranchGiven ? ctx.Branch : scenario.Twin.Branch;
            ctx.RequireBranch(source);
            var outcome = Run(ctx.Service, source, ctx.WriteContext, ctx.Err, scenario, catalog.Get(scenario.Simulator),
                ctx.Get(threads) ?? 0, ctx.Get(output), ctx.Get(keep));
            if (ctx.Json) ctx.WriteJsonText(ResultsJson.Serialize(outcome.Record));
            else ResultsPrinter.Print(ctx.Out, outcome.Record, outcome.Files);
            return 0;
        }));
        return cmd;
    }

    /// <summary>
    /// Runs the scenario on the server (<see cref="RemoteExperiment"/>) and prints its result as a local run does, writing
    /// the same files to <paramref name="outDir"/> here.
    /// </summary>
    private static int RunRemote(CliContext ctx, string file, ulong? seed, int? threads, string? outDir, bool keepBranch)
    {
        if (keepBranch) throw new CliUsageException("--keep-branch cannot be used with --server: the server always discards an experiment's branch (its fork point is in the result).");
        var client = ctx.Client;
        var progress = new ProgressDisplay(ctx.Err, interactive: !Console.IsErrorRedirected && ReferenceEquals(ctx.Err, Console.Error));
        string json;
        try
        {
            json = RemoteExperiment.Run(client, file, ctx.BranchGiven ? ctx.Branch : null, seed, threads, ctx.Err, progress);
        }
        finally
        {
            progress.Finish();
        }
        var record = ResultsJson.Deserialize(json);
        var files = ResultFiles.Write(record, json, outDir ?? Path.Combine("twinlab-results", record.Id));
        if (ctx.Json) ctx.WriteJsonText(ResultsJson.Serialize(record));
        else ResultsPrinter.Print(ctx.Out, record, files);
        return 0;
    }

    internal sealed record RunOutcome(ExperimentRecord Record, IReadOnlyList<string> Files);

    /// <summary>
    /// Runs the experiment through <see cref="BranchExperiment"/> (the path the server's <c>/experiments</c> shares), with
    /// the CLI's parts around it: <c>twin: load</c>, progress on stderr, Ctrl-C, and the files in <paramref name="outDir"/>.
    /// </summary>
    internal static RunOutcome Run(TwinService service, string source, WriteContext writeContext, TextWriter err, ScenarioDefinition scenario,
        ISimulator simulator, int threads, string? outDir, bool keepBranch)
    {
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            // The first Ctrl-C stops cleanly (finished replications are kept); a second one ends the process.
            if (cancel.IsCancellationRequested) return;
            e.Cancel = true;
            cancel.Cancel();
            err.WriteLine();
            err.WriteLine("Stopping: finishing the replications under way; the results so far will be kept.");
        };
        var progress = new ProgressDisplay(err, interactive: !Console.IsErrorRedirected && ReferenceEquals(err, Console.Error));
        var options = new BranchExperimentOptions
        {
            Threads = threads,
            Progress = progress,
            KeepBranch = keepBranch,
            PrepareBranch = scenario.Twin.Load is { } load ? branch => LoadTwin(service, branch, scenario.Twin, load, writeContext) : null,
        };
        Console.CancelKeyPress += onCancel;
        StoredExperiment stored;
        try
        {
            stored = BranchExperiment.Run(service, source, scenario, simulator, options, cancel.Token);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
            progress.Finish();
        }
        var files = ResultFiles.Write(stored.Record, stored.Json, outDir ?? Path.Combine("twinlab-results", stored.Record.Id));
        return new RunOutcome(stored.Record, files);
    }

    /// <summary>Loads the scenario's graph file (and models) into the experiment branch when the twins are not there yet.</summary>
    private static void LoadTwin(TwinService service, string branch, TwinSource twin, string load, WriteContext context)
    {
        var graphFile = JsonInput.Read("@" + load, "twin: load");
        var ids = graphFile.TryGetProperty("twins", out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Select(t => t.TryGetProperty("$dtId", out var id) ? id.GetString() : null).OfType<string>().ToArray()
            : [];
        var snapshot = service.SnapshotOf(branch);
        if (ids.Length > 0 && ids.All(snapshot.Twins.ContainsKey)) return;
        if (twin.Models is { } models)
        {
            var sources = ModelsCommand.ReadSources([models]);
            try
            {
                service.Write(branch, context, graph => graph.ImportModels(sources));
            }
            catch (TwinLabException e) when (e.Code == ErrorCodes.ModelAlreadyExists)
            {
                // The database already holds these models: the twins are what was missing.
            }
        }
        service.Write(branch, context, graph => GraphFile.Apply(graph, graphFile, load));
    }
}
