using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace TwinLab.Cli.Tests;

/// <summary>
/// Two real <c>twinlab serve --store postgres</c> processes on one fresh PostgreSQL schema act as one service: a twin
/// written on one is read and streamed on the other; a webhook route receives each event once although both servers run
/// (one holds the work lease); when the holder is killed with SIGKILL the other takes over and later events still arrive,
/// each once, none lost.
/// </summary>
public sealed class ServePostgresScaleOutTests : IDisposable
{
    private const string Variable = "TWINLAB_POSTGRES";
    private const string HowToRun =
        "Needs a PostgreSQL server: export TWINLAB_POSTGRES='Host=127.0.0.1;Port=55432;Username=twinlab;Password=twinlab;Database=twinlab' " +
        "(`eval \"$(bash .ci/postgres.sh)\"` starts one and sets it; .ci/run does both).";
    private const string Model = """
        [{"@id":"dtmi:scale:Meter;1","@type":"Interface","@context":"dtmi:dtdl:context;3",
          "contents":[{"@type":"Property","name":"n","schema":"integer","writable":true}]}]
        """;

    private readonly string _schema = $"twinlab_test_{Guid.NewGuid():N}";
    private readonly string _dir = Directory.CreateTempSubdirectory("twinlab-scale-out-").FullName;
    private readonly List<ServeProcess> _servers = [];
    private readonly Xunit.Abstractions.ITestOutputHelper _output;

    public ServePostgresScaleOutTests(Xunit.Abstractions.ITestOutputHelper output) => _output = output;

    [SkippableFact]
    public async Task Two_servers_on_one_schema_share_twins_and_deliver_each_event_once_across_a_sigkill()
    {
        Skip.IfNot(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "SIGKILL needs Unix.");
        RequirePostgres();
        await using var receiver = await LoopbackWebhook.StartAsync();

        var a = Start("a");
        await a.WaitReadyAsync();
        var b = Start("b");
        await b.WaitReadyAsync();

        await Send(a, HttpMethod.Post, "/models", Model);
        await Send(a, HttpMethod.Put, "/endpoints/hook", $$"""{"type":"webhook","url":"{{receiver.Url}}"}""");
        await Send(a, HttpMethod.Put, "/eventroutes/meters", """{"endpointName":"hook","filter":"STARTS_WITH(subject, 'm-')"}""");

        // B's live stream, connected before A writes.
        using var stream = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        using var events = await stream.GetAsync(b.Url("/events"), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, events.StatusCode);
        var streamed = new StringBuilder();
        _ = ServeProcess.ReadLinesAsync(await events.Content.ReadAsStreamAsync(), streamed);

        // A twin PUT on A is GET-able on B (after B's follow interval) and on B's /events.
        await PutMeter(a, "m-first");
        await WaitForAsync(async () => (await b.Http.GetAsync(b.Url("/digitaltwins/m-first"))).StatusCode == HttpStatusCode.OK, "B to serve A's twin", a, b);
        await WaitForAsync(() => Task.FromResult(Contains(streamed, "m-first")), "A's twin on B's /events", a, b);

        // Both servers write; the route delivers each event once although both run.
        var before = new List<string> { "m-first" };
        for (var i = 0; i < 20; i++)
        {
            var on = i % 2 == 0 ? a : b;
            var id = $"m-{(i % 2 == 0 ? "a" : "b")}{i}";
            await PutMeter(on, id);
            before.Add(id);
        }
        await WaitForAsync(() => Task.FromResult(before.All(receiver.Has)), "every twin's event at the receiver", a, b);
        await Task.Delay(TimeSpan.FromSeconds(3)); // longer than the lease interval and the follow interval: a second deliverer would show
        var received = receiver.Received;
        Assert.True(received.Count == before.Count && received.Select(r => r.Id).Distinct().Count() == received.Count,
            $"expected {before.Count} events once each, got: {string.Join(", ", received.Select(r => $"{r.Subject}#{r.Id}"))}{a.Diagnostics()}{b.Diagnostics()}");

        // Both servers name the same holder: one of them.
        var holderOnA = await DeliveredBy(a);
        var holderOnB = await DeliveredBy(b);
        Assert.Equal(holderOnA, holderOnB);
        var (holder, other) = holderOnA.EndsWith($"/{a.Pid}", StringComparison.Ordinal) ? (a, b)
            : holderOnA.EndsWith($"/{b.Pid}", StringComparison.Ordinal) ? (b, a)
            : throw new Xunit.Sdk.XunitException($"the lease holder '{holderOnA}' is neither server (pids {a.Pid}, {b.Pid})");

        // SIGKILL the holder: the other takes the lease over and delivers what is written later, once each, none lost.
        var killed = Stopwatch.StartNew();
        holder.KillWithSigkill();
        Assert.True(holder.WaitForExit(TimeSpan.FromSeconds(10)), "the killed server did not exit");
        var after = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var id = $"m-after{i}";
            await PutMeter(other, id);
            after.Add(id);
        }
        await WaitForAsync(() => Task.FromResult(after.All(receiver.Has)), "the survivor to deliver the later events", other);
        _output.WriteLine($"SIGKILL of the lease holder to the survivor's delivery of {after.Count} later events: {killed.ElapsedMilliseconds} ms (lease interval 500 ms)");
        await Task.Delay(TimeSpan.FromSeconds(3));
        received = receiver.Received;
        foreach (var id in after)
            Assert.True(received.Count(r => r.Subject == id) == 1, $"{id} delivered {received.Count(r => r.Subject == id)} times{other.Diagnostics()}");
        Assert.All(before, id => Assert.Contains(received, r => r.Subject == id));
        Assert.EndsWith($"/{other.Pid}", await DeliveredBy(other), StringComparison.Ordinal);
    }

    private ServeProcess Start(string name)
    {
        var server = ServeProcess.Start(Path.Combine(_dir, name + ".db"), "--store", "postgres", "--postgres-schema", _schema, "--follow-interval", "200", "--lease-interval", "500");
        _servers.Add(server);
        return server;
    }

    /// <summary>Skips the test without TWINLAB_POSTGRES (saying how to run it); fails under CI=true.</summary>
    internal static void RequirePostgres()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 }) return;
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException("CI=true but " + HowToRun);
        Skip.If(true, HowToRun);
    }

    private static Task PutMeter(ServeProcess server, string id) =>
        Send(server, HttpMethod.Put, $"/digitaltwins/{id}", """{"$metadata":{"$model":"dtmi:scale:Meter;1"},"n":1}""");

    private static async Task Send(ServeProcess server, HttpMethod method, string path, string body)
    {
        using var request = new HttpRequestMessage(method, server.Url(path)) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        using var response = await server.Http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}{server.Diagnostics()}");
    }

    private static async Task<string> DeliveredBy(ServeProcess server)
    {
        var json = JsonDocument.Parse(await server.Http.GetStringAsync(server.Url("/endpoints/hook"))).RootElement;
        return json.GetProperty("delivery").GetProperty("deliveredBy").GetString() ?? throw new Xunit.Sdk.XunitException($"no lease holder reported: {json}");
    }

    private static bool Contains(StringBuilder log, string text)
    {
        lock (log) return log.ToString().Contains(text, StringComparison.Ordinal);
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what, params ServeProcess[] servers)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(60))
                Assert.Fail($"timed out waiting for {what}.{string.Concat(servers.Select(s => s.Diagnostics()))}");
            await Task.Delay(100);
        }
    }

    public void Dispose()
    {
        foreach (var server in _servers) server.Dispose();
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } connection)
        {
            using var c = new NpgsqlConnection(connection);
            c.Open();
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
