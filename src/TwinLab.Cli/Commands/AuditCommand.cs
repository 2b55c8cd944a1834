using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using TwinLab.Core.Audit;
using TwinLab.Server.Audit;
using TwinLab.Storage.Sqlite;

namespace TwinLab.Cli.Commands;

/// <summary><c>twinlab audit [filters]</c> and <c>twinlab audit verify</c>: read and check the database's audit log.</summary>
internal static class AuditCommand
{
    public static Command Create(GlobalOptions g)
    {
        var since = new Option<string?>("--since") { Description = "Only records at or after this ISO 8601 time" };
        var until = new Option<string?>("--until") { Description = "Only records before this ISO 8601 time" };
        var actor = new Option<string?>("--actor") { Description = "Only this actor (api:key:NAME, api:SUBJECT, cli:USER@HOST)" };
        var action = new Option<string?>("--action") { Description = $"Only this action: {string.Join(", ", AuditActions.All)}" };
        var resource = new Option<string?>("--resource") { Description = "Only resources starting with this (twin:room-1, experiment:)" };
        var limit = new Option<int>("--limit") { Description = "At most this many records, the newest", DefaultValueFactory = _ => 100 };
        var cmd = new Command("audit", "Read the audit log (who read, changed, exported or ran what, when, from where), newest first; 'audit verify' checks its hash chain")
        {
            since, until, actor, action, resource, limit,
        };
        cmd.Subcommands.Add(Verify(g));
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            ctx.RejectAsOf();
            if (ctx.Get(limit) <= 0) throw new CliUsageException($"--limit {ctx.Get(limit)}: give a positive number.");
            if (ctx.Get(action) is { } a && !AuditActions.All.Contains(a))
                throw new CliUsageException($"--action {a}: give one of {string.Join(", ", AuditActions.All)}.");
            var from = ctx.Get(since) is { } s ? TelemetryCommand.ParseTime(s, "--since") : (DateTimeOffset?)null;
            var to = ctx.Get(until) is { } u ? TelemetryCommand.ParseTime(u, "--until") : (DateTimeOffset?)null;
            using var store = SqliteAuditStore.Open(ctx.DbPath);
            var records = store.Query(new AuditFilter(from, to, ctx.Get(actor), ctx.Get(action), ctx.Get(resource), null, ctx.Get(limit)));
            if (ctx.Json)
            {
                ctx.WriteJson(new JsonArray([.. records.Select(r => (JsonNode)AuditApi.Json(r))]));
                return 0;
            }
            Table.Write(ctx.Out, ["seq", "time", "actor", "address", "action", "resource", "outcome", "detail"],
                records.Select(r => (IReadOnlyList<string>)[r.Sequence.ToString(CultureInfo.InvariantCulture), r.Time, r.Actor, r.Address, r.Action, r.Resource, r.Outcome, r.Detail]));
            return 0;
        }));
        return cmd;
    }

    private static Command Verify(GlobalOptions g)
    {
        var anchor = new Option<string?>("--anchor")
        {
            Description = "A head written down earlier, SEQUENCE:HASH (as this command prints it): that record must still carry that hash, which also catches records deleted from the end",
        };
        var cmd = new Command("verify", "Check the audit log's hash chain; prints the head (sequence:hash) to write down elsewhere, or exits 1 naming the first bad record") { anchor };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            ctx.RejectAsOf();
            (long, string)? mark = ctx.Get(anchor) is { } text ? ParseAnchor(text) : null;
            using var store = SqliteAuditStore.Open(ctx.DbPath);
            var check = AuditChain.Verify(store, mark);
            if (ctx.Json) ctx.WriteJson(AuditApi.VerificationJson(check));
            else if (check.Intact)
                ctx.Out.WriteLine($"The audit log is intact: {check.Count} records. Head {check.Count}:{check.HeadHash} (write it down elsewhere; check against it with --anchor).");
            else
                ctx.Err.WriteLine($"The audit log is broken at record {check.FirstBadSequence}: {check.Problem}. Records 1–{check.Count} are intact (head {check.Count}:{check.HeadHash}).");
            return check.Intact ? 0 : 1;
        }));
        return cmd;
    }

    private static (long, string) ParseAnchor(string text)
    {
        var colon = text.IndexOf(':');
        if (colon > 0 && long.TryParse(text[..colon], NumberStyles.None, CultureInfo.InvariantCulture, out var seq) && seq > 0
            && text[(colon + 1)..] is { Length: 64 } hash && hash.All(char.IsAsciiHexDigit))
            return (seq, hash);
        throw new CliUsageException($"--anchor '{text}': give SEQUENCE:HASH, the head 'twinlab audit verify' printed (e.g. 42:3f9a…, 64 hex digits).");
    }
}
