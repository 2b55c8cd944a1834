using System.Text.Json;
using System.Text.Json.Nodes;
using TwinLab.Core.History;
using TwinLab.Core.Twins;
using TwinLab.Server.Events;
using TwinLab.Server.Routing.Delivery;

namespace TwinLab.Server.Tests.Delivery;

public sealed class OutboxAndFeedTests
{
    private static TwinLabEvent Drift(string id, string twin) =>
        new(id, "TwinLab.Twin.Drift", "twins.test", twin, new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero),
            new JsonObject { ["telemetry"] = "reading", ["statistic"] = 5.2 }) { TwinId = twin };

    private static async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException($"timed out waiting for {what}");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task OutboxEvents_AreDeliveredToMatchingRoutes_SurviveARestart_AndAreDeletedOncePassed()
    {
        await using var h = await DeliveryHarness.StartAsync();
        h.ImportModels();
        await using var receiver = await WebhookReceiver.StartNewAsync();
        await receiver.StopAsync();
        h.Webhook("hook", receiver.Url, RetryPolicy.Default with { InitialBackoffSeconds = 0.05, MaxBackoffSeconds = 0.2 });
        h.Routes.Put("drift", "hook", "type = 'TwinLab.Twin.Drift' AND STARTS_WITH(subject, 'p-')");
        h.CreateSensor("p-1", 1);
        h.Outbox.Enqueue(Drift("drift-1", "p-1"));
        h.Outbox.Enqueue(Drift("drift-2", "other"));
        h.Outbox.Enqueue(Drift("drift-3", "p-2"));
        Assert.Equal(3, h.Outbox.CountAfter(""));
        await Eventually(() => h.States.Find("drift") is { Attempts: >= 1 }, "a failed attempt");

        // Stored before Enqueue returned: a restart loses none of them.
        await h.RestartAsync();
        await receiver.StartAsync();
        var got = await receiver.WaitForAsync(r => r.Count >= 2);
        Assert.Equal(["drift-1", "drift-3"], got.Select(r => r.CeId));
        Assert.Equal("p-1", got[0].Json.GetProperty("subject").GetString());
        Assert.Equal(5.2, got[0].Json.GetProperty("data").GetProperty("statistic").GetDouble());
        await Eventually(() => h.Outbox.CountAfter("") == 0, "the outbox to be emptied");
        Assert.Throws<ArgumentException>(() => h.Outbox.Enqueue(Drift("", "p-1")));
    }

    [Fact]
    public async Task RouteMadeByAnotherProcess_IsPickedUpWithinAPoll()
    {
        await using var h = await DeliveryHarness.StartAsync();
        h.ImportModels();
        await using var receiver = await WebhookReceiver.StartNewAsync();
        // Another process (twinlab routes add, a second server) writes the documents; this server's caches do not know.
        var elsewhere = new Routing.EventRouteStore(h.Service);
        new EndpointStore(h.Service.Store).Put(new EndpointDefinition("hook", EndpointTypes.Webhook) { Url = receiver.Url });
        elsewhere.Put("made-elsewhere", "hook", "true");
        await Eventually(() => h.States.Find("made-elsewhere") is not null && h.Delivery.ActiveRoutes.Contains("made-elsewhere"), "the route to be picked up");
        h.CreateSensor("s-1", 1);
        Assert.Equal("s-1", Assert.Single(await receiver.WaitForAsync(r => r.Count >= 1)).Json.GetProperty("subject").GetString());
        elsewhere.Delete("made-elsewhere");
        await Eventually(() => h.States.Find("made-elsewhere") is null && h.Delivery.ActiveRoutes.Count == 0, "the route to be dropped");
    }

    [Fact]
    public async Task Outbox_WithoutRoutes_KeepsNothing()
    {
        await using var h = await DeliveryHarness.StartAsync();
        h.Outbox.Enqueue(Drift("d-1", "p-1"));
        await h.Delivery.ReconcileAsync(CancellationToken.None);
        Assert.Equal(0, h.Outbox.CountAfter(""));
    }

    [Fact]
    public async Task Feed_AChangeWithSeveralEvents_ResumesInsideIt()
    {
        await using var h = await DeliveryHarness.StartAsync();
        h.ImportModels();
        h.CreateSensor("s-1", 1);
        h.CreateSensor("s-2", 2);
        var before = h.Service.LastSequence;
        // One change holding two twins' telemetry (as a merge or a batch may write): events SEQ and SEQ.1.
        var time = DateTimeOffset.UtcNow;
        var points = new[] { "s-1", "s-2" }.Select((id, i) => new TelemetryPoint(id, null, "reading", time, JsonDocument.Parse($"{i + 1}").RootElement.Clone())).ToList();
        h.Service.Store.Append(BranchInfo.Main, [new TelemetryAppended(points)], before + 1, WriteContext.Default, time);
        // Written past the service, as another process would: the feed reads up to what the service has caught up with.
        Assert.Equal(1, h.Service.CatchUp());
        var seq = (before + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

        var all = new EventLogFeed(h.Service, () => new EventOrigin("twins.test", null), before);
        var first = all.Next()!;
        var second = all.Next()!;
        Assert.Null(all.Next());
        Assert.Equal((seq, 0, false), (first.Event.Id, first.Index, first.LastOfSequence));
        Assert.Equal((seq + ".1", 1, true), (second.Event.Id, second.Index, second.LastOfSequence));
        Assert.Equal("s-2", second.Event.Subject);

        var resumed = new EventLogFeed(h.Service, () => new EventOrigin("twins.test", null), before, skipInNext: 1);
        Assert.Equal(seq + ".1", resumed.Next()!.Event.Id);
        Assert.Null(resumed.Next());
        Assert.Equal(before + 1, resumed.Position);
    }

    [Fact]
    public async Task Feed_SkipsOtherBranches_AndMovesItsPositionPastThem()
    {
        await using var h = await DeliveryHarness.StartAsync();
        h.ImportModels();
        var start = h.Service.LastSequence;
        h.Service.CreateBranch("what-if");
        h.Service.Write("what-if", WriteContext.Default, g => g.CreateOrReplaceTwin("b-1", JsonDocument.Parse(EventModels.SensorTwin(1)).RootElement.Clone()));
        h.CreateSensor("m-1", 1);
        h.Service.Write("what-if", WriteContext.Default, g => g.CreateOrReplaceTwin("b-2", JsonDocument.Parse(EventModels.SensorTwin(1)).RootElement.Clone()));
        var feed = new EventLogFeed(h.Service, () => new EventOrigin("twins.test", null), start);
        Assert.Equal("m-1", feed.Next()!.Event.Subject);
        Assert.Null(feed.Next());
        Assert.Equal(h.Service.LastSequence, feed.Position);
    }
}
