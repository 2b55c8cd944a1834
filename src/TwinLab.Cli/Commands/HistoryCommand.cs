using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using TwinLab.Core.History;
using TwinLab.Core.Twins;

namespace TwinLab.Cli.Commands;

/// <summary><c>twinlab history</c>: the event log, oldest first.</summary>
internal static class HistoryCommand
{
    public static Command Create(GlobalOptions g)
    {
        var twin = new Option<string?>("--twin") { Description = "Only events that touch this twin (its state, its relationships, its telemetry)" };
        var since = new Option<string?>("--since") { Description = "Only events from this sequence number on (an integer), or at or after this ISO 8601 time" };
        var limit = new Option<int?>("--limit") { Description = "At most this many events (the oldest matching ones; page on with --since LAST+1)" };
        var allBranches = new Option<bool>("--all-branches") { Description = "Events of every branch (default: only --branch, which is main unless given)" };
        var cmd = new Command("history", "List the event log: sequence number, time, actor, branch and what each write changed; --as-of stops at that point")
        {
            twin, since, limit, allBranches,
        };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            if (ctx.Get(allBranches) && ctx.BranchGiven) throw new CliUsageException("Give --branch NAME or --all-branches, not both.");
            if (ctx.Get(limit) is <= 0) throw new CliUsageException($"--limit {ctx.Get(limit)}: give a positive number.");
            string? branch = null;
            if (!ctx.Get(allBranches))
            {
                branch = ctx.Branch;
                ctx.RequireBranch(branch);
            }
            var filter = new EventFilter(branch, ctx.Get(twin), UpToSequence: ctx.AsOf ?? long.MaxValue, Limit: ctx.Get(limit) ?? int.MaxValue);
            if (ctx.Get(since) is { } s)
                filter = long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var seq)
                    ? filter with { AfterSequence = Math.Max(0, seq - 1) }
                    : filter with { Since = TelemetryCommand.ParseTime(s, "--since (a sequence number or an ISO 8601 time)") };
            var events = ctx.Service.History(filter);
            if (ctx.Json)
            {
                ctx.WriteJson(new JsonArray(events.Select(e => (JsonNode)new JsonObject
                {
                    ["sequence"] = e.Sequence,
                    ["time"] = TwinJson.Format(e.Timestamp),
                    ["actor"] = e.Actor,
                    ["branch"] = e.Branch,
                    ["idempotencyKey"] = e.IdempotencyKey,
                    ["type"] = e.Type,
                    ["twin"] = e.TwinId,
                    ["description"] = GraphChangeJson.Describe(e),
                }).ToArray()));
                return 0;
            }
            Table.Write(ctx.Out, ["sequence", "time", "actor", "branch", "type", "description"],
                events.Select(e => (IReadOnlyList<string>)[e.Sequence.ToString(CultureInfo.InvariantCulture), TwinJson.Format(e.Timestamp), e.Actor, e.Branch, e.Type, GraphChangeJson.Describe(e)]));
            return 0;
        }));
        return cmd;
    }
}
