using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using TwinLab.Server.Events;
using static TwinLab.Server.Tests.Adt;

namespace TwinLab.Server.Tests;

public sealed class EventsApiTests : IDisposable
{
    private readonly ServerFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private static string Compact(JsonElement e) => JsonSerializer.Serialize(e);

    [Fact]
    public async Task TwinLifecycle_CreatePatchDelete_StreamsCreateUpdateDeleteWithPatches()
    {
        var client = await _factory.WithRoomModel();
        await using var stream = await SseStream.OpenAsync(client, "?type=twin");
        await client.PutAsync(Url("/digitaltwins/room1"), Json(Room(20))).Ok();
        await client.PatchAsync(Url("/digitaltwins/room1"), Patch("""[{"op":"replace","path":"/temperature","value":25.5}]""")).Ok();
        await client.PatchAsync(Url("/digitaltwins/room1"), Patch("""[{"op":"remove","path":"/temperature"}]""")).Ok();
        await client.DeleteAsync(Url("/digitaltwins/room1")).Ok();

        var frames = await stream.TakeAsync(4);
        Assert.Equal(["Microsoft.DigitalTwins.Twin.Create", "Microsoft.DigitalTwins.Twin.Update", "Microsoft.DigitalTwins.Twin.Update", "Microsoft.DigitalTwins.Twin.Delete"],
            frames.Select(f => f.Event));
        var ids = frames.Select(f => long.Parse(f.Id!)).ToArray();
        Assert.Equal([ids[0], ids[0] + 1, ids[0] + 2, ids[0] + 3], ids);

        var create = frames[0].Json;
        Assert.Equal("1.0", create.GetProperty("specversion").GetString());
        Assert.Equal(frames[0].Id, create.GetProperty("id").GetString());
        Assert.Equal("localhost", create.GetProperty("source").GetString());
        Assert.Equal("room1", create.GetProperty("subject").GetString());
        Assert.Equal("application/json", create.GetProperty("datacontenttype").GetString());
        Assert.Equal("dtmi:test:Room;1", create.GetProperty("dataschema").GetString());
        Assert.Equal("main", create.GetProperty("branch").GetString());
        Assert.Equal(ids[0], create.GetProperty("sequence").GetInt64());
        Assert.True(DateTimeOffset.TryParse(create.GetProperty("time").GetString(), out _));
        Assert.Equal("room1", create.GetProperty("data").GetProperty("$dtId").GetString());
        Assert.Equal(20, create.GetProperty("data").GetProperty("temperature").GetDouble());
        Assert.Equal("dtmi:test:Room;1", create.GetProperty("data").GetProperty("$metadata").GetProperty("$model").GetString());

        var update = frames[1].Json.GetProperty("data");
        Assert.Equal("dtmi:test:Room;1", update.GetProperty("modelId").GetString());
        Assert.Equal("""[{"op":"replace","path":"/temperature","value":25.5}]""", Compact(update.GetProperty("patch")));
        Assert.Equal("""[{"op":"remove","path":"/temperature"}]""", Compact(frames[2].Json.GetProperty("data").GetProperty("patch")));

        var delete = frames[3].Json;
        Assert.Equal("room1", delete.GetProperty("subject").GetString());
        Assert.Equal("room1", delete.GetProperty("data").GetProperty("$dtId").GetString());
        Assert.False(delete.GetProperty("data").TryGetProperty("temperature", out _));
    }

    [Fact]
    public async Task TwinUpdate_ObjectsComponentsAndModels_PatchNamesEachChangedValue()
    {
        var client = await _factory.WithEventModels();
        await client.PutAsync(Url("/digitaltwins/s1"),
            Json("""{"$metadata":{"$model":"dtmi:evt:Sensor;1"},"level":1,"info":{"city":"Oslo","zip":"0150"},"battery":{"$metadata":{},"charge":80}}""")).Ok();
        await using var stream = await SseStream.OpenAsync(client, "?type=Twin.Update");
        await client.PatchAsync(Url("/digitaltwins/s1"), Patch("""
            [{"op":"replace","path":"/info","value":{"city":"Bergen","zip":"0150"}},
             {"op":"replace","path":"/battery/charge","value":75},
             {"op":"add","path":"/level","value":1}]
            """)).Ok();
        // Replacing a twin whole is an update too: the patch removes what the new body leaves out.
        await client.PutAsync(Url("/digitaltwins/s1"), Json("""{"$metadata":{"$model":"dtmi:evt:Sensor;1"},"level":2,"battery":{"$metadata":{}}}""")).Ok();

        var first = (await stream.NextAsync()).Json.GetProperty("data");
        Assert.Equal("""[{"op":"replace","path":"/info/city","value":"Bergen"},{"op":"replace","path":"/battery/charge","value":75}]""",
            Compact(first.GetProperty("patch")));
        var second = (await stream.NextAsync()).Json.GetProperty("data");
        Assert.Equal("""[{"op":"replace","path":"/level","value":2},{"op":"remove","path":"/info"},{"op":"remove","path":"/battery/charge"}]""",
            Compact(second.GetProperty("patch")));
    }

    [Fact]
    public async Task Relationships_CreatePatchDelete_StreamRelationshipEvents()
    {
        var client = await _factory.WithEventModels();
        await client.PutAsync(Url("/digitaltwins/a"), Json(EventModels.SensorTwin(1))).Ok();
        await client.PutAsync(Url("/digitaltwins/b"), Json(EventModels.SensorTwin(2))).Ok();
        await using var stream = await SseStream.OpenAsync(client, "?type=relationship");
        await client.PutAsync(Url("/digitaltwins/a/relationships/r1"), Json("""{"$targetId":"b","$relationshipName":"feeds","weight":0.5}""")).Ok();
        await client.PatchAsync(Url("/digitaltwins/a/relationships/r1"), Patch("""[{"op":"replace","path":"/weight","value":0.75}]""")).Ok();
        await client.DeleteAsync(Url("/digitaltwins/a/relationships/r1")).Ok();

        var frames = await stream.TakeAsync(3);
        Assert.Equal(["Microsoft.DigitalTwins.Relationship.Create", "Microsoft.DigitalTwins.Relationship.Update", "Microsoft.DigitalTwins.Relationship.Delete"],
            frames.Select(f => f.Event));
        Assert.All(frames, f => Assert.Equal("a/relationships/r1", f.Json.GetProperty("subject").GetString()));
        var created = frames[0].Json.GetProperty("data");
        Assert.Equal("r1", created.GetProperty("$relationshipId").GetString());
        Assert.Equal("b", created.GetProperty("$targetId").GetString());
        Assert.Equal("feeds", created.GetProperty("$relationshipName").GetString());
        Assert.Equal(0.5, created.GetProperty("weight").GetDouble());
        var updated = frames[1].Json.GetProperty("data");
        Assert.Equal("dtmi:evt:Sensor;1", updated.GetProperty("modelId").GetString());
        Assert.Equal("""[{"op":"replace","path":"/weight","value":0.75}]""", Compact(updated.GetProperty("patch")));
        var deleted = frames[2].Json.GetProperty("data");
        Assert.Equal("r1", deleted.GetProperty("$relationshipId").GetString());
        Assert.Equal(0.75, deleted.GetProperty("weight").GetDouble());
    }

    [Fact]
    public async Task Telemetry_TwinAndComponent_StreamTelemetryMessagesAsAdt()
    {
        var client = await _factory.WithEventModels();
        await client.PutAsync(Url("/digitaltwins/s1"), Json(EventModels.SensorTwin(1))).Ok();
        await using var stream = await SseStream.OpenAsync(client, "?type=telemetry");
        await client.Telemetry("/digitaltwins/s1/telemetry", """{"reading":3.5}""", "m1").Ok();
        await client.Telemetry("/digitaltwins/s1/components/battery/telemetry", """{"voltage":3.7}""", "m2").Ok();

        var twin = (await stream.NextAsync()).Json;
        Assert.Equal("microsoft.iot.telemetry", twin.GetProperty("type").GetString());
        Assert.Equal("localhost/digitaltwins/s1", twin.GetProperty("source").GetString());
        Assert.Equal("s1", twin.GetProperty("subject").GetString());
        Assert.Equal("dtmi:evt:Sensor;1", twin.GetProperty("dataschema").GetString());
        Assert.Equal("""{"reading":3.5}""", Compact(twin.GetProperty("data")));
        var component = (await stream.NextAsync()).Json;
        Assert.Equal("battery", component.GetProperty("subject").GetString());
        Assert.Equal("localhost/digitaltwins/s1", component.GetProperty("source").GetString());
        Assert.Equal("dtmi:evt:Battery;1", component.GetProperty("dataschema").GetString());
        Assert.Equal("""{"voltage":3.7}""", Compact(component.GetProperty("data")));
    }

    [Fact]
    public async Task Filters_TwinModelAndType_SendOnlyMatchingEvents()
    {
        var client = await _factory.WithEventModels();
        await using var byTwin = await SseStream.OpenAsync(client, "?twin=b&twin=c&type=Twin.Create,Twin.Delete");
        await using var byModel = await SseStream.OpenAsync(client, "?model=dtmi:test:Room;1");
        await using var models = await SseStream.OpenAsync(client, "?type=model");
        await client.PostAsync(Url("/models"), Json("""[{"@id":"dtmi:test:Extra;1","@type":"Interface","@context":"dtmi:dtdl:context;3"}]""")).Ok();
        await client.PutAsync(Url("/digitaltwins/a"), Json(EventModels.SensorTwin(1))).Ok();
        await client.PutAsync(Url("/digitaltwins/b"), Json(EventModels.SensorTwin(2))).Ok();
        await client.PatchAsync(Url("/digitaltwins/b"), Patch("""[{"op":"replace","path":"/level","value":3}]""")).Ok();
        await client.PutAsync(Url("/digitaltwins/room"), Json(Room(21))).Ok();
        await client.DeleteAsync(Url("/digitaltwins/b")).Ok();

        var twinFrames = await byTwin.TakeAsync(2);
        Assert.Equal(["Microsoft.DigitalTwins.Twin.Create", "Microsoft.DigitalTwins.Twin.Delete"], twinFrames.Select(f => f.Event));
        Assert.All(twinFrames, f => Assert.Equal("b", f.Json.GetProperty("subject").GetString()));
        var room = await byModel.NextAsync();
        Assert.Equal("room", room.Json.GetProperty("subject").GetString());
        var model = (await models.NextAsync()).Json;
        Assert.Equal("TwinLab.Model.Change", model.GetProperty("type").GetString());
        Assert.Equal("dtmi:test:Extra;1", model.GetProperty("subject").GetString());
        Assert.Equal("""{"action":"Create","modelIds":["dtmi:test:Extra;1"]}""", Compact(model.GetProperty("data")));

        // Nothing else was queued for these streams: the next event each sees is the next matching one.
        await client.PutAsync(Url("/digitaltwins/c"), Json(Room(22))).Ok();
        Assert.Equal("c", (await byTwin.NextAsync()).Json.GetProperty("subject").GetString());
        Assert.Equal("c", (await byModel.NextAsync()).Json.GetProperty("subject").GetString());
    }

    [Fact]
    public async Task Filters_BadParameters_AreRejectedInAdtShape()
    {
        var client = _factory.CreateClient();
        await AssertError(await client.GetAsync(Url("/events?type=Twin.Explode")), HttpStatusCode.BadRequest, "InvalidArgument");
        await AssertError(await client.GetAsync(Url("/events?twin=")), HttpStatusCode.BadRequest, "InvalidArgument");
        await AssertError(await client.GetAsync(Url("/events?lastEventId=abc")), HttpStatusCode.BadRequest, "InvalidArgument");
        await AssertError(await client.GetAsync("/events"), HttpStatusCode.BadRequest, "MissingApiVersionParameter");
        var message = JsonDocument.Parse(await (await client.GetAsync(Url("/events?type=Twin.Explode"))).Content.ReadAsStringAsync());
        Assert.Contains("type", message.RootElement.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Resume_LastEventId_ReplaysExactlyTheMissedEventsThenGoesLive()
    {
        var client = await _factory.WithEventModels();
        List<SseFrame> seen;
        await using (var first = await SseStream.OpenAsync(client))
        {
            await client.PutAsync(Url("/digitaltwins/a"), Json(EventModels.SensorTwin(1))).Ok();
            await client.PutAsync(Url("/digitaltwins/b"), Json(EventModels.SensorTwin(2))).Ok();
            await client.PatchAsync(Url("/digitaltwins/a"), Patch("""[{"op":"replace","path":"/level","value":5}]""")).Ok();
            await client.PutAsync(Url("/digitaltwins/a/relationships/r"), Json("""{"$targetId":"b","$relationshipName":"feeds","weight":1}""")).Ok();
            await client.Telemetry("/digitaltwins/a/telemetry", """{"reading":7}""", "m1").Ok();
            seen = await first.TakeAsync(5);
        }
        // While disconnected:
        await client.PatchAsync(Url("/digitaltwins/b"), Patch("""[{"op":"add","path":"/battery/charge","value":50}]""")).Ok();
        await client.DeleteAsync(Url("/digitaltwins/a/relationships/r")).Ok();

        await using var resumed = await SseStream.OpenAsync(client, lastEventId: seen[1].Id);
        var replayed = await resumed.TakeAsync(5);
        Assert.Equal(seen.Skip(2).Select(f => f.Id), replayed.Take(3).Select(f => f.Id));
        for (var i = 0; i < 3; i++)
        {
            // Replayed events are the events published live (but for the request's trace context).
            var live = JsonNode.Parse(seen[i + 2].Data!)!.AsObject();
            var again = JsonNode.Parse(replayed[i].Data!)!.AsObject();
            live.Remove("traceparent");
            Assert.Equal(live.ToJsonString(), again.ToJsonString());
        }
        Assert.Equal("""[{"op":"add","path":"/battery/charge","value":50}]""", Compact(replayed[3].Json.GetProperty("data").GetProperty("patch")));
        Assert.Equal("Microsoft.DigitalTwins.Relationship.Delete", replayed[4].Event);
        Assert.Equal(1, replayed[4].Json.GetProperty("data").GetProperty("weight").GetDouble());

        await client.DeleteAsync(Url("/digitaltwins/a")).Ok();
        var next = await resumed.NextAsync();
        Assert.Equal("Microsoft.DigitalTwins.Twin.Delete", next.Event);
        Assert.Equal(long.Parse(replayed[4].Id!) + 1, long.Parse(next.Id!));

        // The query parameter works as the header does, and filters apply to the replay.
        await using var byQuery = await SseStream.OpenAsync(client, $"?lastEventId={seen[0].Id}&type=Twin.Create");
        var creates = await byQuery.TakeAsync(1);
        Assert.Equal(seen[1].Id, creates[0].Id);
    }

    [Fact]
    public async Task ExperimentProgress_PublishedThroughIEventPublisher_ReachesTheStreamWithoutAnId()
    {
        var client = _factory.CreateClient();
        await using var stream = await SseStream.OpenAsync(client, "?type=experiment");
        var publisher = _factory.Services.GetRequiredService<IEventPublisher>();
        publisher.Publish(new TwinLabEvent("exp-1-3", TwinLabEventTypes.Telemetry, "localhost", "experiments/exp-1", DateTimeOffset.UtcNow, null));
        publisher.Publish(new TwinLabEvent("exp-1-4", TwinLabEventTypes.ExperimentProgress, "localhost", "experiments/exp-1", DateTimeOffset.UtcNow,
            new JsonObject { ["state"] = "running", ["completed"] = 3, ["total"] = 10 }));

        var frame = await stream.NextAsync();
        Assert.Null(frame.Id);
        Assert.Equal("TwinLab.Experiment.Progress", frame.Event);
        Assert.Equal("exp-1-4", frame.Json.GetProperty("id").GetString());
        Assert.Equal("experiments/exp-1", frame.Json.GetProperty("subject").GetString());
        Assert.Equal(3, frame.Json.GetProperty("data").GetProperty("completed").GetInt32());
        Assert.False(frame.Json.TryGetProperty("sequence", out _));
    }

    [Fact]
    public async Task Disconnect_Unsubscribes()
    {
        var client = _factory.CreateClient();
        var hub = _factory.Services.GetRequiredService<EventHub>();
        var stream = await SseStream.OpenAsync(client);
        Assert.Equal(1, hub.SubscriberCount);
        await stream.DisposeAsync();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (hub.SubscriberCount > 0 && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.Equal(0, hub.SubscriberCount);
    }

    [Fact]
    public async Task Branches_MainOnlyByDefault_BranchEventsCarryTheirBranch()
    {
        var client = await _factory.WithRoomModel();
        await client.PostAsync(Url("/branches"), Json("""{"name":"what-if"}""")).Ok();
        await using var main = await SseStream.OpenAsync(client, "?type=twin");
        await using var branch = await SseStream.OpenAsync(client, "?branch=what-if&type=twin");
        await using var all = await SseStream.OpenAsync(client, "?branch=*&type=twin");
        await client.PutAsync(Url("/digitaltwins/x?branch=what-if"), Json(Room(1))).Ok();
        await client.PutAsync(Url("/digitaltwins/y"), Json(Room(2))).Ok();

        var onBranch = (await branch.NextAsync()).Json;
        Assert.Equal("what-if", onBranch.GetProperty("branch").GetString());
        Assert.Equal("x", onBranch.GetProperty("subject").GetString());
        var onMain = (await main.NextAsync()).Json;
        Assert.Equal("y", onMain.GetProperty("subject").GetString());
        Assert.Equal("main", onMain.GetProperty("branch").GetString());
        Assert.Equal(["x", "y"], (await all.TakeAsync(2)).Select(f => f.Json.GetProperty("subject").GetString()));

        // Resuming a branch stream replays the branch's events from its fork.
        await using var resumed = await SseStream.OpenAsync(client, "?branch=what-if", lastEventId: "0");
        var replayed = (await resumed.NextAsync()).Json;
        Assert.Equal("x", replayed.GetProperty("subject").GetString());
        Assert.Equal("what-if", replayed.GetProperty("branch").GetString());
    }

    [Fact]
    public async Task RouteFilter_Expression_FiltersTheStreamAndBadOnesAreRejected()
    {
        var client = await _factory.WithRoomModel();
        await using var stream = await SseStream.OpenAsync(client,
            "?filter=" + Uri.EscapeDataString("type = 'Microsoft.DigitalTwins.Twin.Create' AND STARTS_WITH(subject, 'hot')"));
        await client.PutAsync(Url("/digitaltwins/cold1"), Json(Room(5))).Ok();
        await client.PutAsync(Url("/digitaltwins/hot1"), Json(Room(30))).Ok();
        Assert.Equal("hot1", (await stream.NextAsync()).Json.GetProperty("subject").GetString());

        await AssertError(await client.GetAsync(Url("/events?filter=" + Uri.EscapeDataString("type = "))), HttpStatusCode.BadRequest, "InvalidArgument");
        await AssertError(await client.GetAsync(Url("/events?filter=")), HttpStatusCode.BadRequest, "InvalidArgument");
    }

    [Fact]
    public async Task Heartbeat_IdleStream_SendsKeepAliveComments()
    {
        using var factory = _factory.WithWebHostBuilder(b => b.UseSetting("TwinLab:EventHeartbeatSeconds", "0.1"));
        await using var stream = await SseStream.OpenAsync(factory.CreateClient());
        var frame = await stream.NextAsync(comments: true, seconds: 5);
        Assert.Equal(["keep-alive"], frame.Comments);
    }
}
