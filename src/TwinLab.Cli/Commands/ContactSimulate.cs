using System.CommandLine;
using TwinLab.ContactCenter.Simulation;
using TwinLab.Simulation.Results;
using TwinLab.Simulation.Scenarios;

namespace TwinLab.Cli.Commands;

/// <summary>
/// <c>twinlab contact simulate --scenario FILE [--seed S] [--threads N] [--out DIR] [--keep-branch]</c>: runs a
/// <c>simulator: contact-center</c> scenario file against the stored calibrated centre, as <c>twinlab run</c> does
/// (fresh branch, result stored as an experiment, report written).
/// </summary>
internal static class ContactSimulate
{
    public static Command Create(GlobalOptions g)
    {
        var scenarioFile = new Option<string>("--scenario") { Description = "The scenario file (YAML, simulator: contact-center; see docs/scenarios.md and examples/contact-center/scenarios)", Required = true };
        var seed = new Option<ulong?>("--seed") { Description = "Experiment seed (overrides the file's 'seed')" };
        var threads = new Option<int?>("--threads") { Description = "Replications run at once (default: one per core); results do not depend on it" };
        var output = new Option<string?>("--out") { Description = "Folder for results.json, report.html and PNG plots (default: twinlab-results/<result id>)" };
        var keep = new Option<bool>("--keep-branch") { Description = "Keep the experiment's branch after the run" };
        var cmd = new Command("simulate", "Run a what-if scenario file on the calibrated centre, on a fresh branch (the live twin is never written); the result is stored like 'twinlab run' results")
            { scenarioFile, seed, threads, output, keep };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            ctx.RejectAsOf("--as-of cannot be used with 'contact simulate'; give the fork point in the scenario file (twin: at: SEQ|TIME).");
            if (ctx.Get(threads) is <= 0) throw new CliUsageException("--threads must be at least 1.");
            if (ctx.IdempotencyKey is not null)
                throw new CliUsageException("--idempotency-key cannot be used with 'contact simulate': a what-if never writes the live twin, and each run is stored as a new result.");
            var file = ctx.Get(scenarioFile);
            if (!File.Exists(file)) throw new CliUsageException($"Scenario file '{file}' not found.");
            var stored = ContactCommand.RequireModel(ctx, ContactCommand.Twin(ctx));
            var simulator = new ContactCenterSimulator(stored.Model);
            var catalog = Simulators.Catalog();
            if (!catalog.Contains(ContactCenterSimulator.SimulatorName)) catalog.Add(simulator);
            var scenario = new ScenarioParser(catalog).ParseFile(file);
            if (scenario.Simulator != ContactCenterSimulator.SimulatorName)
                throw new CliUsageException($"{file}: 'contact simulate' runs '{ContactCenterSimulator.SimulatorName}' scenarios, this one names simulator '{scenario.Simulator}'; run it with 'twinlab run {file}'.");
            if (ctx.Get(seed) is { } s) scenario = scenario with { Seed = s };
            var source = ctx.BranchGiven ? ctx.Branch : scenario.Twin.Branch;
            ctx.RequireBranch(source);
            var outcome = RunCommand.Run(ctx.Service, source, ctx.WriteContext, ctx.Err, scenario, simulator,
                ctx.Get(threads) ?? 0, ctx.Get(output), ctx.Get(keep));
            if (ctx.Json) ctx.WriteJsonText(ResultsJson.Serialize(outcome.Record));
            else
            {
                ctx.Out.WriteLine($"Centre: {stored.Title}.");
                ResultsPrinter.Print(ctx.Out, outcome.Record, outcome.Files);
            }
            return 0;
        }));
        return cmd;
    }
}
