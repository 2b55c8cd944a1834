using TwinLab.Sync.Ingest;
using TwinLab.Sync.Mqtt;

namespace TwinLab.Sync.Tests.Mqtt;

/// <summary>MQTT to twin telemetry end to end: Mosquitto, <see cref="MqttSource"/>, <see cref="IngestPipeline"/> with a
/// mapping, and an SQLite twin.</summary>
public sealed class MqttIntakeTests
{
    private const string Source = "plant-mqtt";

    private static MqttSourceOptions Options(MqttAddress address, string root, string? clientId = null) => new()
    {
        Address = address,
        Topics = [root + "/#"],
        ClientId = clientId ?? "twinlab-test-" + Guid.NewGuid().ToString("N")[..12],
        ReconnectMinDelay = TimeSpan.FromMilliseconds(100),
        ReconnectMaxDelay = TimeSpan.FromSeconds(1),
        SessionExpiry = TimeSpan.FromMinutes(5),
    };

    [SkippableFact]
    public async Task PublishedTelemetry_BecomesTwinTelemetry_AndARepeatedMessageIsAppliedOnce()
    {
        var address = Mosquitto.Shared();
        var root = Mosquitto.UniqueTopicRoot("intake");
        await using var plant = SensorPlant.Create(Source, root, twins: 3);
        await using var source = new MqttSource(Options(address, root), Source, plant.Pipeline);
        await source.StartAsync();

        await using (var publisher = await TestPublisher.ConnectAsync(address))
        {
            for (var seq = 0; seq < 10; seq++)
                for (var twin = 0; twin < 3; twin++)
                    await publisher.PublishAsync($"{root}/{SensorPlant.TwinId(twin)}/telemetry", SensorPlant.Payload(seq, 20 + twin + seq / 10.0));
            // The device sends seq 4 of sensor-1 again (its own retry): same key, applied once.
            await publisher.PublishAsync($"{root}/sensor-1/telemetry", SensorPlant.Payload(4, 99));
        }
        await RecordingSink.WaitForAsync(() => plant.Pipeline.CountersOf(Source) is { Applied: 30, Duplicates: 1 }, "30 applied and 1 duplicate");

        for (var twin = 0; twin < 3; twin++)
            Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), plant.SequencesOf(SensorPlant.TwinId(twin)));
        var temperatures = plant.Service.ReadTelemetry("sensor-2", "temperature", DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
        Assert.Equal(22.9, temperatures[^1].Value.GetDouble(), 9);
        Assert.DoesNotContain(plant.Service.ReadTelemetry("sensor-1", "temperature", DateTimeOffset.MinValue, DateTimeOffset.MaxValue),
            p => p.Value.GetDouble() == 99);
        await RecordingSink.WaitForAsync(() => source.Counters.Acknowledged == 31, "every PUBACK");
        Assert.True(plant.Pipeline.CountersOf(Source).LatencyP99Ms > 0);
        Assert.Equal(0, plant.DeadLetters.Count());
    }

    [SkippableFact]
    public async Task PoisonMessages_AreDeadLetteredWithTheReason_AndAcknowledged_WhileTheStreamGoesOn()
    {
        var address = Mosquitto.Shared();
        var root = Mosquitto.UniqueTopicRoot("poison");
        await using var plant = SensorPlant.Create(Source, root, twins: 2);
        await using var source = new MqttSource(Options(address, root), Source, plant.Pipeline);
        await source.StartAsync();

        await using (var publisher = await TestPublisher.ConnectAsync(address))
        {
            await publisher.PublishAsync($"{root}/sensor-0/telemetry", SensorPlant.Payload(0, 20));
            await publisher.PublishAsync($"{root}/sensor-0/telemetry", "{\"seq\":1,\"t\":");            // not JSON
            await publisher.PublishAsync($"{root}/sensor-9/telemetry", SensorPlant.Payload(1, 20));    // no such twin
            await publisher.PublishAsync($"{root}/sensor-1/telemetry", """{"seq":1,"t":"hot"}""");      // not a double
            await publisher.PublishAsync($"{root}/sensor-1/status", """{"online":true}""");             // no rule
            for (var seq = 1; seq < 5; seq++)
                await publisher.PublishAsync($"{root}/sensor-0/telemetry", SensorPlant.Payload(seq, 20 + seq));
        }
        await RecordingSink.WaitForAsync(() => plant.Pipeline.CountersOf(Source) is { Applied: 5, DeadLettered: 4 }, "5 applied, 4 dead letters");

        Assert.Equal([0L, 1, 2, 3, 4], plant.SequencesOf("sensor-0"));
        Assert.Empty(plant.SequencesOf("sensor-1"));
        var letters = plant.DeadLetters.List(Source);
        Assert.Equal(4, letters.Count);
        Assert.All(letters, l => Assert.StartsWith("topic " + root, l.Position));
        Assert.Contains(letters, l => l.Reason.Contains("not valid JSON") && l.Payload == "{\"seq\":1,\"t\":");
        Assert.Contains(letters, l => l.Reason.Contains("sensor-9"));
        Assert.Contains(letters, l => l.Reason.Contains("temperature") && l.Topic == $"{root}/sensor-1/telemetry");
        Assert.Contains(letters, l => l.Reason.Contains("no rule matches topic") && l.Topic == $"{root}/sensor-1/status");
        // Dead-lettered messages are acknowledged too: the broker does not send them again.
        await RecordingSink.WaitForAsync(() => source.Counters.Acknowledged == 9, "every PUBACK");
    }

    [SkippableFact]
    public async Task MessagesPublishedWhileTwinLabIsDown_AreAppliedAfterItComesBack()
    {
        var address = Mosquitto.Shared();
        var root = Mosquitto.UniqueTopicRoot("down");
        var options = Options(address, root);
        await using var plant = SensorPlant.Create(Source, root, twins: 2);
        await using (var first = new MqttSource(options, Source, plant.Pipeline))
        {
            await first.StartAsync();
            await first.StopAsync();
        }

        await using (var publisher = await TestPublisher.ConnectAsync(address))
            for (var seq = 0; seq < 50; seq++)
                await publisher.PublishAsync($"{root}/sensor-{seq % 2}/telemetry", SensorPlant.Payload(seq / 2, seq));
        Assert.Equal(0, plant.Pipeline.CountersOf(Source).Applied);

        // A new process with the same connection (same client id) resumes the session the broker kept.
        await using var second = new MqttSource(options, Source, plant.Pipeline);
        await second.StartAsync();
        Assert.True(second.Counters.SessionPresent);
        await RecordingSink.WaitForAsync(() => plant.Pipeline.CountersOf(Source).Applied == 50, "the 50 queued messages");
        Assert.Equal(Enumerable.Range(0, 25).Select(i => (long)i), plant.SequencesOf("sensor-0"));
        Assert.Equal(Enumerable.Range(0, 25).Select(i => (long)i), plant.SequencesOf("sensor-1"));
        await second.StopAsync();
        await using var cleanup = new MqttSource(options with { CleanStart = true, SessionExpiry = TimeSpan.Zero }, "cleanup", new RecordingSink());
        await cleanup.StartAsync();
    }

    [SkippableFact]
    public async Task BrokerRestartedMidStream_EveryMessageThePublisherGotPubackFor_IsAppliedExactlyOnce()
    {
        // Mosquitto writes its persistence file on a clean shutdown (SIGTERM) and at autosave intervals only, so a SIGKILL
        // loses what it acknowledged since the last save; SIGTERM is the broker restart it survives without loss.
        await using var broker = await Mosquitto.StartPrivateAsync(persistence: true);
        var root = Mosquitto.UniqueTopicRoot("restart");
        const int twins = 10;
        const int perTwin = 200;
        await using var plant = SensorPlant.Create(Source, root, twins);
        await using var source = new MqttSource(Options(broker.Address, root), Source, plant.Pipeline);
        await source.StartAsync();

        var acknowledged = 0;
        var republished = 0;
        var restart = Task.CompletedTask;
        await using (var publisher = await TestPublisher.ConnectAsync(broker.Address))
        {
            for (var i = 0; i < twins * perTwin; i++)
            {
                if (i == twins * perTwin / 3) restart = RestartAsync(broker);
                var topic = $"{root}/{SensorPlant.TwinId(i % twins)}/telemetry";
                var payload = SensorPlant.Payload(i / twins, i);
                // At least once from the device's side: repeat until the broker acknowledges (through the restart).
                while (true)
                {
                    try
                    {
                        await publisher.PublishAsync(topic, payload);
                        break;
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        republished++;
                        await Task.Delay(50);
                        await publisher.TryReconnectAsync();
                    }
                }
                acknowledged++;
            }
        }
        await restart;
        Assert.Equal(twins * perTwin, acknowledged);
        Assert.True(republished > 0, "the publisher never noticed the restart: the broker was not restarted mid-stream");

        await RecordingSink.WaitForAsync(() => plant.Pipeline.CountersOf(Source).Applied == twins * perTwin,
            () => $"{twins * perTwin} applied (now {plant.Pipeline.CountersOf(Source)}; source {source.Counters})", seconds: 60);
        await plant.Pipeline.FlushAsync();
        for (var twin = 0; twin < twins; twin++)
        {
            var sequences = plant.SequencesOf(SensorPlant.TwinId(twin));
            Assert.Equal(perTwin, sequences.Count); // no duplicates
            Assert.Equal(Enumerable.Range(0, perTwin).Select(i => (long)i), sequences.Order()); // no gaps
        }
        Assert.True(source.Counters.Reconnects >= 1, $"the source did not reconnect: {source.Counters}");
        Assert.Equal(0, plant.DeadLetters.Count());
    }

    private static async Task RestartAsync(MosquittoBroker broker)
    {
        await broker.StopAsync(kill: false);
        await Task.Delay(500);
        await broker.StartAgainAsync();
    }
}
