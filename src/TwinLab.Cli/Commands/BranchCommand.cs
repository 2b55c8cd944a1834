using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TwinLab.Core.History;
using TwinLab.Core.Twins;

namespace TwinLab.Cli.Commands;

/// <summary><c>twinlab branch create|list|diff|discard|merge</c>: copy-on-write forks of the twin graph.</summary>
internal static class BranchCommand
{
    public static Command Create(GlobalOptions g)
    {
        var cmd = new Command("branch", "Fork the twin graph into branches, compare them with their parent, merge or discard them");
        cmd.Subcommands.Add(CreateBranch(g));
        cmd.Subcommands.Add(List(g));
        cmd.Subcommands.Add(Diff(g));
        cmd.Subcommands.Add(Discard(g));
        cmd.Subcommands.Add(Merge(g));
        return cmd;
    }

    private static Argument<string> NameArgument(string description) => new("name") { Description = description };

    private static Command CreateBranch(GlobalOptions g)
    {
        var name = NameArgument("The new branch's name: letters, digits, '.', '_' or '-'");
        var from = new Option<string?>("--from") { Description = "The branch to fork (default: --branch, which is main unless given)" };
        var at = new Option<string?>("--at") { Description = "Fork the parent's state at this sequence number (an integer) or ISO 8601 time (default: its current state)" };
        var cmd = new Command("create", "Create a branch: a copy-on-write fork of another branch, now or at an earlier point") { name, from, at };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            ctx.RejectAsOf("--as-of cannot be used with 'branch create'; give the fork point with --at SEQ|TIME.");
            var info = ctx.Data.CreateBranch(ctx.Get(name), ctx.Get(from) ?? ctx.Branch, ctx.Get(at));
            if (ctx.Json) ctx.WriteJson(BranchJson(info));
            else ctx.Out.WriteLine($"Created branch {info.Name} from {info.Parent} at sequence {info.ForkSequence}. Use it with --branch {info.Name}.");
            return 0;
        }));
        return cmd;
    }

    private static Command List(GlobalOptions g)
    {
        var cmd = new Command("list", "List the branches: name, parent, the sequence number it was forked at, when it was created");
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            ctx.RejectAsOf("--as-of cannot be used with 'branch list'.");
            var branches = ctx.Data.Branches();
            if (ctx.Json)
            {
                ctx.WriteJson(new JsonArray(branches.Select(b => (JsonNode)BranchJson(b)).ToArray()));
                return 0;
            }
            Table.Write(ctx.Out, ["name", "parent", "fork sequence", "created"], branches.Select(b => (IReadOnlyList<string>)[
                b.Name, b.Parent ?? "", b.Parent is null ? "" : b.ForkSequence.ToString(CultureInfo.InvariantCulture), b.Parent is null ? "" : TwinJson.Format(b.Created)]));
            return 0;
        }));
        return cmd;
    }

    private static JsonObject BranchJson(BranchInfo b) => new()
    {
        ["name"] = b.Name,
        ["parent"] = b.Parent,
        ["forkSequence"] = b.Parent is null ? null : b.ForkSequence,
        ["created"] = b.Parent is null ? null : TwinJson.Format(b.Created),
    };

    private static Command Diff(GlobalOptions g)
    {
        var name = NameArgument("The branch to compare with its parent");
        var cmd = new Command("diff", "Show what differs between a branch and its parent now: twins and their properties, relationships, telemetry written since the fork") { name };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            ctx.RejectAsOf("--as-of cannot be used with 'branch diff', which compares the current states.");
            var diff = ctx.Data.Diff(ctx.Get(name));
            if (ctx.Json) ctx.WriteJson(BranchDiffJson.ToJson(diff));
            else WriteDiff(ctx.Out, diff);
            return 0;
        }));
        return cmd;
    }

    private static string KindText(DiffKind kind) => kind switch
    {
        DiffKind.OnlyInBranch => "only on branch",
        DiffKind.OnlyInParent => "only on parent",
        _ => "changed",
    };

    private static void WriteDiff(TextWriter w, BranchDiff d)
    {
        w.WriteLine($"Branch {d.Branch} compared with {d.Parent} (forked at sequence {d.ForkSequence}):");
        if (d.IsEmpty)
        {
            w.WriteLine("No differences.");
            return;
        }
        if (d.Twins.Count > 0)
        {
            w.WriteLine();
            w.WriteLine("Twins:");
            Table.Write(w, ["twin", "change", "model"], d.Twins.Select(t => (IReadOnlyList<string>)[t.TwinId, KindText(t.Kind),
                t.BranchModel is not null && t.ParentModel is not null && t.BranchModel != t.ParentModel ? $"{t.ParentModel} → {t.BranchModel}" : t.BranchModel ?? t.ParentModel ?? ""]));
            var props = d.Twins.SelectMany(t => t.Properties.Select(pd => (t.TwinId, pd))).ToArray();
            if (props.Length > 0)
            {
                w.WriteLine();
                w.WriteLine("Properties:");
                Table.Write(w, ["twin", "property", $"on {d.Branch}", $"on {d.Parent}"], props.Select(x => (IReadOnlyList<string>)[
                    x.TwinId, x.pd.Path, x.pd.BranchValue?.GetRawText() ?? "(unset)", x.pd.ParentValue?.GetRawText() ?? "(unset)"]));
            }
        }
        if (d.Relationships.Count > 0)
        {
            w.WriteLine();
            w.WriteLine("Relationships:");
            Table.Write(w, ["source", "id", "change", $"on {d.Branch}", $"on {d.Parent}"], d.Relationships.Select(r => (IReadOnlyList<string>)[
                r.SourceId, r.RelationshipId, KindText(r.Kind), Rel(r.Branch), Rel(r.Parent)]));
        }
        if (d.Telemetry.Count > 0)
        {
            w.WriteLine();
            w.WriteLine("Telemetry written since the fork:");
            Table.Write(w, ["twin", "name", $"points on {d.Branch}", $"points on {d.Parent}"], d.Telemetry.Select(t => (IReadOnlyList<string>)[
                t.TwinId, t.Name, t.BranchPoints.ToString(CultureInfo.InvariantCulture), t.ParentPoints.ToString(CultureInfo.InvariantCulture)]));
        }
    }

    private static string Rel(Relationship? r) => r is null
        ? "(none)"
        : $"-[{r.Name}]-> {r.TargetId}" + (r.Properties.Count == 0 ? "" : " " + string.Join(", ", r.Properties.Select(kv => $"{kv.Key}={kv.Value.GetRawText()}")));

    private static Command Discard(GlobalOptions g)
    {
        var name = NameArgument("The branch to delete, with its events and telemetry");
        var cmd = new Command("discard", "Delete a branch with everything written on it (main, and branches with branches of their own, cannot be discarded)") { name };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            ctx.RejectAsOf();
            ctx.Data.DiscardBranch(ctx.Get(name));
            if (ctx.Json) ctx.WriteJson(new JsonObject { ["discarded"] = ctx.Get(name) });
            else ctx.Out.WriteLine($"Discarded branch {ctx.Get(name)}.");
            return 0;
        }));
        return cmd;
    }

    private static Command Merge(GlobalOptions g)
    {
        var name = NameArgument("The branch whose changes to apply to its parent");
        var cmd = new Command("merge", "Apply a branch's changes since its fork to its parent; refused, changing nothing, if both changed the same thing") { name };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            ctx.RejectAsOf();
            if (ctx.Server is null && ctx.IdempotencyKey is { } key && ctx.Service.Store.FindWrite(key) is { } seen)
            {
                ctx.RequireBranch(ctx.Get(name));
                ctx.WriteDuplicate(seen.FirstSequence, seen.LastSequence);
                return 0;
            }
            // Without --actor or --idempotency-key, the merge's events carry the service's own actor, "merge:NAME".
            var context = ctx.ActorGiven || ctx.IdempotencyKey is not null ? ctx.WriteContext : null;
            var m = ctx.Data.Merge(ctx.Get(name), context);
            var sequence = CliContext.SequenceText(m.FirstSequence, m.LastSequence);
            if (ctx.Json)
                ctx.WriteJson(new JsonObject
                {
                    ["branch"] = m.Branch,
                    ["parent"] = m.Parent,
                    ["twins"] = m.Twins,
                    ["relationships"] = m.Relationships,
                    ["telemetryPoints"] = m.TelemetryPoints,
                    ["sequence"] = CliContext.SequenceJson(m.FirstSequence, m.LastSequence),
                });
            else if (m.LastSequence < m.FirstSequence)
                ctx.Out.WriteLine($"Nothing to merge: {m.Parent} already has every change of {m.Branch}.");
            else
                ctx.Out.WriteLine($"Merged {m.Branch} into {m.Parent}: {m.Twins} twin(s), {m.Relationships} relationship(s), {m.TelemetryPoints} telemetry point(s) ({sequence}).");
            return 0;
        }));
        return cmd;
    }
}
