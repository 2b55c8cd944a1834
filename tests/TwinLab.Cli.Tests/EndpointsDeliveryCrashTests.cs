using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using TwinLab.Core.Application;
using TwinLab.Core.History;
using TwinLab.Core.Models;
using TwinLab.Server.Routing.Delivery;
using TwinLab.Storage.Sqlite;
using TwinLab.Sync.DeadLetters;
using Xunit.Abstractions;

namespace TwinLab.Cli.Tests;

/// <summary>
/// A real <c>twinlab serve</c> process delivering a route to a webhook, killed with SIGKILL mid-delivery several times:
/// after the last restart every event of the log has reached the receiver (by <c>ce-id</c>; some more than once, as
/// at-least-once allows), each run delivered in log order, and nothing was dead-lettered.
/// </summary>
public sealed class EndpointsDeliveryCrashTests : IDisposable
{
    private const int Seed = 20261202;
    private const int Twins = 60;
    private const int KillRounds = 3;
    // 128 + SIGKILL(9): how .NET reports a child killed by SIGKILL on Unix.
    private const int KilledBySigkill = 137;

    private readonly ITestOutputHelper _output;
    private readonly string _dir = Directory.CreateTempSubdirectory("twinlab-delivery-crash-").FullName;
    private Process? _server;

    public EndpointsDeliveryCrashTests(ITestOutputHelper output) => _output = output;

    private string Db => Path.Combine(_dir, "crash.db");

    private const string Model = """
        {"@id":"dtmi:crash:Meter;1","@type":"Interface","@context":"dtmi:dtdl:context;3",
         "contents":[{"@type":"Property","name":"n","schema":"integer","writable":true},{"@type":"Telemetry","name":"kwh","schema":"double"}]}
        """;

    [SkippableFact]
    public async Task ServeKilledMidDelivery_AfterRestart_EveryEventIsDelivered()
    {
        Skip.IfNot(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "SIGKILL needs Unix.");
        await using var receiver = await LoopbackWebhook.StartAsync(TimeSpan.FromMilliseconds(3));

        // The database: an endpoint, a route, then the events (created, patched, telemetry), all before any server runs.
        Cli("endpoints", "add", "hook", "--webhook", receiver.Url, "--initial-backoff", "50ms", "--max-backoff", "200ms");
        using (var service = new TwinService(SqliteTwinStore.Open(Db)))
            service.Write(g => g.ImportModels([new DtdlSource(Model)]));
        Cli("routes", "add", "meters", "--endpoint", "hook", "--filter", "STARTS_WITH(subject, 'm-')");
        long after;
        using (var service = new TwinService(SqliteTwinStore.Open(Db)))
        {
            after = service.LastSequence;
            for (var i = 0; i < Twins; i++)
            {
                service.Write(g => g.CreateOrReplaceTwin($"m-{i}", JsonDocument.Parse("""{"$metadata":{"$model":"dtmi:crash:Meter;1"},"n":0}""").RootElement.Clone()));
                service.Write(g => g.UpdateTwin($"m-{i}", TwinLab.Core.Twins.JsonPatchDocument.Parse($$"""[{"op":"replace","path":"/n","value":{{i}}}]""")));
                service.Write(g => g.AppendTelemetry($"m-{i}", null, JsonDocument.Parse($$"""{"kwh":{{i}}.5}""").RootElement.Clone(), null));
            }
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var expected = Enumerable.Range(1, Twins * 3).Select(k => (after + k).ToString(CultureInfo.InvariantCulture)).ToList();

        var random = new Random(Seed);
        var runs = new List<List<string>>();
        for (var round = 0; round <= KillRounds; round++)
        {
            var start = receiver.Count;
            StartServer();
            if (round < KillRounds)
            {
                // Killed while events are flowing: after a random number more have arrived.
                var target = start + random.Next(15, 40);
                await WaitUntil(() => receiver.Count >= target, $"round {round}: {target} deliveries");
                _server!.Kill();
                await _server.WaitForExitAsync();
                Assert.Equal(KilledBySigkill, _server.ExitCode);
            }
            else
            {
                await WaitUntil(() => expected.All(receiver.Ids.Contains), "every event after the last restart", 60);
                // And the cursor saved past the last one (read from the database while the server runs).
                await WaitUntil(() => CursorOf("meters") == after + Twins * 3,
                    () => $"the cursor at the end of the log ({after + Twins * 3}); the route's state: {StateOf("meters")}");
                _server!.Kill();
                await _server.WaitForExitAsync();
            }
            runs.Add(receiver.IdsSince(start));
            _server.Dispose();
            _server = null;
        }

        _output.WriteLine($"{receiver.Count} deliveries of {expected.Count} events in {runs.Count} runs: {string.Join(", ", runs.Select(r => r.Count))}");
        Assert.Equal(expected.ToHashSet(), receiver.Ids.ToHashSet());
        Assert.True(receiver.Count >= expected.Count);
        // Within one run, events go out in log order (a run may start by repeating the one in flight at the kill).
        foreach (var run in runs)
        {
            var sequences = run.Select(id => long.Parse(id, CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(sequences.Order(), sequences);
        }
        // Each run starts at most one event before where the previous one got to: the cursor is saved after each delivery.
        for (var i = 1; i < runs.Count; i++)
        {
            if (runs[i].Count == 0 || runs[i - 1].Count == 0) continue;
            var last = long.Parse(runs[i - 1][^1], CultureInfo.InvariantCulture);
            Assert.InRange(long.Parse(runs[i][0], CultureInfo.InvariantCulture), last, last + 1);
        }
        using var store = SqliteTwinStore.Open(Db);
        Assert.Equal(0, new DeadLetterStore(store).Count());
        Assert.Equal(after + Twins * 3, new DeliveryStateStore(store).Find("meters")!.Sequence);
    }

    private string StateOf(string route)
    {
        using var store = SqliteTwinStore.Open(Db);
        return store.LoadDocument(DeliveryStateStore.DocumentKind, route)?.Json ?? "(none)";
    }

    private long? CursorOf(string route)
    {
        using var store = SqliteTwinStore.Open(Db);
        return new DeliveryStateStore(store).Find(route)?.Sequence;
    }

    private void Cli(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var exit = TwinLabCli.Run(["--db", Db, .. args], o, e);
        Assert.True(exit == 0, $"twinlab {string.Join(' ', args)}: {e}");
    }

    private void StartServer()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h && File.Exists(h) ? h : "dotnet";
        var info = new ProcessStartInfo(host)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // `dotnet app.dll` runs in the dotnet process itself (no grandchild), so killing this pid kills the server.
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "twinlab.dll"), "--db", Db, "serve", "--dev", "--urls", "http://127.0.0.1:0" })
            info.ArgumentList.Add(a);
        info.Environment["TwinLab__Delivery__PollSeconds"] = "0.2";
        var process = Process.Start(info) ?? throw new InvalidOperationException("twinlab serve did not start");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) _output.WriteLine("serve: " + e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _output.WriteLine("serve: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _server = process;
    }

    private Task WaitUntil(Func<bool> condition, string what, double seconds = 45) => WaitUntil(condition, () => what, seconds);

    private async Task WaitUntil(Func<bool> condition, Func<string> what, double seconds = 45)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (_server is { HasExited: true } p) throw new Xunit.Sdk.XunitException($"twinlab serve exited with {p.ExitCode} while waiting for {what()}");
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException($"timed out waiting for {what()}");
            await Task.Delay(5);
        }
    }

    public void Dispose()
    {
        if (_server is { HasExited: false } p)
        {
            p.Kill();
            p.WaitForExit();
        }
        _server?.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    /// <summary>A webhook receiver on a free loopback port that records every <c>ce-id</c> it answers 200 to, a little slowly,
    /// so a kill lands while deliveries are in flight.</summary>
}
