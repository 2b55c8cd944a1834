using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using TwinLab.Cli.Remote;
using TwinLab.Storage.Sqlite;
using TwinLab.Sync.Connections;
using TwinLab.Sync.DeadLetters;

namespace TwinLab.Cli.Commands;

/// <summary>
/// <c>twinlab connections add|list|show|pause|resume|remove|deadletters</c>: the live connections of a database. They are
/// stored in it; a running <c>twinlab serve</c> on the same file picks changes up within a second.
/// </summary>
internal static class ConnectionsCommand
{
    public static Command Create(GlobalOptions g)
    {
        var cmd = new Command("connections", "Manage live connections (MQTT, watched folders, HTTP batches) and their dead letters; a running 'twinlab serve' on the same database picks changes up within a second");
        cmd.Subcommands.Add(ConnectionsAddVerb.Create(g));
        cmd.Subcommands.Add(List(g));
        cmd.Subcommands.Add(Show(g));
        cmd.Subcommands.Add(SetPaused(g, "pause", true));
        cmd.Subcommands.Add(SetPaused(g, "resume", false));
        cmd.Subcommands.Add(Remove(g));
        cmd.Subcommands.Add(DeadLettersCommand.Create(g));
        return cmd;
    }

    /// <summary>Runs <paramref name="body"/> with the connections of the <c>--db</c> file (opened without loading the graph).</summary>
    public static int WithStore(System.CommandLine.ParseResult p, GlobalOptions g, Func<CliContext, ConnectionStore, DeadLetterStore, int> body) =>
        CliContext.Invoke(p, g, ctx =>
        {
            ctx.RejectAsOf();
            using var store = ctx.OpenStore();
            return body(ctx, new ConnectionStore(store), new DeadLetterStore(store));
        });

    /// <summary>Runs <paramref name="body"/> on the connections of the <c>--db</c> file (opened without loading the graph).</summary>
    private static T Local<T>(CliContext ctx, Func<ConnectionStore, DeadLetterStore, T> body)
    {
        ctx.RejectAsOf();
        using var store = SqliteTwinStore.Open(ctx.DbPath);
        return body(new ConnectionStore(store), new DeadLetterStore(store));
    }

    private static ServerClient Remote(CliContext ctx)
    {
        ctx.RejectAsOf();
        return ctx.Client;
    }

    private static Command List(GlobalOptions g)
    {
        var cmd = new Command("list", "List the connections: id, type, state, lag, messages received and applied (since the server started running them), dead letters, last error");
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            // Each connection as the API shows it (the server's answer, or the same JSON made from the file).
            var rows = ctx.Server is null
                ? Local(ctx, (connections, letters) => connections.List().Select(c => ConnectionsPrinter.Json(connections, letters, c, connections.StatusOf(c.Id), withMapping: false)).ToList())
                : [.. Remote(ctx).GetAll("connections").Select(c => c.AsObject())];
            if (ctx.Json)
            {
                ctx.WriteJson(new JsonArray([.. rows]));
                return 0;
            }
            Table.Write(ctx.Out, ["id", "type", "state", "lag", "received", "applied", "dead letters", "last error"], rows.Select(r =>
            {
                var status = r["status"]?.Deserialize<ConnectionStatus>();
                return (IReadOnlyList<string>)[
                    r["id"]!.GetValue<string>(), r["type"]!.GetValue<string>(), ConnectionsPrinter.State(r), ConnectionsPrinter.Lag(status),
                    ConnectionsPrinter.Count(status?.Received), ConnectionsPrinter.Count(status?.Applied),
                    r["deadLetters"]!.GetValue<int>().ToString("N0", System.Globalization.CultureInfo.InvariantCulture), status?.LastError ?? ""];
            }));
            return 0;
        }));
        return cmd;
    }

    private static Command Show(GlobalOptions g)
    {
        var id = new Argument<string>("id") { Description = "The connection" };
        var cmd = new Command("show", "Show a connection: its settings, mapping, state and counters") { id };
        cmd.SetAction(p => WithStore(p, g, (ctx, connections, letters) =>
        {
            var c = connections.Get(ctx.Get(id));
            var status = connections.StatusOf(c.Id);
            if (ctx.Json) ctx.WriteJson(ConnectionsPrinter.Json(connections, letters, c, status, withMapping: true));
            else ConnectionsPrinter.Describe(ctx.Out, connections, letters, c, status);
            return 0;
        }));
        return cmd;
    }

    private static Command SetPaused(GlobalOptions g, string name, bool paused)
    {
        var id = new Argument<string>("id") { Description = "The connection" };
        var cmd = new Command(name, paused
            ? "Pause a connection: its source stops (an MQTT broker keeps queueing for its session) and HTTP posts are refused"
            : "Resume a paused connection (an MQTT connection then receives what the broker queued)") { id };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            JsonObject json;
            string note;
            if (ctx.Server is null)
            {
                (json, note) = Local(ctx, (connections, letters) =>
                {
                    var c = paused ? connections.Pause(ctx.Get(id)) : connections.Resume(ctx.Get(id));
                    return (ConnectionsPrinter.Json(connections, letters, c, connections.StatusOf(c.Id), withMapping: false), RunningNote(connections));
                });
            }
            else
            {
                // The server has stored the change when it answers. It has taken it up too if it runs the connection; a
                // server on standby answers "standby" (or "paused"), and the lease holder it names takes it up at its
                // next poll, within about a second.
                json = Remote(ctx).Send(HttpMethod.Post, $"connections/{ServerClient.Segment(ctx.Get(id))}/{name}").Json().AsObject();
                note = StandbyNote(json);
            }
            if (ctx.Json) ctx.WriteJson(json);
            else ctx.Out.WriteLine($"Connection '{json["id"]}' is {(paused ? "paused" : "resumed")}{note}.");
            return 0;
        }));
        return cmd;
    }

    private static Command Remove(GlobalOptions g)
    {
        var id = new Argument<string>("id") { Description = "The connection" };
        var cmd = new Command("remove", "Remove a connection (a running server stops it within a second); its dead letters stay") { id };
        cmd.SetAction(p => WithStore(p, g, (ctx, connections, letters) =>
        {
            connections.Remove(ctx.Get(id));
            var kept = letters.Count(ctx.Get(id));
            if (ctx.Json) ctx.WriteJson(new JsonObject { ["id"] = ctx.Get(id), ["removed"] = true, ["deadLetters"] = kept });
            else ctx.Out.WriteLine($"Removed connection '{ctx.Get(id)}'{RunningNote(connections)}." +
                (kept > 0 ? $" Its {kept} dead letter{(kept == 1 ? "" : "s")} stay ('twinlab connections deadletters --source {ctx.Get(id)}')." : ""));
            return 0;
        }));
        return cmd;
    }

    /// <summary>What a server on standby (one without the work lease) answered about a connection it does not run: who takes
    /// the change up. Empty when the answering server runs the connection itself.</summary>
    private static string StandbyNote(JsonObject json)
    {
        if (!json.ContainsKey("leaseHolder") || json["type"]?.GetValue<string>() == ConnectionTypes.Http) return "";
        return json["leaseHolder"]?.GetValue<string>() is { } holder
            ? $"; the server holding the work lease ({holder}) takes it up within a second"
            : "; no server holds the work lease now: the next one to take it runs the connection";
    }

    /// <summary>"; the server (pid 42 on host) takes it up within a second", or nothing when no server runs the connections.</summary>
    public static string RunningNote(ConnectionStore connections) =>
        ConnectionHost.Running(connections.Store, DateTimeOffset.UtcNow) is { } host ? $"; the server ({host}) takes it up within a second" : "";
}
