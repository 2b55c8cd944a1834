using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using static TwinLab.Server.Tests.Adt;
using static TwinLab.Server.Tests.Sync.SyncTestSupport;

namespace TwinLab.Server.Tests.Sync;

public sealed class TelemetryBatchApiTests
{
    [Fact]
    public async Task Batch_AppliesGoodLines_ReportsBadOnesByLine_AndARetryAppliesNothingTwice()
    {
        using var factory = new ServerFactory();
        var client = await Sensors(factory);
        var body = new[]
        {
            Line("sensor-0", "m1", """{"temperature":20.5,"seq":1}""", time: "2026-11-24T09:00:00Z"),
            Line("sensor-1", "m2", """{"temp":19.5}""", component: "thermostat"),
            "{not json",
            Line("sensor-9", "m3", """{"temperature":1}"""),
            "",
            Line("sensor-2", "m4", """{"temperature":"warm"}"""),
            """{"$dtId":"sensor-2","telemetry":{"temperature":1}}""",
            """{"$dtId":"sensor-2","messageId":"m5","telemetry":{"temperature":1},"extra":1}""",
            Line("sensor-2", "m6", """{"temperature":22}"""),
        };

        var first = await JsonOf(await client.PostAsync(Url("/telemetry/batch"), Ndjson(body)));
        Assert.Equal(8, first.GetProperty("lines").GetInt32());
        Assert.Equal(3, first.GetProperty("accepted").GetInt32());
        Assert.Equal(0, first.GetProperty("duplicates").GetInt32());
        Assert.Equal(5, first.GetProperty("rejected").GetInt32());
        var errors = first.GetProperty("errors").EnumerateArray().ToDictionary(e => e.GetProperty("line").GetInt32(), e => e.GetProperty("error").GetString()!);
        Assert.Equal([3, 4, 6, 7, 8], errors.Keys.Order());
        Assert.Contains("not valid JSON", errors[3]);
        Assert.Contains("sensor-9", errors[4]);
        Assert.Contains("temperature", errors[6]);
        Assert.Contains("messageId is required", errors[7]);
        Assert.Contains("unknown member 'extra'", errors[8]);

        var point = Assert.Single(Points(factory, "sensor-0", "temperature"));
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero), point.Timestamp);
        Assert.Equal("thermostat", Assert.Single(Points(factory, "sensor-1")).Component);
        Assert.Single(Points(factory, "sensor-2"));

        // The producer did not get the answer and sends the same batch again: nothing is applied twice.
        var retry = await JsonOf(await client.PostAsync(Url("/telemetry/batch"), Ndjson(body)));
        Assert.Equal(0, retry.GetProperty("accepted").GetInt32());
        Assert.Equal(3, retry.GetProperty("duplicates").GetInt32());
        Assert.Equal(JsonValueKind.Null, retry.GetProperty("firstSequence").ValueKind);
        Assert.Equal(2, Points(factory, "sensor-0").Count);
        Assert.Single(Points(factory, "sensor-2"));
    }

    [Fact]
    public async Task Batch_SharesMessageIdsWithTheSingleEndpoint_AndWithinTheBatch()
    {
        using var factory = new ServerFactory();
        var client = await Sensors(factory);
        var single = new HttpRequestMessage(HttpMethod.Post, Url("/digitaltwins/sensor-0/telemetry")) { Content = Json("""{"temperature":1}""") };
        single.Headers.Add("Message-Id", "abc");
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(single)).StatusCode);

        var result = await JsonOf(await client.PostAsync(Url("/telemetry/batch"), Ndjson(
            Line("sensor-0", "abc", """{"temperature":2}"""),
            Line("sensor-1", "abc", """{"temperature":3}"""),
            Line("sensor-1", "abc", """{"temperature":4}"""))));
        Assert.Equal(1, result.GetProperty("accepted").GetInt32());
        Assert.Equal(2, result.GetProperty("duplicates").GetInt32());
        Assert.Equal(1, Assert.Single(Points(factory, "sensor-0", "temperature")).Value.GetDouble());
        Assert.Equal(3, Assert.Single(Points(factory, "sensor-1", "temperature")).Value.GetDouble());
    }

    [Fact]
    public async Task Batch_OfManyLines_IsCommittedInChunks_EachLineOnce()
    {
        using var factory = new ServerFactory();
        var client = await Sensors(factory, count: 4);
        // More lines than one transaction takes, with a bad line in the middle of a chunk.
        var lines = Enumerable.Range(0, 1000).Select(i => i == 300
            ? Line("nobody", $"m{i}", """{"seq":0}""")
            : Line($"sensor-{i % 4}", $"m{i}", $$"""{"seq":{{i}}}""")).ToArray();
        var result = await JsonOf(await client.PostAsync(Url("/telemetry/batch"), Ndjson(lines)));
        Assert.Equal(999, result.GetProperty("accepted").GetInt32());
        Assert.Equal(301, result.GetProperty("errors")[0].GetProperty("line").GetInt32());
        var seqs = Enumerable.Range(0, 4).SelectMany(t => Points(factory, $"sensor-{t}", "seq")).Select(p => p.Value.GetInt32()).Order().ToArray();
        Assert.Equal(Enumerable.Range(0, 1000).Where(i => i != 300), seqs);
    }

    [Fact]
    public async Task Batch_OnABranch_StaysOnTheBranch()
    {
        using var factory = new ServerFactory();
        var client = await Sensors(factory);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync(Url("/branches"), Json("""{"name":"what-if"}"""))).StatusCode);
        var result = await JsonOf(await client.PostAsync(Url("/telemetry/batch?branch=what-if"), Ndjson(Line("sensor-0", "b1", """{"temperature":5}"""))));
        Assert.Equal(1, result.GetProperty("accepted").GetInt32());
        Assert.Empty(Points(factory, "sensor-0"));
        await AssertError(await client.PostAsync(Url("/telemetry/batch?branch=nope"), Ndjson(Line("sensor-0", "b2", """{"temperature":5}"""))),
            HttpStatusCode.NotFound, "BranchNotFound");
    }

    [Fact]
    public async Task Batch_RefusedWhole_WhenTooLargeOrNotNdjson()
    {
        using var server = new ServerFactory();
        using var factory = server.WithWebHostBuilder(b => b.UseSetting("TwinLab:Sync:MaxBatchBytes", "2000").UseSetting("TwinLab:Sync:MaxBatchLines", "5"));
        var client = await Sensors(factory, count: 1);

        var big = Enumerable.Range(0, 4).Select(i => Line("sensor-0", $"big{i}", $$"""{"temperature":{{i}},"seq":{{i}}}""") + new string(' ', 600)).ToArray();
        await AssertError(await client.PostAsync(Url("/telemetry/batch"), Ndjson(big)), HttpStatusCode.RequestEntityTooLarge, "PayloadTooLarge");
        var many = Enumerable.Range(0, 6).Select(i => Line("sensor-0", $"n{i}", """{"seq":1}""")).ToArray();
        await AssertError(await client.PostAsync(Url("/telemetry/batch"), Ndjson(many)), HttpStatusCode.RequestEntityTooLarge, "PayloadTooLarge");
        await AssertError(await client.PostAsync(Url("/telemetry/batch"), new StringContent(Line("sensor-0", "j", """{"seq":1}"""), Encoding.UTF8, "application/json")),
            HttpStatusCode.UnsupportedMediaType, "UnsupportedMediaType");
        await AssertError(await client.PostAsync(Url("/telemetry/batch"), Ndjson()), HttpStatusCode.BadRequest, "InvalidArgument");
        Assert.Empty(Points(factory, "sensor-0"));

        var ok = await JsonOf(await client.PostAsync(Url("/telemetry/batch"), Ndjson(many[..5])));
        Assert.Equal(5, ok.GetProperty("accepted").GetInt32());
    }
}
