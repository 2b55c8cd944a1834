using System.CommandLine;
using System.Text.Json;
using TwinLab.ContactCenter.Recommendation;
using TwinLab.ContactCenter.Simulation;
using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Results;

namespace TwinLab.Cli.Commands;

/// <summary>
/// <c>twinlab contact recommend --candidates FILE [--objective service_level|asa|abandonment|satisfaction]
/// [--replications N] [--days D] [--start-day DAY] [--seed S] [--threads N] [--target 80/20] [--max-abandon 5%]
/// [--combine K]</c>: runs the baseline and every candidate change on the calibrated centre with common random numbers
/// and ranks them by improvement of the objective per cost.
/// </summary>
internal static class ContactRecommend
{
    private static readonly string[] Days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    public static Command Create(GlobalOptions g)
    {
        var candidates = new Option<string?>("--candidates") { Description = "The candidate changes (YAML; see examples/contact-center/candidates.yaml)" };
        var objective = new Option<string>("--objective") { Description = "What to improve: service_level, asa, abandonment or satisfaction", DefaultValueFactory = _ => "service_level" };
        var replications = new Option<int>("--replications") { Description = "Replications per scenario (at least 2)", DefaultValueFactory = _ => 20 };
        var days = new Option<double>("--days") { Description = "Days simulated per replication", DefaultValueFactory = _ => 7 };
        var startDay = new Option<string>("--start-day") { Description = "Day of the week the simulation starts", DefaultValueFactory = _ => "monday" };
        var seed = new Option<ulong>("--seed") { Description = "Experiment seed (replication r of every scenario shares a stream: common random numbers)", DefaultValueFactory = _ => 1UL };
        var threads = new Option<int?>("--threads") { Description = "Replications run at once (default: one per core); results do not depend on it" };
        var target = new Option<string>("--target") { Description = "Service-level target PERCENT/SECONDS: sets the simulator's answer-time target and the 'meets targets' test", DefaultValueFactory = _ => "80/20" };
        var maxAbandon = new Option<string>("--max-abandon") { Description = "Most abandonment that meets the targets, e.g. 5%", DefaultValueFactory = _ => "5%" };
        var combine = new Option<int>("--combine") { Description = "Also evaluate the best K significantly improving candidates together (K ≥ 2)", DefaultValueFactory = _ => 0 };
        var cmd = new Command("recommend", "Rank candidate changes (chatbot, knowledge base, callbacks, hiring, routing…) by KPI improvement per cost, simulated against the calibrated centre with confidence intervals")
            { candidates, objective, replications, days, startDay, seed, threads, target, maxAbandon, combine };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            ctx.RejectAsOf();
            ctx.RequireBranch(ctx.Branch);
            var file = ctx.Get(candidates) ?? throw new CliUsageException(
                "Give the candidate changes: --candidates FILE.yaml (examples/contact-center/candidates.yaml shows the format).");
            var goal = RecommendationObjectives.Parse(ctx.Get(objective));
            var n = ctx.Get(replications);
            if (n < 2) throw new CliUsageException($"--replications must be at least 2 (for confidence intervals), got {n}.");
            var d = ctx.Get(days);
            if (!(d > 0 && d <= 366)) throw new CliUsageException($"--days must be more than 0 and at most 366, got {d}.");
            var start = ctx.Get(startDay).Trim().ToLowerInvariant();
            if (!Days.Contains(start)) throw new CliUsageException($"--start-day {ctx.Get(startDay)}: use a day of the week, {string.Join(", ", Days)}.");
            if (ctx.Get(threads) is <= 0) throw new CliUsageException("--threads must be at least 1.");
            var k = ctx.Get(combine);
            if (k is < 0 or 1) throw new CliUsageException($"--combine must be 0 (no combination) or at least 2, got {k}.");
            var (level, seconds) = ContactInput.Target(ctx.Get(target));
            var abandon = ContactInput.Share(ctx.Get(maxAbandon), "--max-abandon");
            if (!File.Exists(file)) throw new CliUsageException($"Candidates file '{file}' not found.");

            var changes = CandidateFile.Read(file);
            var stored = ContactCommand.RequireModel(ctx, ContactCommand.Twin(ctx));
            var simulator = new ContactCenterSimulator(stored.Model);
            changes.Validate(simulator.Info);
            var progress = new ProgressDisplay(ctx.Err, interactive: !Console.IsErrorRedirected && ReferenceEquals(ctx.Err, Console.Error));
            RecommendationResult result;
            try
            {
                result = Recommender.Run(simulator, changes.Candidates, new RecommendationOptions
                {
                    Objective = goal,
                    Replications = n,
                    Seed = ctx.Get(seed),
                    Days = d,
                    StartDay = start,
                    Threads = ctx.Get(threads) ?? 0,
                    TargetServiceLevel = level,
                    MaxAbandonment = abandon,
                    CombineTop = k,
                    BaselineParameters = [KeyValuePair.Create("service_level_target_seconds", ParameterValue.Of(seconds))],
                    Currency = changes.Currency,
                    Progress = progress,
                });
            }
            finally
            {
                progress.Finish();
            }
            if (ctx.Json) ctx.WriteJsonText(JsonSerializer.Serialize(result, ResultsJson.Options));
            else ContactRecommendPrinter.Print(ctx.Out, result, stored.Title, seconds);
            return 0;
        }));
        return cmd;
    }
}
