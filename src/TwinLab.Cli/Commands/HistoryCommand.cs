using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using TwinLab.Cli.DataPlane;

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
            var events = ctx.Data.History(new HistoryRequest(ctx.Get(allBranches) ? null : ctx.Branch, ctx.Get(twin), ctx.Get(since), ctx.Get(limit) ?? int.MaxValue));
            if (ctx.Json)
            {
                ctx.WriteJson(new JsonArray([.. events.Select(e => (JsonNode)e.DeepClone())]));
                return 0;
            }
            Table.Write(ctx.Out, ["sequence", "time", "actor", "branch", "type", "description"], events.Select(e => (IReadOnlyList<string>)[
                e["sequence"]!.GetValue<long>().ToString(CultureInfo.InvariantCulture), Text(e["time"]), Text(e["actor"]), Text(e["branch"]), Text(e["type"]), Text(e["description"])]));
            return 0;
        }));
        return cmd;
    }

    private static string Text(JsonNode? node) => node?.GetValue<string>() ?? "";
}
