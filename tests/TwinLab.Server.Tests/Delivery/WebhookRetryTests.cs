using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using TwinLab.Server.Events;
using TwinLab.Server.Routing.Delivery;
using TwinLab.Sync.DeadLetters;

namespace TwinLab.Server.Tests.Delivery;

/// <summary>
/// Retries, backoff and dead letters against a real receiver, with the delivery clock a <see cref="FakeTimeProvider"/>:
/// minutes of backoff pass in milliseconds, and every wait can be checked.
/// </summary>
public sealed class WebhookRetryTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 8, 0, 0, TimeSpan.Zero);

    private static async Task Eventually(Func<bool> condition, string what, double seconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException($"timed out waiting for {what}");
            await Task.Delay(10);
        }
    }

    /// <summary>Waits until the route's head event failed <paramref name="attempts"/> times and waits for its next attempt.</summary>
    private static async Task<RouteDeliveryState> FailedTimes(DeliveryHarness h, string route, int attempts)
    {
        RouteDeliveryState? state = null;
        await Eventually(() => (state = h.States.Find(route)) is { NextAttempt: not null } s && s.Attempts >= attempts, $"{route} to fail {attempts} times");
        return state!;
    }

    /// <summary>Moves the clock to the route's next attempt and wakes the workers.</summary>
    private static void AdvanceToNextAttempt(DeliveryHarness h, FakeTimeProvider time, RouteDeliveryState state)
    {
        var wait = state.NextAttempt!.Value - time.GetUtcNow();
        if (wait > TimeSpan.Zero) time.Advance(wait);
        h.Delivery.WakeAll();
    }

    [Fact]
    public async Task WebhookDownForMinutes_BacksOffExponentially_ThenDeliversEverythingInOrder()
    {
        var time = new FakeTimeProvider(Start);
        await using var h = await DeliveryHarness.StartAsync(time);
        h.ImportModels();
        await using var receiver = await WebhookReceiver.StartNewAsync();
        await receiver.StopAsync();
        h.Webhook("hook", receiver.Url);
        h.Routes.Put("all", "hook", "true");
        for (var i = 0; i < 5; i++) h.CreateSensor($"s-{i}", i);
        for (var i = 0; i < 5; i++) h.Patch($"s-{i}", $$"""[{"op":"replace","path":"/level","value":{{10 + i}}}]""");
        var expected = h.Service.History(new(AfterSequence: h.States.Find("all")!.Sequence)).Select(e => e.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(10, expected.Count);

        // Down for over ten minutes: each wait is about twice the last (±20% jitter), never above 5 minutes.
        var waits = new List<TimeSpan>();
        var state = await FailedTimes(h, "all", 1);
        Assert.Contains("Connection refused", state.LastError);
        while (time.GetUtcNow() - Start < TimeSpan.FromMinutes(12))
        {
            waits.Add(state.NextAttempt!.Value - time.GetUtcNow());
            AdvanceToNextAttempt(h, time, state);
            state = await FailedTimes(h, "all", state.Attempts + 1);
        }
        Assert.Empty(receiver.All);
        for (var i = 0; i < waits.Count; i++)
        {
            var nominal = Math.Min(300, Math.Pow(2, i));
            Assert.InRange(waits[i].TotalSeconds, nominal * 0.8 - 0.001, Math.Min(300, nominal * 1.2) + 0.001);
        }
        Assert.True(waits.Count >= 10, $"only {waits.Count} attempts in 12 minutes");
        Assert.Equal(expected[0], state.Retrying);

        // Back up: the next attempt delivers, and the backlog follows at once, in order, each event once.
        await receiver.StartAsync();
        AdvanceToNextAttempt(h, time, state);
        var got = await receiver.WaitForAsync(r => r.Count >= 10);
        Assert.Equal(expected, got.Select(r => r.CeId));
        // The state is saved just after the receiver answered.
        await Eventually(() => h.States.Find("all")!.Delivered == 10, "the delivered count");
        state = h.States.Find("all")!;
        Assert.Equal((10L, 0L, 0, null), (state.Delivered, state.DeadLettered, state.Attempts, state.NextAttempt));
        Assert.Empty(h.DeadLetters.List());
    }

    [Fact]
    public async Task RefusedEvent_IsDeadLetteredAtOnce_WithTheStatus_OthersStillDelivered()
    {
        var time = new FakeTimeProvider(Start);
        await using var h = await DeliveryHarness.StartAsync(time);
        h.ImportModels();
        await using var receiver = await WebhookReceiver.StartNewAsync();
        receiver.Respond = r => r.Json.GetProperty("subject").GetString() == "bad-1" ? (422, null) : (200, null);
        h.Webhook("hook", receiver.Url);
        h.Routes.Put("all", "hook", "true");
        h.CreateSensor("ok-1", 1);
        h.CreateSensor("bad-1", 2);
        h.CreateSensor("ok-2", 3);

        var got = await receiver.WaitForAsync(r => r.Count >= 2);
        Assert.Equal(["ok-1", "ok-2"], got.Select(r => r.Json.GetProperty("subject").GetString()));
        await Eventually(() => h.States.Find("all") is { DeadLettered: 1, Delivered: 2 }, "the counts");
        var letter = Assert.Single(h.DeadLetters.List("all"));
        Assert.Equal(DeadLetterStore.Route, letter.Kind);
        Assert.Contains("answered 422", letter.Reason);
        Assert.Contains("not retried", letter.Reason);
        Assert.Equal(1, letter.Attempts);
        Assert.Equal("hook", letter.Topic);
        Assert.StartsWith("event ", letter.Position);
        Assert.Equal("bad-1", JsonDocument.Parse(letter.Payload).RootElement.GetProperty("subject").GetString());
    }

    [Fact]
    public async Task FailingEvent_IsDeadLetteredAfterMaxAttempts_WithTheLastStatus()
    {
        var time = new FakeTimeProvider(Start);
        await using var h = await DeliveryHarness.StartAsync(time);
        h.ImportModels();
        await using var receiver = await WebhookReceiver.StartNewAsync();
        receiver.Respond = r => r.Json.GetProperty("subject").GetString() == "x-1" ? (503, null) : (200, null);
        h.Webhook("hook", receiver.Url, RetryPolicy.Default with { MaxAttempts = 3 });
        h.Routes.Put("all", "hook", "true");
        h.CreateSensor("x-1", 1);
        h.CreateSensor("x-2", 2);

        var state = await FailedTimes(h, "all", 1);
        AdvanceToNextAttempt(h, time, state);
        state = await FailedTimes(h, "all", 2);
        AdvanceToNextAttempt(h, time, state);
        var got = await receiver.WaitForAsync(r => r.Count >= 1);
        Assert.Equal("x-2", Assert.Single(got).Json.GetProperty("subject").GetString());
        Assert.Equal(3, receiver.All.Count(r => r.Json.GetProperty("subject").GetString() == "x-1"));
        var letter = Assert.Single(h.DeadLetters.List("all"));
        Assert.Contains("answered 503", letter.Reason);
        Assert.Contains("gave up after 3 attempts", letter.Reason);
        Assert.Equal(3, letter.Attempts);
    }

    [Fact]
    public async Task EndpointDownPastMaxAge_DeadLettersTheOldEvents_DeliversTheNewOnes()
    {
        var time = new FakeTimeProvider(Start);
        await using var h = await DeliveryHarness.StartAsync(time);
        h.ImportModels();
        await using var receiver = await WebhookReceiver.StartNewAsync();
        await receiver.StopAsync();
        h.Webhook("hook", receiver.Url, RetryPolicy.Default with { MaxAgeSeconds = 600 });
        h.Routes.Put("all", "hook", "true");
        h.CreateSensor("old-1", 1);
        h.CreateSensor("old-2", 2);

        await FailedTimes(h, "all", 1);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (h.DeadLetters.Count("all") < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, "the old events were not dead-lettered");
            if (h.States.Find("all") is { NextAttempt: { } at } && at > time.GetUtcNow()) time.Advance(at - time.GetUtcNow());
            h.Delivery.WakeAll();
            await Task.Delay(10);
        }
        Assert.True(time.GetUtcNow() - Start >= TimeSpan.FromMinutes(10));
        var letters = h.DeadLetters.List("all");
        Assert.All(letters, l => Assert.Contains("min old (retry policy: at most 10 min old)", l.Reason));
        Assert.All(letters, l => Assert.Contains("Connection refused", l.Reason));

        await receiver.StartAsync();
        h.CreateSensor("new-1", 3);
        var got = await receiver.WaitForAsync(r => r.Count >= 1);
        Assert.Equal("new-1", Assert.Single(got).Json.GetProperty("subject").GetString());
    }

    [Fact]
    public async Task TooManyRequests_RetryAfterIsHonoured()
    {
        var time = new FakeTimeProvider(Start);
        await using var h = await DeliveryHarness.StartAsync(time);
        h.ImportModels();
        await using var receiver = await WebhookReceiver.StartNewAsync();
        var calls = 0;
        receiver.Respond = _ => Interlocked.Increment(ref calls) == 1 ? (429, new Dictionary<string, string> { ["Retry-After"] = "120" }) : (200, null);
        h.Webhook("hook", receiver.Url);
        h.Routes.Put("all", "hook", "true");
        h.CreateSensor("s-1", 1);

        var state = await FailedTimes(h, "all", 1);
        Assert.Equal(TimeSpan.FromSeconds(120), state.NextAttempt!.Value - state.LastErrorTime!.Value);
        Assert.Contains("answered 429", state.LastError);
        time.Advance(TimeSpan.FromSeconds(119));
        h.Delivery.WakeAll();
        await Task.Delay(100);
        Assert.Empty(receiver.Delivered());
        time.Advance(TimeSpan.FromSeconds(1));
        h.Delivery.WakeAll();
        Assert.Equal(TwinLabEventTypes.TwinCreate, Assert.Single(await receiver.WaitForAsync(r => r.Count >= 1)).Headers["ce-type"]);
    }

    [Fact]
    public async Task Restart_WithAFailingBacklog_DeliversEveryEventAfterwards_NothingTwice()
    {
        await using var h = await DeliveryHarness.StartAsync();
        h.ImportModels();
        await using var receiver = await WebhookReceiver.StartNewAsync();
        h.Webhook("hook", receiver.Url, RetryPolicy.Default with { InitialBackoffSeconds = 0.05, MaxBackoffSeconds = 0.2 });
        h.Routes.Put("all", "hook", "true");
        for (var i = 0; i < 3; i++) h.CreateSensor($"s-{i}", i);
        await receiver.WaitForAsync(r => r.Count >= 3);

        await receiver.StopAsync();
        for (var i = 3; i < 6; i++) h.CreateSensor($"s-{i}", i);
        await FailedTimes(h, "all", 2);
        await h.RestartAsync();
        await receiver.StartAsync();
        for (var i = 6; i < 8; i++) h.CreateSensor($"s-{i}", i);

        var got = await receiver.WaitForAsync(r => r.Count >= 8);
        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"s-{i}"), got.Select(r => r.Json.GetProperty("subject").GetString()));
        Assert.Equal(8, got.Select(r => r.CeId).Distinct().Count());
    }

    [Fact]
    public async Task RouteAddedWhileAReconcileRuns_KeepsItsStart_AndGetsItsFirstEvents()
    {
        await using var h = await DeliveryHarness.StartAsync();
        h.ImportModels();
        await using var receiver = await WebhookReceiver.StartNewAsync();
        h.Webhook("hook", receiver.Url);
        // The route arrives after this reconcile read the routes (it starts no worker for it) and before it forgets the
        // states of routes that are gone: the route's fresh state must survive, so its first events are delivered.
        h.Delivery.BeforeForgetting = () =>
        {
            h.Delivery.BeforeForgetting = null;
            h.Routes.Put("late", "hook", "true");
        };
        await h.Delivery.ReconcileAsync(CancellationToken.None);
        Assert.NotNull(h.States.Find("late"));
        for (var i = 0; i < 3; i++) h.CreateSensor($"s-{i}", i);
        var got = await receiver.WaitForAsync(r => r.Count >= 3);
        Assert.Equal(["s-0", "s-1", "s-2"], got.Select(r => r.Json.GetProperty("subject").GetString()));
    }

    [Fact]
    public async Task DownEndpoint_DoesNotHoldUpAnotherEndpoint()
    {
        var time = new FakeTimeProvider(Start);
        await using var h = await DeliveryHarness.StartAsync(time);
        h.ImportModels();
        await using var down = await WebhookReceiver.StartNewAsync();
        await down.StopAsync();
        await using var up = await WebhookReceiver.StartNewAsync();
        h.Webhook("down-hook", down.Url);
        h.Webhook("up-hook", up.Url);
        h.Routes.Put("to-down", "down-hook", "true");
        h.Routes.Put("to-up", "up-hook", "true");
        for (var i = 0; i < 20; i++) h.CreateSensor($"s-{i}", i);
        var got = await up.WaitForAsync(r => r.Count >= 20);
        Assert.Equal(20, got.Count);
        var stuck = await FailedTimes(h, "to-down", 1);
        Assert.Equal(0, stuck.Delivered);
    }
}
