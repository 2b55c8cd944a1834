using System.Net;
using System.Text;
using System.Text.Json;
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

    private static async Task<HttpClient> Tank(ServerFactory factory)
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
}
