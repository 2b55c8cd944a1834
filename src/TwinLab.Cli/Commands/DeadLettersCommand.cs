using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TwinLab.Core.Errors;
using TwinLab.Sync.Connections;
using TwinLab.Sync.DeadLetters;

namespace TwinLab.Cli.Commands;

/// <summary><c>twinlab connections deadletters [show|replay|delete]</c>: messages that could not be applied.</summary>
internal static class DeadLettersCommand
{
    /// <summary>How long a replay handed to the running server may take before the CLI gives up waiting.</summary>
    private static readonly TimeSpan ServerReplayTimeout = TimeSpan.FromSeconds(30);

    public static Command Create(GlobalOptions g)
    {
        var source = new Option<string?>("--source") { Description = "Only the dead letters of this connection" };
        var limit = new Option<int>("--limit") { Description = "At most this many, newest first", DefaultValueFactory = _ => 100 };
        var cmd = new Command("deadletters", "List the messages that could not be applied (newest first), with why; 'show', 'replay' or 'delete' one") { source, limit };
        cmd.SetAction(p => ConnectionsCommand.WithStore(p, g, (ctx, _, letters) =>
        {
            if (ctx.Get(limit) < 1) throw new CliUsageException("--limit must be at least 1.");
            var list = letters.List(ctx.Get(source), ctx.Get(limit));
            if (ctx.Json)
            {
                ctx.WriteJson(new JsonArray([.. list.Select(l => JsonSerializer.SerializeToNode(l))]));
                return 0;
            }
            Table.Write(ctx.Out, ["id", "source", "time", "position", "reason"], list.Select(l => (IReadOnlyList<string>)[
                l.Id, l.Source, ConnectionJson.Format(l.Time), l.Position, l.Reason]));
            return 0;
        }));
        cmd.Subcommands.Add(Show(g));
        cmd.Subcommands.Add(Replay(g));
        cmd.Subcommands.Add(Delete(g));
        return cmd;
    }

    private static Command Show(GlobalOptions g)
    {
        var id = new Argument<string>("id") { Description = "The dead letter" };
        var cmd = new Command("show", "Show a dead letter with its payload") { id };
        cmd.SetAction(p => ConnectionsCommand.WithStore(p, g, (ctx, _, letters) =>
        {
            var l = letters.Get(ctx.Get(id)) ?? throw DeadLetterReplay.NotFound(ctx.Get(id));
            if (ctx.Json)
            {
                ctx.WriteJson(JsonSerializer.SerializeToNode(l));
                return 0;
            }
            ctx.Out.WriteLine($"id:       {l.Id}");
            ctx.Out.WriteLine($"kind:     {l.Kind}");
            ctx.Out.WriteLine($"source:   {l.Source}");
            if (l.Topic is { } topic) ctx.Out.WriteLine($"topic:    {topic}");
            ctx.Out.WriteLine($"position: {l.Position}");
            ctx.Out.WriteLine($"time:     {ConnectionJson.Format(l.Time)}");
            ctx.Out.WriteLine($"attempts: {l.Attempts.ToString(CultureInfo.InvariantCulture)}");
            ctx.Out.WriteLine($"reason:   {l.Reason}");
            ctx.Out.WriteLine($"payload{(l.PayloadIsBase64 ? " (base64: not UTF-8)" : "")}:");
            ctx.Out.WriteLine(l.Payload);
            return 0;
        }));
        return cmd;
    }

    private static Command Replay(GlobalOptions g)
    {
        var ids = new Argument<string[]>("ids") { Description = "The dead letters to replay", Arity = ArgumentArity.OneOrMore };
        var cmd = new Command("replay", "Submit dead letters again through their connection's mapping (after fixing the twin, model or mapping); each applied one is deleted. With a server running on the database, the server replays them") { ids };
        cmd.SetAction(p => ConnectionsCommand.WithStore(p, g, (ctx, connections, letters) =>
        {
            var results = new JsonArray();
            var failed = 0;
            foreach (var id in ctx.Get(ids))
            {
                if (letters.Get(id) is null) throw DeadLetterReplay.NotFound(id);
                var outcome = ReplayOne(ctx, connections, id);
                if (outcome.Status == Sync.Ingest.IngestStatus.DeadLettered) failed++;
                if (ctx.Json)
                    results.Add(new JsonObject { ["id"] = id, ["status"] = outcome.Status.ToString(), ["reason"] = outcome.Reason });
                else ctx.Out.WriteLine(outcome.Status switch
                {
                    Sync.Ingest.IngestStatus.Applied => $"Replayed {id}: applied; the dead letter is deleted.",
                    Sync.Ingest.IngestStatus.Duplicate => $"Replayed {id}: it had been applied already; the dead letter is deleted.",
                    _ => $"Replayed {id}: failed again, kept: {outcome.Reason}",
                });
            }
            if (ctx.Json) ctx.WriteJson(results);
            return failed == 0 ? 0 : 1;
        }));
        return cmd;
    }

    private static ReplayOutcome ReplayOne(CliContext ctx, ConnectionStore connections, string id)
    {
        if (ConnectionHost.Running(connections.Store, DateTimeOffset.UtcNow) is { } host)
        {
            // The server writes this database: a second writer would conflict with it, so the server replays.
            ReplayRequests.Request(connections.Store, id, DateTimeOffset.UtcNow);
            return ReplayRequests.WaitAsync(connections.Store, id, ServerReplayTimeout, CancellationToken.None).GetAwaiter().GetResult()
                ?? throw new TwinLabException(DeadLetterReplay.DeadLetterNotReplayable,
                    $"The server running the connections ({host}) did not replay '{id}' within {ServerReplayTimeout.TotalSeconds:0} s; see its log, or try again.");
        }
        return DeadLetterReplay.ReplayHereAsync(ctx.Service, id, CancellationToken.None).GetAwaiter().GetResult();
    }

    private static Command Delete(GlobalOptions g)
    {
        var ids = new Argument<string[]>("ids") { Description = "The dead letters to delete", Arity = ArgumentArity.OneOrMore };
        var cmd = new Command("delete", "Delete dead letters (judged not worth replaying)") { ids };
        cmd.SetAction(p => ConnectionsCommand.WithStore(p, g, (ctx, _, letters) =>
        {
            foreach (var id in ctx.Get(ids))
                if (letters.Get(id) is null) throw DeadLetterReplay.NotFound(id);
            foreach (var id in ctx.Get(ids)) letters.Delete(id);
            if (ctx.Json) ctx.WriteJson(new JsonObject { ["deleted"] = new JsonArray([.. ctx.Get(ids).Select(i => (JsonNode)i)]) });
            else ctx.Out.WriteLine($"Deleted {string.Join(", ", ctx.Get(ids))}.");
            return 0;
        }));
        return cmd;
    }
}
