using System.Net;
using Microsoft.Extensions.DependencyInjection;
using System.Text.Json;
using TwinLab.Server.Events;
using static TwinLab.Server.Tests.Adt;

namespace TwinLab.Server.Tests.Delivery;

/// <summary>The server delivering a route to a real webhook receiver (Kestrel on a loopback port).</summary>
public sealed class WebhookDeliveryTests
{
    private static StringContent Route(string endpoint, string filter) => Json(JsonSerializer.Serialize(new { endpointName = endpoint, filter }));

    /// <summary>Waits until every route to <paramref name="endpoint"/> has examined the whole log.</summary>
    private static async Task WaitCaughtUp(HttpClient client, string endpoint)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            using var doc = JsonDocument.Parse(await client.GetStringAsync(Url($"/endpoints/{endpoint}")));
            var delivery = doc.RootElement.GetProperty("delivery");
            if (delivery.GetProperty("state").GetString() == "up to date") return;
            Assert.True(DateTime.UtcNow < deadline, $"endpoint {endpoint} did not catch up: {delivery}");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Webhook_GetsTheRoutedTwinRelationshipAndTelemetryEvents_InOrder_AndNoOthers()
    {
        await using var receiver = await WebhookReceiver.StartNewAsync();
        using var factory = new ServerFactory();
        var client = await factory.WithEventModels();
        await client.PutAsync(Url("/endpoints/hook"), Json($$"""{"type":"webhook","url":"{{receiver.Url}}"}""")).Ok();
        await client.PutAsync(Url("/eventroutes/sensors"), Route("hook", "STARTS_WITH(subject, 's-')")).Ok();

        await client.PutAsync(Url("/digitaltwins/s-1"), Json(EventModels.SensorTwin(1))).Ok();
        await client.PutAsync(Url("/digitaltwins/s-2"), Json(EventModels.SensorTwin(2))).Ok();
        await client.PutAsync(Url("/digitaltwins/room-1"), Json(Room(20))).Ok();
        await client.PatchAsync(Url("/digitaltwins/s-1"), Patch("""[{"op":"replace","path":"/level","value":7}]""")).Ok();
        await client.PatchAsync(Url("/digitaltwins/room-1"), Patch("""[{"op":"replace","path":"/temperature","value":21}]""")).Ok();
        await client.PutAsync(Url("/digitaltwins/s-1/relationships/f1"), Json("""{"$targetId":"s-2","$relationshipName":"feeds","weight":0.5}""")).Ok();
        await client.Telemetry("/digitaltwins/s-1/telemetry", """{"reading":3.5}""", "m-1").Ok();
        await client.DeleteAsync(Url("/digitaltwins/s-1/relationships/f1")).Ok();
        await client.DeleteAsync(Url("/digitaltwins/s-2")).Ok();

        await WaitCaughtUp(client, "hook");
        var got = receiver.Delivered();
        Assert.Equal(
            [
                TwinLabEventTypes.TwinCreate, TwinLabEventTypes.TwinCreate, TwinLabEventTypes.TwinUpdate, TwinLabEventTypes.RelationshipCreate,
                TwinLabEventTypes.Telemetry, TwinLabEventTypes.RelationshipDelete, TwinLabEventTypes.TwinDelete,
            ],
            got.Select(r => r.Json.GetProperty("type").GetString()));
        Assert.Equal(["s-1", "s-2", "s-1", "s-1/relationships/f1", "s-1", "s-1/relationships/f1", "s-2"], got.Select(r => r.Json.GetProperty("subject").GetString()));
        // Structured mode, ce-id = the event id (the log sequence number), in log order.
        Assert.All(got, r =>
        {
            Assert.StartsWith("application/cloudevents+json", r.ContentType);
            Assert.Equal(r.Json.GetProperty("id").GetString(), r.CeId);
            Assert.Equal("1.0", r.Headers["ce-specversion"]);
            Assert.Equal("main", r.Json.GetProperty("branch").GetString());
        });
        var sequences = got.Select(r => r.Json.GetProperty("sequence").GetInt64()).ToList();
        Assert.Equal(sequences.Order(), sequences);
        Assert.Equal(sequences.Count, sequences.Distinct().Count());
        // The update carries its JSON Patch, as ADT's Twin.Update notification does.
        var update = got[2].Json.GetProperty("data");
        Assert.Equal("dtmi:evt:Sensor;1", update.GetProperty("modelId").GetString());
        Assert.Equal("""[{"op":"replace","path":"/level","value":7}]""", update.GetProperty("patch").GetRawText());
        Assert.Equal(3.5, got[4].Json.GetProperty("data").GetProperty("reading").GetDouble());
        Assert.Equal(0.5, got[3].Json.GetProperty("data").GetProperty("weight").GetDouble());

        using var status = JsonDocument.Parse(await client.GetStringAsync(Url("/endpoints/hook")));
        Assert.Equal(7, status.RootElement.GetProperty("delivery").GetProperty("delivered").GetInt64());
        Assert.Equal(0, status.RootElement.GetProperty("delivery").GetProperty("backlog").GetInt64());
    }

    [Fact]
    public async Task Webhook_BinaryMode_DataIsTheBody_AttributesAreHeaders_ConfiguredHeadersSent()
    {
        await using var receiver = await WebhookReceiver.StartNewAsync();
        using var factory = new ServerFactory();
        var client = await factory.WithEventModels();
        var variable = "TWINLAB_TEST_HOOK_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, "Bearer from-the-environment");
        try
        {
            await client.PutAsync(Url("/endpoints/bin-hook"), Json($$$"""
                {"type":"webhook","url":"{{{receiver.Url}}}","contentMode":"binary","headers":{"Authorization":"env:{{{variable}}}","X-Team":"ops"}}
                """)).Ok();
            await client.PutAsync(Url("/eventroutes/updates"), Route("bin-hook", "type = 'Microsoft.DigitalTwins.Twin.Update'")).Ok();
            await client.PutAsync(Url("/digitaltwins/s-1"), Json(EventModels.SensorTwin(1))).Ok();
            await client.PatchAsync(Url("/digitaltwins/s-1"), Patch("""[{"op":"replace","path":"/level","value":2}]""")).Ok();
            var got = Assert.Single(await receiver.WaitForAsync(r => r.Count >= 1));
            Assert.StartsWith("application/json", got.ContentType);
            Assert.Equal(TwinLabEventTypes.TwinUpdate, got.Headers["ce-type"]);
            Assert.Equal("s-1", got.Headers["ce-subject"]);
            Assert.Equal("dtmi:evt:Sensor;1", got.Headers["ce-dataschema"]);
            Assert.Equal(got.Headers["ce-id"], got.Headers["ce-sequence"]);
            Assert.True(DateTimeOffset.TryParse(got.Headers["ce-time"], out _));
            Assert.Equal("Bearer from-the-environment", got.Headers["authorization"]);
            Assert.Equal("ops", got.Headers["x-team"]);
            Assert.Equal("""[{"op":"replace","path":"/level","value":2}]""", got.Json.GetProperty("patch").GetRawText());
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public async Task NewRoute_StartsAtTheEndOfTheLog_OlderEventsAreNotSent()
    {
        await using var receiver = await WebhookReceiver.StartNewAsync();
        using var factory = new ServerFactory();
        var client = await factory.WithEventModels();
        await client.PutAsync(Url("/digitaltwins/s-1"), Json(EventModels.SensorTwin(1))).Ok();
        await client.PutAsync(Url("/endpoints/hook"), Json($$"""{"type":"webhook","url":"{{receiver.Url}}"}""")).Ok();
        await client.PutAsync(Url("/eventroutes/all"), Route("hook", "true")).Ok();
        await client.PutAsync(Url("/digitaltwins/s-2"), Json(EventModels.SensorTwin(2))).Ok();
        await WaitCaughtUp(client, "hook");
        Assert.Equal(["s-2"], receiver.Delivered().Select(r => r.Json.GetProperty("subject").GetString()));
    }

    [Fact]
    public async Task DeletedRoute_StopsDelivering_AndForgetsItsPosition()
    {
        await using var receiver = await WebhookReceiver.StartNewAsync();
        using var factory = new ServerFactory();
        var client = await factory.WithEventModels();
        await client.PutAsync(Url("/endpoints/hook"), Json($$"""{"type":"webhook","url":"{{receiver.Url}}"}""")).Ok();
        await client.PutAsync(Url("/eventroutes/all"), Route("hook", "true")).Ok();
        await client.PutAsync(Url("/digitaltwins/s-1"), Json(EventModels.SensorTwin(1))).Ok();
        await receiver.WaitForAsync(r => r.Count == 1);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(Url("/eventroutes/all"))).StatusCode);
        var states = factory.Services.GetRequiredService<TwinLab.Server.Routing.Delivery.DeliveryStateStore>();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (states.Find("all") is not null && DateTime.UtcNow < deadline) await Task.Delay(50);
        Assert.Null(states.Find("all"));
        await client.PutAsync(Url("/digitaltwins/s-2"), Json(EventModels.SensorTwin(2))).Ok();
        // Re-created, the route starts afresh at the end of the log: s-2's creation is not sent.
        await client.PutAsync(Url("/eventroutes/all"), Route("hook", "true")).Ok();
        await client.PatchAsync(Url("/digitaltwins/s-2"), Patch("""[{"op":"replace","path":"/level","value":5}]""")).Ok();
        await WaitCaughtUp(client, "hook");
        Assert.Equal([TwinLabEventTypes.TwinCreate, TwinLabEventTypes.TwinUpdate], receiver.Delivered().Select(r => r.Json.GetProperty("type").GetString()));
    }
}
