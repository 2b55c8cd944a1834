using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TwinLab.Cli.Commands;
using TwinLab.Core.Application;
using TwinLab.Server;
using TwinLab.Server.Security;
using TwinLab.Storage.Sqlite;

namespace TwinLab.Cli.Tests.Remote;

/// <summary>
/// A TwinLab server on 127.0.0.1 (a free port, HTTPS with its development certificate, authentication on) over a
/// database file, started in-process as <c>twinlab serve</c> starts it; and the CLI run against it with
/// <c>--server</c>, <c>--token @FILE</c> and <c>--cacert</c>, or against a database file with <c>--db</c>.
/// </summary>
public sealed class RemoteServer : IDisposable
{
    private readonly WebApplication _app;

    /// <summary>Starts the server over <paramref name="db"/>, with an API key made by <see cref="CreateApiKey"/>.</summary>
    public RemoteServer(string db)
    {
        Db = db;
        Directory = Path.GetDirectoryName(db)!;
        TokenFile = Path.Combine(Directory, "token.txt");
        File.WriteAllText(TokenFile, CreateApiKey(db, "remote-cli") + "\n");
        _app = TwinLabServer.Build(new ServerSettings(db, false, ["https://127.0.0.1:0"]), Simulators.Catalog());
        _app.Start();
        Url = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        CaCert = _app.Services.GetRequiredService<ServerCertificate>().DevPemPath!;
    }

    public string Db { get; }

    public string Directory { get; }

    /// <summary>The server's address, e.g. https://127.0.0.1:41234.</summary>
    public string Url { get; }

    /// <summary>The development certificate (PEM) the server made beside the database.</summary>
    public string CaCert { get; }

    /// <summary>The file holding the API key the CLI sends.</summary>
    public string TokenFile { get; }

    /// <summary>
    /// Makes an API key in <paramref name="db"/> that may do everything the tests do, and returns it. The one place keys
    /// are made: when the server gains access policies, the grant the CLI needs goes here.
    /// </summary>
    public static string CreateApiKey(string db, string name, string? expires = null)
    {
        // ADMIN on everything: these tests are about the remote CLI, not access policies (nothing is readable without a grant).
        var (exit, stdout, stderr) = Cli(["--db", db, "apikeys", "create", name, "--json", "--grant", "admin", .. expires is null ? Array.Empty<string>() : ["--expires", expires]]);
        Assert.True(exit == 0, $"apikeys create: exit {exit}: {stderr}");
        return JsonNode.Parse(stdout)!["key"]!.GetValue<string>();
    }

    /// <summary>Runs the CLI against the server.</summary>
    public (int Exit, string Out, string Err) Remote(params string[] args) =>
        Cli(["--server", Url, "--token", "@" + TokenFile, "--cacert", CaCert, .. args]);

    /// <summary>Runs the CLI on the database file the server serves (or another).</summary>
    public (int Exit, string Out, string Err) Local(params string[] args) => Cli(["--db", Db, .. args]);

    /// <summary>Runs the CLI in-process.</summary>
    public static (int Exit, string Out, string Err) Cli(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var exit = TwinLabCli.Run(args, o, e);
        return (exit, o.ToString(), e.ToString());
    }

    /// <summary>The building example's models and twins, and a day of one room's telemetry, written to a fresh database.</summary>
    public static void LoadBuilding(string db, string examples)
    {
        var (exit, _, err) = Cli("--db", db, "models", "import", Path.Combine(examples, "building", "models"));
        Assert.True(exit == 0, err);
        using (var service = new TwinService(SqliteTwinStore.Open(db)))
        {
            using var twins = JsonDocument.Parse(File.ReadAllText(Path.Combine(examples, "building", "twins.json")));
            service.Write(graph => GraphFile.Apply(graph, twins.RootElement, "twins.json"));
        }
        // room-001's readings, as one NDJSON file of its own (the example's lines name their twin in "$twin").
        var lines = File.ReadLines(Path.Combine(examples, "building", "telemetry", "rooms.ndjson"))
            .Select(l => JsonNode.Parse(l)!.AsObject()).Where(o => o["$twin"]!.GetValue<string>() == "room-001")
            .Select(o =>
            {
                o.Remove("$twin");
                return o.ToJsonString();
            });
        var file = Path.Combine(Path.GetDirectoryName(db)!, "room-001.ndjson");
        File.WriteAllLines(file, lines);
        (exit, _, err) = Cli("--db", db, "telemetry", "append", "room-001", "--file", file);
        Assert.True(exit == 0, err);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    public void Dispose()
    {
        _app.StopAsync().GetAwaiter().GetResult();
        ((IDisposable)_app).Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}
