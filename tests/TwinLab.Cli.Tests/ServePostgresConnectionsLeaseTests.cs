using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Xunit.Abstractions;

namespace TwinLab.Cli.Tests;

/// <summary>
/// Two real <c>twinlab serve --store postgres</c> processes on one fresh schema and one MQTT connection: only the server
/// holding the work lease runs it (the other answers <c>standby</c> and names the holder), so one client takes the
/// stream and each QoS 1 message is applied once; a pause and a resume sent to the standby server take effect on the holder; and when the
/// holder is killed with SIGKILL mid-stream the other takes the connection over from the broker's persistent session:
/// every message is applied exactly once, none lost.
/// </summary>
/// <remarks>Correctness only: no timing is asserted; the kill point comes from a seed, the timeouts guard against hangs.</remarks>
public sealed class ServePostgresConnectionsLeaseTests : IDisposable
{
    private const int Seed = 20261128;
    private const int Twins = 4;
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(90);

    private const string SensorModel = """
        [{"@id":"dtmi:lease:Sensor;1","@type":"Interface","@context":"dtmi:dtdl:context;3","contents":[
          {"@type":"Telemetry","name":"seq","schema":"long"},{"@type":"Telemetry","name":"temperature","schema":"double"}]}]
        """;

    private readonly string _schema = $"twinlab_test_{Guid.NewGuid():N}";
    private readonly string _dir = Directory.CreateTempSubdirectory("twinlab-lease-connections-").FullName;
    private readonly List<ServeProcess> _servers = [];
    private readonly ITestOutputHelper _output;

    public ServePostgresConnectionsLeaseTests(ITestOutputHelper output) => _output = output;

    [SkippableFact]
    public async Task MqttConnection_RunsOnTheLeaseHolderOnly_AndMovesToTheOtherServerOnSigkill_EachMessageOnce()
    {
        Skip.IfNot(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "SIGKILL needs Unix.");
        ServePostgresScaleOutTests.RequirePostgres();
        var broker = Environment.GetEnvironmentVariable("TWINLAB_MQTT");
        if (string.IsNullOrWhiteSpace(broker) && string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException("CI=true but TWINLAB_MQTT is not set (an MQTT broker on loopback).");
        Skip.If(string.IsNullOrWhiteSpace(broker),
            "TWINLAB_MQTT is not set (an MQTT broker on loopback). .ci/run sets it; or start mosquitto and export TWINLAB_MQTT=mqtt://127.0.0.1:1883");
        var address = TwinLab.Sync.Mqtt.MqttAddress.Parse(broker!);
        var root = "twinlab-test-lease-" + Guid.NewGuid().ToString("N")[..12];

        var a = Start("a");
        await a.WaitReadyAsync();
        var b = Start("b");
        await b.WaitReadyAsync();
        await Send(a, HttpMethod.Post, "/models", SensorModel);
        for (var i = 0; i < Twins; i++)
            await Send(a, HttpMethod.Put, $"/digitaltwins/{Sensor(i)}", """{"$metadata":{"$model":"dtmi:lease:Sensor;1"}}""");
        var definition = new JsonObject
        {
            ["type"] = "mqtt",
            ["mapping"] = ConnectionsSigkillTests.Mapping,
            ["mqtt"] = new JsonObject { ["broker"] = address.ToString(), ["topics"] = new JsonArray(root + "/+/telemetry"), ["clientId"] = root },
        };
        await Send(b, HttpMethod.Put, "/connections/plant", definition.ToJsonString());
        await WaitForAsync(() => a.ConnectionState("plant") == "running" || b.ConnectionState("plant") == "running", "the connection to subscribe", a, b);

        await using var publisher = await MqttTestPublisher.ConnectAsync(address);
        async Task Publish(int from, int to)
        {
            for (var seq = from; seq < to; seq++)
                await publisher.PublishAsync($"{root}/{Sensor(seq % Twins)}/telemetry", Payload(seq), CancellationToken.None);
        }

        // 1. A stream with both servers up: one client takes it, once.
        const int first = 500;
        await Publish(0, first);
        await WaitForAsync(() => SeqPoints() >= first, $"{first} messages applied", a, b);
        await Task.Delay(TimeSpan.FromSeconds(2)); // longer than the lease interval and the poll: a second runner would show
        AssertExactlyOnce(SeqCounts(), first, "with both servers up");
        // Each server reports the status of the server that runs the connection: one and the same, which applied every
        // message and never lost its broker session to a second client with its client id. Its counters are read once
        // final (everything received is accounted for, and the holder has written that for the other server to read); a
        // broker re-delivery the store recognised counts as a duplicate and is allowed: once in the store is the guarantee.
        var statuses = new[] { Status(a), Status(b) };
        for (var settle = Stopwatch.StartNew(); !statuses.All(s => Final(s, first)) && settle.Elapsed < TimeSpan.FromSeconds(15);)
        {
            await Task.Delay(100);
            statuses = [Status(a), Status(b)];
        }
        var hosts = statuses.Select(s => s.GetProperty("host").GetString()).Distinct().ToList();
        Assert.True(hosts.Count == 1, $"the connection runs on {hosts.Count} servers: {string.Join(", ", statuses)}");
        var status = statuses[0];
        Assert.True(Final(status, first) && status.GetProperty("errors").GetInt64() == 0,
            $"the runner should have applied {first} messages (re-deliveries recognised) without losing its session: {status}");
        _output.WriteLine($"the runner recognised {status.GetProperty("duplicates").GetInt64()} re-delivered duplicates of {first}");
        var (holder, standby) = hosts[0] == $"pid {a.Pid} on {Environment.MachineName}" ? (a, b)
            : hosts[0] == $"pid {b.Pid} on {Environment.MachineName}" ? (b, a)
            : throw new Xunit.Sdk.XunitException($"the connection runs on '{hosts[0]}', neither server (pids {a.Pid}, {b.Pid})");
        Assert.Equal("running", holder.ConnectionState("plant"));
        var onStandby = Connection(standby);
        Assert.Equal("standby", onStandby.GetProperty("state").GetString());
        Assert.EndsWith($"/{holder.Pid}", onStandby.GetProperty("leaseHolder").GetString(), StringComparison.Ordinal);
        var listed = Cli("--server", $"http://127.0.0.1:{standby.Port.ToString(CultureInfo.InvariantCulture)}", "connections", "list");
        Assert.Contains($"standby, lease held by {Environment.MachineName}/{holder.Pid}", listed);

        // 2. Pause and resume through the standby server: the holder stops taking messages (the broker queues them for the
        // session) and then takes them.
        var pause = Cli("--server", $"http://127.0.0.1:{standby.Port.ToString(CultureInfo.InvariantCulture)}", "connections", "pause", "plant");
        Assert.Contains($"the server holding the work lease ({Environment.MachineName}/{holder.Pid}) takes it up within a second", pause);
        Assert.Equal("paused", Connection(standby).GetProperty("state").GetString()); // from the definition, at once
        await WaitForAsync(() => holder.ConnectionState("plant") == "paused", "the holder to pause the connection", holder, standby);
        const int second = first + 100;
        await Publish(first, second);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(first, SeqPoints());
        await Send(standby, HttpMethod.Post, "/connections/plant/resume", "");
        await WaitForAsync(() => SeqPoints() >= second, "the queued messages after the resume", holder, standby);

        // 3. SIGKILL the holder mid-stream; the other server takes the lease and the connection over.
        const int total = 3000;
        const int window = 300; // the publisher stays at most this far ahead of what is applied, so the kill lands mid-stream
        var killAt = second + new Random(Seed).Next(300, 900);
        var ceiling = killAt + window;
        using var stop = new CancellationTokenSource();
        var applied = second;
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
            for (var seq = second; seq < total; seq++)
            {
                while (seq >= Math.Min(Volatile.Read(ref applied) + window, Volatile.Read(ref ceiling))) await Task.Delay(5, stop.Token);
                await publisher.PublishAsync($"{root}/{Sensor(seq % Twins)}/telemetry", Payload(seq), stop.Token);
            }
        });
        await WaitForAsync(() => Volatile.Read(ref applied) >= killAt || publishing.IsFaulted, $"{killAt} messages applied before the kill", holder, standby);
        if (publishing.IsFaulted) await publishing;
        var clock = Stopwatch.StartNew();
        holder.KillWithSigkill();
        Assert.True(holder.WaitForExit(HangGuard), "the killed server did not end");
        var atKill = SeqCounts();
        _output.WriteLine($"killed the holder with {atKill.Count} of {total} applied");
        Assert.True(atKill.Count < total, "the kill came after the whole stream was applied; it must land mid-stream");
        Volatile.Write(ref ceiling, total);

        await publishing.WaitAsync(HangGuard);
        await WaitForAsync(() => Volatile.Read(ref applied) >= total, $"all {total} messages applied by the survivor", standby);
        _output.WriteLine($"SIGKILL to the last of {total} messages applied by the survivor: {clock.ElapsedMilliseconds} ms (lease interval 500 ms)");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => watching);
        await WaitForAsync(() => standby.ConnectionQueued("plant") == 0, "the survivor's connection to drain", standby);
        await Task.Delay(TimeSpan.FromSeconds(1));
        AssertExactlyOnce(SeqCounts(), total, "after the hand-over");
        var survivor = Connection(standby);
        Assert.Equal("running", survivor.GetProperty("state").GetString());
        Assert.Equal($"pid {standby.Pid} on {Environment.MachineName}", survivor.GetProperty("status").GetProperty("host").GetString());
        _output.WriteLine($"the survivor recognised {standby.ConnectionCounter("plant", "duplicates")} redelivered duplicates");
    }

    /// <summary>Runs the CLI in this process and returns what it printed (failing on a non-zero exit).</summary>
    private static string Cli(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var exit = TwinLabCli.Run(args, o, e);
        Assert.True(exit == 0, $"twinlab {string.Join(' ', args)}: exit {exit}: {e}");
        return o.ToString();
    }

    /// <summary>Whether a connection status accounts for all <paramref name="total"/> messages: each applied once, every
    /// reception beyond that a recognised duplicate, none waiting or dead-lettered.</summary>
    private static bool Final(JsonElement status, long total)
    {
        long Count(string name) => status.GetProperty(name).GetInt64();
        return Count("applied") == total && Count("queued") == 0 && Count("deadLettered") == 0
            && Count("received") == Count("applied") + Count("duplicates");
    }

    private static string Sensor(int i) => "sensor-" + i.ToString(CultureInfo.InvariantCulture);

    private static string Payload(int seq) => string.Create(CultureInfo.InvariantCulture, $$"""{"seq":{{seq}},"t":{{20 + seq % 7}}}""");

    private ServeProcess Start(string name)
    {
        var server = ServeProcess.Start(Path.Combine(_dir, name + ".db"), "--store", "postgres", "--postgres-schema", _schema, "--follow-interval", "200", "--lease-interval", "500");
        _servers.Add(server);
        return server;
    }

    private static JsonElement Connection(ServeProcess server)
    {
        var text = server.Http.GetStringAsync(server.Url("/connections/plant")).GetAwaiter().GetResult();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static JsonElement Status(ServeProcess server) =>
        Connection(server) is { } c && c.GetProperty("status") is { ValueKind: JsonValueKind.Object } s ? s
            : throw new Xunit.Sdk.XunitException($"no status of the connection on port {server.Port}{server.Diagnostics()}");

    /// <summary>How many <c>seq</c> points each sequence number has, read from the schema as another client.</summary>
    private Dictionary<long, int> SeqCounts()
    {
        using var c = OpenDatabase();
        using var cmd = new NpgsqlCommand($"SELECT value, count(*) FROM \"{_schema}\".telemetry WHERE name = 'seq' GROUP BY value;", c);
        using var r = cmd.ExecuteReader();
        var counts = new Dictionary<long, int>();
        while (r.Read()) counts[long.Parse(r.GetString(0), CultureInfo.InvariantCulture)] = (int)r.GetInt64(1);
        return counts;
    }

    /// <summary>How many <c>seq</c> points there are (a cheap progress reading for the waits).</summary>
    private long SeqPoints()
    {
        using var c = OpenDatabase();
        using var cmd = new NpgsqlCommand($"SELECT count(*) FROM \"{_schema}\".telemetry WHERE name = 'seq';", c);
        return (long)cmd.ExecuteScalar()!;
    }

    private static NpgsqlConnection OpenDatabase()
    {
        var c = new NpgsqlConnection(Environment.GetEnvironmentVariable("TWINLAB_POSTGRES"));
        c.Open();
        return c;
    }

    private static void AssertExactlyOnce(Dictionary<long, int> counts, int total, string when)
    {
        var twice = counts.Where(kv => kv.Value > 1).Select(kv => $"{kv.Key}×{kv.Value}").Take(10).ToList();
        Assert.True(twice.Count == 0, $"{when}: applied more than once: {string.Join(", ", twice)}");
        var missing = Enumerable.Range(0, total).Where(i => !counts.ContainsKey(i)).Take(10).ToList();
        Assert.True(missing.Count == 0 && counts.Count == total, $"{when}: {counts.Count} of {total} applied; missing e.g. {string.Join(", ", missing)}");
    }

    private static async Task Send(ServeProcess server, HttpMethod method, string path, string body)
    {
        using var request = new HttpRequestMessage(method, server.Url(path)) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        using var response = await server.Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}{server.Diagnostics()}");
    }

    private static async Task WaitForAsync(Func<bool> condition, string what, params ServeProcess[] servers)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > HangGuard) Assert.Fail($"timed out waiting for {what}.{string.Concat(servers.Select(s => s.Diagnostics()))}");
            await Task.Delay(50);
        }
    }

    public void Dispose()
    {
        foreach (var server in _servers) server.Dispose();
        if (Environment.GetEnvironmentVariable("TWINLAB_POSTGRES") is { Length: > 0 })
        {
            using var c = OpenDatabase();
            using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE;", c);
            drop.ExecuteNonQuery();
        }
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
