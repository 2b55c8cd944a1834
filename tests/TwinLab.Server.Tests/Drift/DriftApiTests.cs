using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using TwinLab.Server.Events;
using TwinLab.Server.Routing.Delivery;
using TwinLab.Sync.Drift;
using static TwinLab.Server.Tests.Adt;

namespace TwinLab.Server.Tests.Drift;

/// <summary>The server judges telemetry live: <c>/drift</c>, the drift CloudEvent on <c>/events</c> and in the route outbox.</summary>
public sealed class DriftApiTests
{
    private const string SensorModel = """
        {"@id":"dtmi:test:Sensor;1","@type":"Interface","@context":"dtmi:dtdl:context;3",
         "contents":[{"@type":"Telemetry","name":"level","schema":"double"}]}
        """;

    private const string Expectations = """
        expectations:
          - name: tank-level
            model: dtmi:test:Sensor;1
            telemetry: level
            mean: 10
            sd: 1
        """;

    private static readonly DateTimeOffset Start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static StringContent Yaml(string text) => new(text, Encoding.UTF8, "application/yaml");

    private static async Task<HttpClient> Tank(Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<ServerSettings> factory)
    {
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync(Url("/models"), Json($"[{SensorModel}]"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync(Url("/digitaltwins/tank-1"), Json("""{"$metadata":{"$model":"dtmi:test:Sensor;1"}}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync(Url("/drift/expectations/tanks"), Yaml(Expectations))).StatusCode);
        return client;
    }

    private static async Task Level(HttpClient client, int i, double value)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Url("/digitaltwins/tank-1/telemetry")) { Content = Json($$"""{"level":{{value}}}""") };
        request.Headers.Add("Message-Id", $"m{i}");
        request.Headers.Add("Telemetry-Source-Time", Start.AddMinutes(i).ToString("O"));
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task Telemetry_DivergesFromExpectation_DriftListedPublishedAndQueuedForRoutes()
    {
        using var factory = new ServerFactory();
        var client = await Tank(factory);
        using var events = factory.Services.GetRequiredService<EventHub>().Subscribe(e => e.Type == TwinLabEventTypes.TwinDrift);
        var monitor = factory.Services.GetRequiredService<DriftMonitor>();

        for (var i = 0; i < 20; i++) await Level(client, i, i < 10 ? 10 + (i % 3 - 1) * 0.5 : 13);
        await monitor.FlushAsync();

        using (var list = JsonDocument.Parse(await client.GetStringAsync(Url("/drift"))))
        {
            var series = Assert.Single(list.RootElement.GetProperty("value").EnumerateArray());
            Assert.Equal("tank-1", series.GetProperty("twinId").GetString());
            Assert.Equal("level", series.GetProperty("telemetry").GetString());
            Assert.Equal("expectations", series.GetProperty("predictor").GetString());
            Assert.Equal("drifting", series.GetProperty("state").GetString());
            Assert.Equal(20, series.GetProperty("readings").GetInt32());
            Assert.Equal(0.5, series.GetProperty("shareInside").GetDouble());
            Assert.True(series.GetProperty("statistic").GetDouble() > series.GetProperty("threshold").GetDouble());
            Assert.Equal(Start.AddMinutes(10), series.GetProperty("since").GetDateTimeOffset());
        }
        using (var one = JsonDocument.Parse(await client.GetStringAsync(Url("/drift/tank-1"))))
        {
            var episode = Assert.Single(Assert.Single(one.RootElement.GetProperty("series").EnumerateArray()).GetProperty("episodes").EnumerateArray());
            Assert.Equal(JsonValueKind.Null, episode.GetProperty("ended").ValueKind);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var live = await events.Reader.ReadAsync(timeout.Token);
        Assert.Equal(("tank-1", "dtmi:test:Sensor;1", "main"), (live.Subject, live.DataSchema, live.Branch));
        Assert.Equal("drifting", live.Data!["state"]!.GetValue<string>());
        Assert.Equal("level", live.Data["telemetry"]!.GetValue<string>());
        Assert.Equal("expectations", live.Data["predictor"]!.GetValue<string>());
        Assert.Equal(Start.AddMinutes(10), DateTimeOffset.Parse(live.Data["since"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
        var routed = Assert.Single(factory.Services.GetRequiredService<RoutedEventOutbox>().After("", 100), e => e.Event.Type == TwinLabEventTypes.TwinDrift);
        Assert.Equal(live.Id, routed.Event.Id);
    }

    [Fact]
    public async Task SettingsAndReset_TurnAutoRecalibrationOnAndStartAfresh()
    {
        using var factory = new ServerFactory();
        var client = await Tank(factory);
        for (var i = 0; i < 20; i++) await Level(client, i, 13);
        await factory.Services.GetRequiredService<DriftMonitor>().FlushAsync();

        var put = await client.PutAsync(Url("/drift/tank-1/settings"), Json("""{"autoRecalibrate":true}"""));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var reset = await client.PostAsync(Url("/drift/tank-1/reset"), null);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);

        using var one = JsonDocument.Parse(await client.GetStringAsync(Url("/drift/tank-1")));
        Assert.True(one.RootElement.GetProperty("autoRecalibrate").GetBoolean());
        var series = Assert.Single(one.RootElement.GetProperty("series").EnumerateArray());
        Assert.Equal(("in-fit", 0), (series.GetProperty("state").GetString(), series.GetProperty("readings").GetInt32()));
        Assert.Equal("reset", Assert.Single(series.GetProperty("episodes").EnumerateArray()).GetProperty("endedBy").GetString());
    }

    [Fact]
    public async Task BadRequests_AnswerWithAdtErrorsNamingTheProblem()
    {
        using var factory = new ServerFactory();
        var client = await Tank(factory);

        await AssertError(await client.GetAsync(Url("/drift/no-such-twin")), HttpStatusCode.NotFound, "DigitalTwinNotFound");
        await AssertError(await client.PutAsync(Url("/drift/tank-1/settings"), Json("""{"autoRecalibrate":"yes"}""")), HttpStatusCode.BadRequest, "InvalidArgument");
        await AssertError(await client.PostAsync(Url("/drift/tank-1/reset"), null), HttpStatusCode.NotFound, "DigitalTwinNotFound");
        var bad = await client.PutAsync(Url("/drift/expectations/broken"), Yaml("expectations:\n  - twins: [a]\n    telemetry: t\n    mean: 1\n    sdd: 1\n"));
        await AssertError(bad, HttpStatusCode.BadRequest, "InvalidArgument");
        Assert.Contains("broken.yaml:5:5: expectations[0].sdd: unknown key", await bad.Content.ReadAsStringAsync());
        await AssertError(await client.PutAsync(Url("/drift/expectations/x"), Json("{}")), HttpStatusCode.BadRequest, "InvalidArgument");
        await AssertError(await client.GetAsync(Url("/drift/expectations/broken")), HttpStatusCode.NotFound, "DriftExpectationsNotFound");

        // What was stored before the bad file is still there.
        Assert.Contains("tank-level", await client.GetStringAsync(Url("/drift/expectations/tanks")));
        using var list = JsonDocument.Parse(await client.GetStringAsync(Url("/drift/expectations")));
        Assert.Equal("tanks", Assert.Single(list.RootElement.GetProperty("value").EnumerateArray()).GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(Url("/drift/expectations/tanks"))).StatusCode);
        await AssertError(await client.DeleteAsync(Url("/drift/expectations/tanks")), HttpStatusCode.NotFound, "DriftExpectationsNotFound");
    }

    [Fact]
    public async Task LeaseLost_MonitorStopsAndResetIsRefused_LeaseRegained_MonitorResumesFromTheLog_EachEpisodeOnce()
    {
        var lease = new FakeLease();
        using var leased = new ServerFactory();
        using var factory = leased.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TwinLab.Server.Hosting.IWorkLease>(lease)));
        var client = await Tank(factory);
        var monitor = factory.Services.GetRequiredService<DriftMonitor>();
        using var drift = factory.Services.GetRequiredService<EventHub>().Subscribe(e => e.Type == TwinLabEventTypes.TwinDrift);
        for (var i = 0; i < 10; i++) await Level(client, i, 10 + (i % 3 - 1) * 0.5);
        await monitor.FlushAsync();
        Assert.True(monitor.IsRunning);

        // Another server takes the lease: this one's monitor stops, and a reset sent here is refused, naming the holder.
        lease.Set(held: false);
        await WaitForAsync(() => !monitor.IsRunning, "the monitor to stop");
        var refused = await client.PostAsync(Url("/drift/tank-1/reset"), null);
        await AssertError(refused, HttpStatusCode.Conflict, TwinLab.Server.Drift.DriftApi.NotLeaseHolder);
        Assert.Contains("holder: other-server", await refused.Content.ReadAsStringAsync());
        // Telemetry still arrives (the holder would judge it); this server does not.
        for (var i = 10; i < 20; i++) await Level(client, i, 13);
        Assert.Equal(10, ReadingsOf(await client.GetStringAsync(Url("/drift"))));

        // The lease comes back: the monitor starts again from the stored position and judges the rest once.
        lease.Set(held: true);
        await WaitForAsync(() => monitor.IsRunning, "the monitor to start again");
        await monitor.FlushAsync();
        using (var one = JsonDocument.Parse(await client.GetStringAsync(Url("/drift/tank-1"))))
        {
            var series = Assert.Single(one.RootElement.GetProperty("series").EnumerateArray());
            Assert.Equal(("drifting", 20), (series.GetProperty("state").GetString(), series.GetProperty("readings").GetInt32()));
            Assert.Single(series.GetProperty("episodes").EnumerateArray());
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        Assert.Equal("drifting", (await drift.Reader.ReadAsync(timeout.Token)).Data!["state"]!.GetValue<string>());
        Assert.False(drift.Reader.TryRead(out _));
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(Url("/drift/tank-1/reset"), null)).StatusCode);
    }

    private static int ReadingsOf(string list)
    {
        using var doc = JsonDocument.Parse(list);
        return Assert.Single(doc.RootElement.GetProperty("value").EnumerateArray()).GetProperty("readings").GetInt32();
    }

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(20)) Assert.Fail($"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }

    /// <summary>A work lease the test hands over: another server ("other-server") holds it while this one does not.</summary>
    private sealed class FakeLease : TwinLab.Server.Hosting.IWorkLease
    {
        private volatile bool _held = true;

        public bool IsHeld => _held;

        public string Node => "this-server";

        public event Action? Changed;

        public string? Holder() => _held ? Node : "other-server";

        public void Set(bool held)
        {
            _held = held;
            Changed?.Invoke();
        }
    }
}
