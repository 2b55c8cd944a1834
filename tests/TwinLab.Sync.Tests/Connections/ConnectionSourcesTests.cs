using System.Globalization;
using TwinLab.Sync.Connections;
using TwinLab.Sync.Tests.Mqtt;

namespace TwinLab.Sync.Tests.Connections;

/// <summary>The manager with the real sources: an MQTT connection on Mosquitto, and a watched folder.</summary>
public sealed class ConnectionSourcesTests : IDisposable
{
    private readonly LiveTwin _twin = new();

    private static readonly ConnectionManagerOptions Fast = new() { PollInterval = TimeSpan.FromMilliseconds(100) };

    public void Dispose() => _twin.Dispose();

    [SkippableFact]
    public async Task MqttConnection_Runs_PausesWithTheSessionKept_AndResumesWithWhatTheBrokerQueued()
    {
        var address = Mosquitto.Shared();
        var root = Mosquitto.UniqueTopicRoot("connection");
        await using var manager = new ConnectionManager(_twin.Service, Fast);
        using var cliStore = _twin.OpenOther();
        var cli = new ConnectionStore(cliStore);
        cli.Add(new ConnectionDefinition("plant", ConnectionTypes.Mqtt, LiveTwin.Mapping, "readings.yaml")
        {
            Mqtt = new MqttSettings(address.ToString(), [root + "/#"], "twinlab-test-" + Guid.NewGuid().ToString("N")[..12]),
        });
        await manager.StartAsync();
        await LiveTwin.WaitForAsync(() => manager.StatusOf("plant") is { State: ConnectionStates.Running }, "the connection to subscribe");

        await using var publisher = await TestPublisher.ConnectAsync(address);
        for (var seq = 0; seq < 20; seq++)
            await publisher.PublishAsync($"{root}/in", LiveTwin.Reading(LiveTwin.TwinId(seq % 2), seq, 20 + seq / 10.0));
        await LiveTwin.WaitForAsync(() => manager.StatusOf("plant") is { Applied: 20 }, "20 applied");

        cli.Pause("plant");
        await LiveTwin.WaitForAsync(() => cli.StatusOf("plant") is { State: ConnectionStates.Paused }, "the pause");
        for (var seq = 20; seq < 30; seq++)
            await publisher.PublishAsync($"{root}/in", LiveTwin.Reading(LiveTwin.TwinId(seq % 2), seq, 20));
        cli.Resume("plant");
        await LiveTwin.WaitForAsync(() => manager.StatusOf("plant") is { Applied: 30 }, "the 10 queued while paused to arrive");

        var seqs = _twin.SequencesOf("sensor-0").Concat(_twin.SequencesOf("sensor-1")).Order();
        Assert.Equal(Enumerable.Range(0, 30).Select(i => (long)i), seqs);
        var status = cli.StatusOf("plant")!;
        Assert.Equal(0, status.DeadLettered);
        Assert.Equal(0, manager.DeadLetters.Count("plant"));
    }

    [SkippableFact]
    public async Task MqttConnection_ToABrokerThatIsDown_ShowsReconnectingWithTheError()
    {
        _ = Mosquitto.Shared();
        // A loopback port with nothing listening.
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        await using var manager = new ConnectionManager(_twin.Service, Fast);
        manager.Connections.Add(new ConnectionDefinition("down", ConnectionTypes.Mqtt, LiveTwin.Mapping, "readings.yaml")
        {
            Mqtt = new MqttSettings($"mqtt://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", ["x/#"], "twinlab-test-down"),
        });
        await manager.StartAsync();
        await LiveTwin.WaitForAsync(() => manager.StatusOf("down") is { State: ConnectionStates.Reconnecting, Errors: > 0, LastError: not null },
            "the refused connection to show");
    }

    [Fact]
    public async Task FolderConnection_ReadsNewFiles_IntoTheTwin()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_twin.Directory, "inbox")).FullName;
        await using var manager = new ConnectionManager(_twin.Service, Fast);
        manager.Connections.Add(new ConnectionDefinition("drop", ConnectionTypes.Folder, LiveTwin.Mapping, "readings.yaml")
        {
            Folder = new FolderSettings(folder, "*.ndjson", "done"),
        });
        await manager.StartAsync();
        var lines = Enumerable.Range(0, 10).Select(i => LiveTwin.Reading(LiveTwin.TwinId(i % 3), i, 20)).Append("""{"device":"sensor-0"}""");
        await File.WriteAllLinesAsync(Path.Combine(folder, "readings.ndjson"), lines);
        await LiveTwin.WaitForAsync(() => manager.StatusOf("drop") is { Applied: 10, DeadLettered: 1 }, "the file's rows");
        var seqs = Enumerable.Range(0, 3).SelectMany(i => _twin.SequencesOf(LiveTwin.TwinId(i))).Order();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), seqs);
        Assert.Contains("$.t", Assert.Single(manager.DeadLetters.List("drop")).Reason);
        Assert.Equal(ConnectionStates.Running, manager.StatusOf("drop")!.State);
    }
}
