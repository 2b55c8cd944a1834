using System.Text;
using System.Text.Json;
using TwinLab.Core.Twins;
using TwinLab.Server.Events;

namespace TwinLab.Server.Tests;

public sealed class EventStreamTests
{
    private static TwinLabEvent Graph(long seq) =>
        new(seq.ToString(), TwinLabEventTypes.TwinCreate, "localhost", $"t{seq}", DateTimeOffset.UnixEpoch, null) { Sequence = seq, Branch = "main" };

    [Fact]
    public async Task RunAsync_LaggingSubscriber_GetsQueuedEventsThenAnErrorEvent()
    {
        var hub = new EventHub { SubscriberCapacity = 2 };
        using var subscription = hub.Subscribe(_ => true);
        for (var i = 1; i <= 3; i++) hub.Publish(Graph(i));
        Assert.Equal(0, hub.SubscriberCount);

        using var body = new MemoryStream();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await ServerSentEvents.RunAsync(body, subscription.Reader, [], 0, TimeSpan.FromSeconds(30), cts.Token);

        var text = Encoding.UTF8.GetString(body.ToArray());
        var frames = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, frames.Length);
        Assert.StartsWith("id: 1\nevent: Microsoft.DigitalTwins.Twin.Create\ndata: {", frames[0]);
        Assert.StartsWith("id: 2\n", frames[1]);
        Assert.StartsWith("event: error\ndata: ", frames[2]);
        using var error = JsonDocument.Parse(frames[2]["event: error\ndata: ".Length..]);
        Assert.Equal("SubscriberLagged", error.RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task RunAsync_AfterReplay_SkipsLiveEventsTheReplayCovered()
    {
        var hub = new EventHub();
        var subscription = hub.Subscribe(_ => true);
        foreach (var seq in new long[] { 2, 3, 4 }) hub.Publish(Graph(seq));
        subscription.Dispose();

        using var body = new MemoryStream();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await ServerSentEvents.RunAsync(body, subscription.Reader, [Graph(1), Graph(2), Graph(3)], 3, TimeSpan.FromSeconds(30), cts.Token);

        var ids = Encoding.UTF8.GetString(body.ToArray()).Split('\n').Where(l => l.StartsWith("id: ")).Select(l => l[4..]);
        Assert.Equal(["1", "2", "3", "4"], ids);
    }

    [Fact]
    public async Task CloudEventJson_IsOneLineWithExtensionAttributes()
    {
        var e = Graph(7) with { Data = new System.Text.Json.Nodes.JsonObject { ["note"] = "line\nbreak" }, TraceParent = "00-abc-def-01", DataSchema = "dtmi:x;1" };
        using var body = new MemoryStream();
        await ServerSentEvents.WriteEventAsync(body, e, CancellationToken.None);
        var lines = Encoding.UTF8.GetString(body.ToArray()).Split('\n');
        Assert.Equal(["id: 7", "event: Microsoft.DigitalTwins.Twin.Create"], lines[..2]);
        using var json = JsonDocument.Parse(lines[2]["data: ".Length..]);
        var root = json.RootElement;
        Assert.Equal("1.0", root.GetProperty("specversion").GetString());
        Assert.Equal("main", root.GetProperty("branch").GetString());
        Assert.Equal(7, root.GetProperty("sequence").GetInt64());
        Assert.Equal("00-abc-def-01", root.GetProperty("traceparent").GetString());
        Assert.Equal("dtmi:x;1", root.GetProperty("dataschema").GetString());
        Assert.Equal("line\nbreak", root.GetProperty("data").GetProperty("note").GetString());
        Assert.Equal(["", ""], lines[3..]);
    }

    [Fact]
    public void TwinPatch_EscapesPointersAndAddsAndRemovesComponents()
    {
        JsonElement V(string json) => JsonDocument.Parse(json).RootElement.Clone();
        var time = DateTimeOffset.UnixEpoch;
        var before = new Twin
        {
            Id = "t", ModelId = "dtmi:a;1", ETag = "W/\"1\"", LastUpdateTime = time,
            Properties = SmallMap<TwinProperty>.Empty.SetItem("a/b", new TwinProperty(V("1"), time)),
            Components = SmallMap<TwinComponent>.Empty.SetItem("old", new TwinComponent(SmallMap<TwinProperty>.Empty, time)),
        };
        var after = before with
        {
            ModelId = "dtmi:a;2",
            Properties = SmallMap<TwinProperty>.Empty.SetItem("a/b", new TwinProperty(V("1"), time.AddDays(1))).SetItem("m~n", new TwinProperty(V("[1,2]"), time)),
            Components = SmallMap<TwinComponent>.Empty.SetItem("new", new TwinComponent(SmallMap<TwinProperty>.Empty.SetItem("x", new TwinProperty(V("true"), time)), time)),
        };
        Assert.Equal(
            """[{"op":"replace","path":"/$metadata/$model","value":"dtmi:a;2"},{"op":"add","path":"/m~0n","value":[1,2]},{"op":"add","path":"/new","value":{"x":true,"$metadata":{}}},{"op":"remove","path":"/old"}]""",
            TwinPatch.Between(before, after).ToJsonString());
    }
}
