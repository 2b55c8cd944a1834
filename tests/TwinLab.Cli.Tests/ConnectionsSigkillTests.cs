using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using TwinLab.Storage.Sqlite;
using Xunit.Abstractions;

namespace TwinLab.Cli.Tests;

/// <summary>
/// The server killed with SIGKILL in the middle of a stream: a real <c>twinlab serve</c> process (the built CLI) runs an
/// MQTT connection while a publisher sends a numbered stream at QoS 1; the server is killed (no chance to clean up) and
/// started again on the same database, twice. Every message must end up applied exactly once: none lost (what TwinLab
/// acknowledged was committed; the rest the broker delivers again from the persistent session), none twice (what was
/// committed but not yet acknowledged comes again and is recognised by its key). Likewise an HTTP batch cut short by a
/// kill and sent again.
/// </summary>
/// <remarks>Correctness only: no timing is asserted. The kill points come from a seed; the timeouts only guard against a
/// hung process.</remarks>
public sealed class ConnectionsSigkillTests : IDisposable
{
    private const int Seed = 20261127;
    private const int Twins = 4;
    private const int KilledBySigkill = 137; // 128 + SIGKILL(9), as .NET reports it on Unix
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(90);

    private const string SensorModel = """
        {"@id":"dtmi:test:Sensor;1","@type":"Interface","@context":"dtmi:dtdl:context;3","contents":[
          {"@type":"Telemetry","name":"seq","schema":"long"},{"@type":"Telemetry","name":"temperature","schema":"double"}]}
        """;

    /// <summary>Sensor readings on <c>ROOT/DEVICE/telemetry</c> (<c>{"seq":N,"t":T}</c>), keyed by device and seq.</summary>
    internal const string Mapping = """
        rules:
          - name: reading
            topic: "+/{device}/telemetry"
            twin: "{device}"
            key: "{device}/{$.seq}"
            telemetry:
              seq: $.seq
              temperature: $.t
        """;

    private readonly ITestOutputHelper _output;
    private readonly CliHarness _cli = new();
    private readonly List<ServeProcess> _servers = [];

    public ConnectionsSigkillTests(ITestOutputHelper output) => _output = output;

    public void Dispose()
    {
        foreach (var server in _servers) server.Dispose();
        _cli.Dispose();
    }

    private void PrepareSensors()
    {
        Ok(_cli.Run("models", "import", _cli.File("sensor.json", SensorModel)));
        for (var i = 0; i < Twins; i++) Ok(_cli.Run("twins", "create", Sensor(i), "--model", "dtmi:test:Sensor;1"));
    }

    private static string Sensor(int i) => "sensor-" + i.ToString(CultureInfo.InvariantCulture);

    private static void Ok((int Exit, string Out, string Err) r) => Assert.True(r.Exit == 0, $"exit {r.Exit}: {r.Err}");

    private ServeProcess StartServer()
    {
        var server = ServeProcess.Start(_cli.Db);
        _servers.Add(server);
        return server;
    }

    /// <summary>How many <c>seq</c> points each sequence number has, read from the database as another process.</summary>
    private Dictionary<long, int> SeqCounts()
    {
        using var store = SqliteTwinStore.Open(_cli.Db);
        var counts = new Dictionary<long, int>();
        for (var i = 0; i < Twins; i++)
            foreach (var p in store.ReadTelemetry(Sensor(i), "seq", DateTimeOffset.MinValue, DateTimeOffset.MaxValue))
                counts[p.Value.GetInt64()] = counts.GetValueOrDefault(p.Value.GetInt64()) + 1;
        return counts;
    }

    /// <summary>How many <c>seq</c> points there are: a cheap progress reading (a read-only SQL count over the documented
    /// telemetry table) for the waits; the checks use <see cref="SeqCounts"/>.</summary>
    private long SeqPoints()
    {
        var cs = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder { DataSource = _cli.Db, Mode = Microsoft.Data.Sqlite.SqliteOpenMode.ReadOnly, Pooling = false, DefaultTimeout = 10 };
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection(cs.ToString());
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM telemetry WHERE name = 'seq';";
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static void AssertNoDuplicates(Dictionary<long, int> counts, string when)
    {
        var twice = counts.Where(kv => kv.Value > 1).Select(kv => kv.Key).Order().Take(10).ToList();
        Assert.True(twice.Count == 0, $"{when}: applied more than once: {string.Join(", ", twice)}");
    }

    private async Task WaitForAsync(Func<bool> condition, string what, ServeProcess? server = null)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > HangGuard) Assert.Fail($"timed out waiting for {what}.{server?.Diagnostics()}");
            if (server is { HasExited: true }) Assert.Fail($"the server ended while waiting for {what}.{server.Diagnostics()}");
            await Task.Delay(25);
        }
    }

    [SkippableFact]
    public async Task MqttStream_ServerKilledTwice_EveryMessageAppliedExactlyOnce()
    {
        Skip.IfNot(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "SIGKILL needs Unix.");
        var broker = Environment.GetEnvironmentVariable("TWINLAB_MQTT");
        Skip.If(string.IsNullOrWhiteSpace(broker),
            "TWINLAB_MQTT is not set (an MQTT broker on loopback). .ci/run sets it; or start mosquitto and export TWINLAB_MQTT=mqtt://127.0.0.1:1883");
        var address = TwinLab.Sync.Mqtt.MqttAddress.Parse(broker!);
        const int total = 3000;
        var random = new Random(Seed);
        int[] killAt = [random.Next(200, 700), random.Next(1200, 1900)];
        var root = "twinlab-test-kill-" + Guid.NewGuid().ToString("N")[..12];

        PrepareSensors();
        Ok(_cli.Run("connections", "add", "plant", "--type", "mqtt", "--broker", address.ToString(), "--topic", root + "/+/telemetry",
            "--client-id", root, "--map", _cli.File("plant.yaml", Mapping)));

        var server = StartServer();
        await server.WaitReadyAsync();
        await WaitForAsync(() => server.ConnectionState("plant") == "running", "the connection to subscribe", server);

        await using var publisher = await MqttTestPublisher.ConnectAsync(address);
        using var stop = new CancellationTokenSource();
        // How many are applied, as another process sees the database; the publisher stays at most Window ahead of it, so
        // the stream is still flowing whenever a kill comes (and up to Window messages queue at the broker meanwhile).
        const int window = 400;
        var applied = 0;
        // A hard ceiling as well: until kill N has happened nothing past its target + window is published, so however
        // late this test's own thread is scheduled on a loaded machine, the kill still lands mid-stream.
        var ceiling = killAt[0] + window;
        var watching = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                Volatile.Write(ref applied, (int)SeqPoints());
                await Task.Delay(50, stop.Token);
            }
        });
        var publishing = Task.Run(async () =>
        {
            for (var seq = 0; seq < total; seq++)
            {
                while (seq >= Math.Min(Volatile.Read(ref applied) + window, Volatile.Read(ref ceiling))) await Task.Delay(5, stop.Token);
                var payload = string.Create(CultureInfo.InvariantCulture, $$"""{"seq":{{seq}},"t":{{20 + seq % 7}}}""");
                await publisher.PublishAsync($"{root}/{Sensor(seq % Twins)}/telemetry", payload, stop.Token);
            }
        });

        for (var round = 0; round < killAt.Length; round++)
        {
            var target = killAt[round];
            await WaitForAsync(() => Volatile.Read(ref applied) >= target || publishing.IsFaulted, $"{target} messages applied before kill {round + 1}", server);
            if (publishing.IsFaulted) await publishing;
            server.KillWithSigkill();
            Assert.True(server.WaitForExit(HangGuard), "the killed server did not end");
            Assert.Equal(KilledBySigkill, server.ExitCode);
            var atKill = SeqCounts();
            _output.WriteLine($"kill {round + 1}: {atKill.Count} of {total} applied, {(publishing.IsCompleted ? "publisher done" : "publisher still sending")}");
            AssertNoDuplicates(atKill, $"after kill {round + 1}");
            Assert.True(atKill.Count < total, $"kill {round + 1} came after the whole stream was applied; it must land mid-stream");
            Volatile.Write(ref ceiling, round + 1 < killAt.Length ? killAt[round + 1] + window : total);

            server = StartServer();
            await server.WaitReadyAsync();
        }

        await publishing.WaitAsync(HangGuard);
        await WaitForAsync(() => Volatile.Read(ref applied) >= total, $"all {total} messages applied after the restarts", server);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watching);
        // Let anything still redelivered arrive; it must be recognised, not applied again.
        await WaitForAsync(() => server.ConnectionQueued("plant") == 0, "the connection to drain", server);
        var final = SeqCounts();
        AssertNoDuplicates(final, "at the end");
        Assert.Equal(Enumerable.Range(0, total).Select(i => (long)i), final.Keys.Order());
        _output.WriteLine($"after recovery: {final.Count} applied once each; the restarted server saw {server.ConnectionCounter("plant", "duplicates")} redelivered duplicates");
        Assert.Empty(JsonDocument.Parse(Ok2(_cli.Run("connections", "deadletters", "--json"))).RootElement.EnumerateArray());
    }

    [SkippableFact]
    public async Task HttpBatch_CutShortBySigkill_AndSentAgain_IsAppliedExactlyOnce()
    {
        Skip.IfNot(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "SIGKILL needs Unix.");
        const int total = 20_000;
        PrepareSensors();
        var body = string.Join("\n", Enumerable.Range(0, total).Select(i => string.Create(CultureInfo.InvariantCulture,
            $$$"""{"$dtId":"{{{Sensor(i % Twins)}}}","messageId":"m{{{i}}}","telemetry":{"seq":{{{i}}}}}""")));

        var server = StartServer();
        await server.WaitReadyAsync();
        using var client = new HttpClient { Timeout = HangGuard };
        HttpContent Body()
        {
            var content = new StringContent(body, Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
            return content;
        }
        var sending = client.PostAsync(server.Url("/telemetry/batch"), Body());
        await WaitForAsync(() => SeqPoints() > 0 || sending.IsCompleted, "the first chunk to commit", server);
        server.KillWithSigkill();
        Assert.True(server.WaitForExit(HangGuard), "the killed server did not end");
        var atKill = SeqCounts();
        _output.WriteLine($"killed with {atKill.Count} of {total} lines committed");
        AssertNoDuplicates(atKill, "after the kill");
        Assert.True(atKill.Count < total, "the kill came after the whole batch was committed; it must land mid-request");
        await Assert.ThrowsAnyAsync<Exception>(() => sending); // the producer got no answer, so it sends the batch again

        server = StartServer();
        await server.WaitReadyAsync();
        using var retry = await client.PostAsync(server.Url("/telemetry/batch"), Body());
        var text = await retry.Content.ReadAsStringAsync();
        Assert.True(retry.StatusCode == HttpStatusCode.OK, text);
        using var answer = JsonDocument.Parse(text);
        var accepted = answer.RootElement.GetProperty("accepted").GetInt32();
        var duplicates = answer.RootElement.GetProperty("duplicates").GetInt32();
        Assert.Equal(atKill.Count, duplicates);
        Assert.Equal(total - atKill.Count, accepted);
        var final = SeqCounts();
        AssertNoDuplicates(final, "after the retry");
        Assert.Equal(total, final.Count);
    }

    private static string Ok2((int Exit, string Out, string Err) r)
    {
        Ok(r);
        return r.Out;
    }
}
