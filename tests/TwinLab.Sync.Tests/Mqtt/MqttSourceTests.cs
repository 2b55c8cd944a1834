using System.Text;
using TwinLab.Sync.Mqtt;

namespace TwinLab.Sync.Tests.Mqtt;

/// <summary><see cref="MqttSource"/> against a real Mosquitto, with a sink that records what it is handed.</summary>
public sealed class MqttSourceTests
{
    private static MqttSourceOptions Options(MqttAddress address, string root, string? clientId = null) => new()
    {
        Address = address,
        Topics = [root + "/#"],
        ClientId = clientId ?? "twinlab-test-" + Guid.NewGuid().ToString("N")[..12],
        ReconnectMinDelay = TimeSpan.FromMilliseconds(100),
        ReconnectMaxDelay = TimeSpan.FromSeconds(1),
        DrainTimeout = TimeSpan.FromSeconds(2),
        // Tests end their sessions quickly so the shared broker does not keep them for a day.
        SessionExpiry = TimeSpan.FromMinutes(5),
    };

    [SkippableFact]
    public async Task Message_IsHandedOver_WithSourceTopicPositionKeyAndReceivedTime()
    {
        var address = Mosquitto.Shared();
        var root = Mosquitto.UniqueTopicRoot("handover");
        var sink = new RecordingSink();
        await using var source = new MqttSource(Options(address, root), "plant", sink);
        await source.StartAsync();
        Assert.Equal(MqttSourceState.Connected, source.State);
        var before = DateTimeOffset.UtcNow;

        await using (var publisher = await TestPublisher.ConnectAsync(address))
        {
            await publisher.PublishAsync($"{root}/press-4/telemetry", """{"t":21.5}""", messageId: "m-1");
            await publisher.PublishAsync($"{root}/press-5/telemetry", """{"t":22}""");
        }
        await RecordingSink.WaitForAsync(() => sink.Received.Count == 2, "two messages");

        var first = sink.Received[0];
        Assert.Equal("plant", first.Source);
        Assert.Equal($"{root}/press-4/telemetry", first.Topic);
        Assert.Equal($"topic {root}/press-4/telemetry", first.Position);
        Assert.Equal("""{"t":21.5}""", Encoding.UTF8.GetString(first.Payload.Span));
        Assert.Equal("m-1", first.Key);
        Assert.InRange(first.Received, before.AddSeconds(-1), DateTimeOffset.UtcNow);
        Assert.Null(sink.Received[1].Key);
        await RecordingSink.WaitForAsync(() => source.Counters.Acknowledged == 2, "two acknowledgements");
        Assert.Equal(0, source.Counters.InFlight);
        Assert.Equal(2, source.Counters.Received);
    }

    [SkippableFact]
    public async Task UnacknowledgedMessage_IsDeliveredAgain_AfterReconnect_AndAcknowledgedOneIsNot()
    {
        // The PUBACK goes out only from InboundMessage.Acknowledge: a message the sink never acknowledged must come back.
        var address = Mosquitto.Shared();
        var root = Mosquitto.UniqueTopicRoot("redeliver");
        var options = Options(address, root) with { DrainTimeout = TimeSpan.FromMilliseconds(200) };
        var holding = new RecordingSink(acknowledgeAtOnce: false);
        await using (var source = new MqttSource(options, "plant", holding))
        {
            await source.StartAsync();
            await using var publisher = await TestPublisher.ConnectAsync(address);
            await publisher.PublishAsync($"{root}/a", """{"n":1}""");
            await publisher.PublishAsync($"{root}/b", """{"n":2}""");
            await RecordingSink.WaitForAsync(() => holding.Received.Count == 2, "two messages");
            Assert.Equal(2, source.Counters.InFlight);
            await source.StopAsync(); // drain times out: nothing was acknowledged
            Assert.Equal(MqttSourceState.Stopped, source.State);
        }

        var acknowledging = new RecordingSink();
        await using (var again = new MqttSource(options, "plant", acknowledging))
        {
            await again.StartAsync();
            Assert.True(again.Counters.SessionPresent);
            await RecordingSink.WaitForAsync(() => acknowledging.Received.Count == 2, "both messages delivered again");
            Assert.Equal(["""{"n":1}""", """{"n":2}"""], acknowledging.Payloads);
            await RecordingSink.WaitForAsync(() => again.Counters.Acknowledged == 2, "acknowledgements");
        }

        var third = new RecordingSink();
        await using (var once = new MqttSource(options, "plant", third))
        {
            await once.StartAsync();
            await using var publisher = await TestPublisher.ConnectAsync(address);
            await publisher.PublishAsync($"{root}/c", """{"n":3}""");
            await RecordingSink.WaitForAsync(() => third.Received.Count >= 1, "the new message");
            await Task.Delay(300); // anything redelivered would have arrived before the new message
            Assert.Equal(["""{"n":3}"""], third.Payloads);
            await once.StopAsync();
        }
        await EndSessionAsync(options);
    }

    [SkippableFact]
    public async Task StoppedSource_ReceivesWhatWasPublishedWhileStopped()
    {
        var address = Mosquitto.Shared();
        var root = Mosquitto.UniqueTopicRoot("stopped");
        var options = Options(address, root);
        var sink = new RecordingSink();
        await using var source = new MqttSource(options, "plant", sink);
        await source.StartAsync();
        await source.StopAsync();
        Assert.Equal(MqttSourceState.Stopped, source.State);

        await using (var publisher = await TestPublisher.ConnectAsync(address))
            for (var i = 0; i < 20; i++) await publisher.PublishAsync($"{root}/x", $$"""{"n":{{i}}}""");
        Assert.Empty(sink.Received);

        await source.StartAsync();
        await RecordingSink.WaitForAsync(() => sink.Received.Count == 20, "the 20 queued messages");
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $$"""{"n":{{i}}}"""), sink.Payloads);
        Assert.True(source.Counters.SessionPresent);
        Assert.Equal(1, source.Counters.Reconnects);
        await source.StopAsync();
        await EndSessionAsync(options);
    }

    [SkippableFact]
    public async Task Pause_DisconnectsKeepingTheSession_AndResumeDeliversWhatCameMeanwhile()
    {
        var address = Mosquitto.Shared();
        var root = Mosquitto.UniqueTopicRoot("pause");
        var options = Options(address, root);
        var sink = new RecordingSink();
        var states = new List<MqttSourceState>();
        await using var source = new MqttSource(options, "plant", sink);
        source.StateChanged += (_, s) =>
        {
            lock (states) states.Add(s);
        };
        await source.ResumeAsync(); // not paused: nothing happens
        Assert.Equal(MqttSourceState.Stopped, source.State);
        await source.StartAsync();
        await using var publisher = await TestPublisher.ConnectAsync(address);
        await publisher.PublishAsync($"{root}/x", """{"n":0}""");
        await RecordingSink.WaitForAsync(() => sink.Received.Count == 1, "the first message");

        await source.PauseAsync();
        Assert.Equal(MqttSourceState.Paused, source.State);
        await publisher.PublishAsync($"{root}/x", """{"n":1}""");
        await publisher.PublishAsync($"{root}/x", """{"n":2}""");
        await Task.Delay(300);
        Assert.Single(sink.Received);

        await source.ResumeAsync();
        Assert.Equal(MqttSourceState.Connected, source.State);
        await RecordingSink.WaitForAsync(() => sink.Received.Count == 3, "the messages published while paused");
        Assert.Equal(["""{"n":0}""", """{"n":1}""", """{"n":2}"""], sink.Payloads);
        lock (states)
            Assert.Equal([MqttSourceState.Connecting, MqttSourceState.Connected, MqttSourceState.Paused, MqttSourceState.Connecting,
                MqttSourceState.Connected], states);
        await source.StopAsync();
        await EndSessionAsync(options);
    }

    [SkippableFact]
    public async Task BrokerDown_AtStart_IsRetriedWithBackoff_AndConnectsWhenItComesUp()
    {
        await using var broker = await Mosquitto.StartPrivateAsync();
        await broker.StopAsync();
        var root = Mosquitto.UniqueTopicRoot("down");
        var sink = new RecordingSink();
        await using var source = new MqttSource(Options(broker.Address, root), "plant", sink);

        await source.StartAsync();
        Assert.NotEqual(MqttSourceState.Connected, source.State);
        await RecordingSink.WaitForAsync(() => source.Counters.Errors >= 2, "a second failed attempt");
        var counters = source.Counters;
        Assert.Contains($"cannot connect to {broker.Address}", counters.LastError);
        Assert.NotNull(counters.LastErrorTime);
        Assert.Equal(0, counters.Connects);

        await broker.StartAgainAsync();
        await RecordingSink.WaitForAsync(() => source.State == MqttSourceState.Connected, "the connection", seconds: 20);
        await using var publisher = await TestPublisher.ConnectAsync(broker.Address);
        await publisher.PublishAsync($"{root}/x", """{"n":1}""");
        await RecordingSink.WaitForAsync(() => sink.Received.Count == 1, "the message");
    }

    [SkippableFact]
    public async Task MissingPasswordVariable_IsReportedAsTheLastError_NamingTheVariable()
    {
        var address = Mosquitto.Shared();
        var sink = new RecordingSink();
        var variable = "TWINLAB_TEST_UNSET_" + Guid.NewGuid().ToString("N")[..8];
        var options = Options(address with { UserName = "ingest" }, Mosquitto.UniqueTopicRoot("nopass")) with { PasswordVariable = variable };
        await using var source = new MqttSource(options, "plant", sink);

        await source.StartAsync();

        Assert.Equal(MqttSourceState.Disconnected, source.State);
        Assert.Contains($"the password variable {variable} (passwordEnv) is not set", source.Counters.LastError);
    }

    [SkippableFact]
    public async Task Qos0_MessagesAreHandedOverWithoutPuback()
    {
        var address = Mosquitto.Shared();
        var root = Mosquitto.UniqueTopicRoot("qos0");
        var sink = new RecordingSink();
        await using var source = new MqttSource(Options(address, root) with { QualityOfService = 0 }, "plant", sink);
        await source.StartAsync();

        await using (var publisher = await TestPublisher.ConnectAsync(address))
            for (var i = 0; i < 5; i++) await publisher.PublishAsync($"{root}/x", $$"""{"n":{{i}}}""");

        await RecordingSink.WaitForAsync(() => sink.Received.Count == 5, "five messages");
        Assert.Equal(5, source.Counters.Acknowledged);
        Assert.Equal(0, source.Counters.InFlight);
    }

    /// <summary>Connects once with clean start and a zero session expiry so the shared broker forgets the test's session.</summary>
    private static async Task EndSessionAsync(MqttSourceOptions options)
    {
        await using var cleaner = new MqttSource(options with { CleanStart = true, SessionExpiry = TimeSpan.Zero }, "cleanup", new RecordingSink());
        await cleaner.StartAsync();
        await cleaner.StopAsync();
    }
}
