using System.CommandLine;
using TwinLab.Sync.Connections;

namespace TwinLab.Cli.Commands;

/// <summary><c>twinlab connections add ID --type mqtt|folder|http --map FILE …</c>.</summary>
internal static class ConnectionsAddVerb
{
    public static Command Create(GlobalOptions g)
    {
        var id = new Argument<string>("id") { Description = "The connection's id: letters, digits, '-', '_', '.'; also the source name of its messages and dead letters" };
        var type = new Option<string>("--type") { Description = "mqtt (subscribe to a broker), folder (watch a folder for CSV/NDJSON files) or http (NDJSON posted to POST /connections/ID/messages)", Required = true };
        type.AcceptOnlyFromAmong([.. ConnectionTypes.All]);
        var map = new Option<string>("--map") { Description = "The mapping file (YAML): how messages become telemetry and property updates; its text is stored with the connection", Required = true };
        var broker = new Option<string?>("--broker") { Description = "mqtt: the broker, mqtt://[user@]host[:port] or mqtts://…" };
        var topics = new Option<string[]>("--topic") { Description = "mqtt: a topic filter to subscribe to, e.g. 'plant/+/telemetry' (repeatable)", AllowMultipleArgumentsPerToken = false };
        var clientId = new Option<string?>("--client-id") { Description = "mqtt: the client id the broker keeps the persistent session under (default twinlab-ID)" };
        var qos = new Option<int>("--qos") { Description = "mqtt: 1 (at least once, de-duplicated: nothing lost) or 0 (at most once)", DefaultValueFactory = _ => 1 };
        var passwordEnv = new Option<string?>("--password-env") { Description = "mqtt: the environment variable holding the broker password, read by the server (the password is never stored)" };
        var path = new Option<string?>("--path") { Description = "folder: the folder to watch" };
        var glob = new Option<string?>("--glob") { Description = $"folder: which files to read (default {ConnectionValidation.DefaultGlob})" };
        var done = new Option<string?>("--done") { Description = "folder: where to move a file once read (default: leave it; a checkpoint remembers it)" };
        var paused = new Option<bool>("--paused") { Description = "Add it paused (start it later with 'connections resume ID')" };
        var cmd = new Command("add", "Add a connection to the database; a running 'twinlab serve' starts it within a second")
        {
            id, type, map, broker, topics, clientId, qos, passwordEnv, path, glob, done, paused,
        };
        cmd.SetAction(p => ConnectionsCommand.WithStore(p, g, (ctx, connections, letters) =>
        {
            var kind = ctx.Get(type);
            void Only(string option, string forType, bool given)
            {
                if (given && kind != forType) throw new CliUsageException($"{option} is only for --type {forType}, not {kind}.");
            }
            Only("--broker", ConnectionTypes.Mqtt, ctx.Get(broker) is not null);
            Only("--topic", ConnectionTypes.Mqtt, ctx.Get(topics) is { Length: > 0 });
            Only("--client-id", ConnectionTypes.Mqtt, ctx.Get(clientId) is not null);
            Only("--password-env", ConnectionTypes.Mqtt, ctx.Get(passwordEnv) is not null);
            Only("--qos", ConnectionTypes.Mqtt, p.GetResult(qos) is { Implicit: false });
            Only("--path", ConnectionTypes.Folder, ctx.Get(path) is not null);
            Only("--glob", ConnectionTypes.Folder, ctx.Get(glob) is not null);
            Only("--done", ConnectionTypes.Folder, ctx.Get(done) is not null);

            var mapFile = ctx.Get(map);
            string yaml;
            try
            {
                yaml = File.ReadAllText(mapFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliUsageException($"--map: cannot read '{mapFile}': {e.Message}");
            }
            var connection = new ConnectionDefinition(ctx.Get(id), kind, yaml, mapFile) { Paused = ctx.Get(paused) };
            switch (kind)
            {
                case ConnectionTypes.Mqtt:
                    connection = connection with
                    {
                        Mqtt = new MqttSettings(
                            ctx.Get(broker) ?? throw new CliUsageException("--broker is required for --type mqtt, e.g. --broker mqtt://127.0.0.1:1883."),
                            ctx.Get(topics) is { Length: > 0 } t ? t : throw new CliUsageException("--topic is required for --type mqtt, e.g. --topic 'plant/+/telemetry'."),
                            ctx.Get(clientId) ?? ConnectionValidation.DefaultClientId(ctx.Get(id)), ctx.Get(qos), ctx.Get(passwordEnv)),
                    };
                    break;
                case ConnectionTypes.Folder:
                    var folder = ctx.Get(path) ?? throw new CliUsageException("--path is required for --type folder.");
                    connection = connection with
                    {
                        // The server resolves nothing against this shell's directory: store absolute paths.
                        Folder = new FolderSettings(Path.GetFullPath(folder), ctx.Get(glob) ?? ConnectionValidation.DefaultGlob,
                            ctx.Get(done) is { } d ? Path.GetFullPath(d) : null),
                    };
                    break;
            }
            var added = connections.Add(connection);
            if (ctx.Json) ctx.WriteJson(ConnectionsPrinter.Json(connections, letters, added, null, withMapping: false));
            else ctx.Out.WriteLine($"Added {added.Type} connection '{added.Id}'{(added.Paused ? " (paused)" : "")}: {ConnectionsPrinter.Where(added)}" +
                (ConnectionsCommand.RunningNote(connections) is { Length: > 0 } note ? note : "; 'twinlab serve' on this database runs it") + ".");
            return 0;
        }));
        return cmd;
    }
}
