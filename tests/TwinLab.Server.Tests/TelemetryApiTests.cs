using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TwinLab.Core.Application;
using static TwinLab.Server.Tests.Adt;

namespace TwinLab.Server.Tests;

public sealed class TelemetryApiTests
{
    private static HttpRequestMessage Send(string path, string body, string? messageId, string? sourceTime = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Url(path)) { Content = Json(body) };
        if (messageId is not null) request.Headers.Add("Message-Id", messageId);
        if (sourceTime is not null) request.Headers.Add("Telemetry-Source-Time", sourceTime);
        return request;
    }

    private static IReadOnlyList<TwinLab.Core.Twins.TelemetryPoint> Points(ServerFactory factory, string twin) =>
        factory.Services.GetRequiredService<TwinService>().ReadTelemetry(twin, null, DateTimeOffset.MinValue, DateTimeOffset.MaxValue);

    [Fact]
    public async Task PublishComponentTelemetry_RecordedAtSourceTime()
    {
        using var factory = new ServerFactory();
        var client = await ComponentsApiTests.DeviceTwin(factory);
        var r = await client.SendAsync(Send("/digitaltwins/d1/components/thermostat/telemetry", """{"temp":21.5}""", "m1", "2024-05-01T10:00:00Z"));
        Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
        var point = Assert.Single(Points(factory, "d1"));
        Assert.Equal("thermostat", point.Component);
        Assert.Equal("temp", point.Name);
        Assert.Equal(21.5, point.Value.GetDouble());
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero), point.Timestamp);
    }

    [Fact]
    public async Task PublishTelemetry_RepeatedMessageId_AcceptedOnce()
    {
        using var factory = new ServerFactory();
        var client = await ComponentsApiTests.DeviceTwin(factory);
        const string path = "/digitaltwins/d1/components/thermostat/telemetry";
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(Send(path, """{"temp":1}""", "same"))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(Send(path, """{"temp":1}""", "same"))).StatusCode);
        Assert.Single(Points(factory, "d1"));
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(Send(path, """{"temp":2}""", "other"))).StatusCode);
        Assert.Equal(2, Points(factory, "d1").Count);
    }

    [Fact]
    public async Task PublishTelemetry_MissingMessageId_BadRequestAndNothingRecorded()
    {
        using var factory = new ServerFactory();
        var client = await ComponentsApiTests.DeviceTwin(factory);
        await AssertError(await client.SendAsync(Send("/digitaltwins/d1/components/thermostat/telemetry", """{"temp":1}""", null)),
            HttpStatusCode.BadRequest, "InvalidArgument");
        Assert.Empty(Points(factory, "d1"));
    }

    [Fact]
    public async Task PublishTelemetry_Errors()
    {
        using var factory = new ServerFactory();
        var client = await ComponentsApiTests.DeviceTwin(factory);
        await AssertError(await client.SendAsync(Send("/digitaltwins/zz/telemetry", """{"temp":1}""", "a")), HttpStatusCode.NotFound, "DigitalTwinNotFound");
        // The device itself has no telemetry named temp; only its thermostat component does.
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(Send("/digitaltwins/d1/telemetry", """{"temp":1}""", "b"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(Send("/digitaltwins/d1/components/nope/telemetry", """{"temp":1}""", "c"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest,
            (await client.SendAsync(Send("/digitaltwins/d1/components/thermostat/telemetry", """{"temp":"warm"}""", "d"))).StatusCode);
        await AssertError(await client.SendAsync(Send("/digitaltwins/d1/components/thermostat/telemetry", """{"temp":1}""", "e", "yesterday")),
            HttpStatusCode.BadRequest, "InvalidArgument");
        await AssertError(await client.SendAsync(Send("/digitaltwins/d1/components/thermostat/telemetry", "{", "f")), HttpStatusCode.BadRequest, "InvalidArgument");
        Assert.Empty(Points(factory, "d1"));
    }

    [Fact]
    public async Task PublishTelemetry_TwinLevel_Recorded()
    {
        using var factory = new ServerFactory();
        var client = factory.CreateClient();
        const string sensor = """
            {"@id":"dtmi:test:Sensor;1","@type":"Interface","@context":"dtmi:dtdl:context;3",
             "contents":[{"@type":"Telemetry","name":"level","schema":"integer"}]}
            """;
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync(Url("/models"), Json($"[{sensor}]"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync(Url("/digitaltwins/s1"), Json("""{"$metadata":{"$model":"dtmi:test:Sensor;1"}}"""))).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(Send("/digitaltwins/s1/telemetry", """{"level":3}""", "x"))).StatusCode);
        var point = Assert.Single(Points(factory, "s1"));
        Assert.Null(point.Component);
        Assert.Equal(3, point.Value.GetInt32());
    }
}
