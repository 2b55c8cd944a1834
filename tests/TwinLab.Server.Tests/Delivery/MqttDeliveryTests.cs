using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;
using TwinLab.Server.Events;
using TwinLab.Server.Routing.Delivery;
using TwinLab.Sync.Mqtt;
using static TwinLab.Server.Tests.Adt;

namespace TwinLab.Server.Tests.Delivery;

/// <summary>An <c>mqtt</c> endpoint publishing routed events to Mosquitto, read back by a test subscriber.</summary>
public sealed class MqttDeliveryTests
{
    private const string HowTo = ".ci/run sets it; or start mosquitto and export TWINLAB_MQTT=mqtt://127.0.0.1:1883 TWINLAB_MOSQUITTO=$(command -v mosquitto || echo /usr/sbin/mosquitto)";

    private static StringContent Route(string endpoint, string filter) => Json(JsonSerializer.Serialize(new { endpointName = endpoint, filter }));

    /// <summary>A subscriber to <c>ROOT/#</c> that keeps what it receives.</summary>
    private sealed class Subscriber : IAsyncDisposable
    {
        private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
        public ConcurrentQueue<(string Topic, string Payload, string? ContentType, MqttQualityOfServiceLevel Qos)> Messages { get; } = new();

        public static async Task<Subscriber> StartAsync(MqttAddress broker, string root)
        {
            var s = new Subscriber();
            s._client.ApplicationMessageReceivedAsync += e =>
            {
                var m = e.ApplicationMessage;
                s.Messages.Enqueue((m.Topic, Encoding.UTF8.GetString(m.Payload), m.ContentType, m.QualityOfServiceLevel));
                return Task.CompletedTask;
            };
            await s._client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer(broker.Host, broker.Port)
                .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V500).WithClientId($"twinlab-test-sub-{Guid.NewGuid():N}").Build());
            await s._client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter($"{root}/#", MqttQualityOfServiceLevel.AtLeastOnce).Build());
            return s;
        }

        public async Task<List<(string Topic, string Payload, string? ContentType, MqttQualityOfServiceLevel Qos)>> WaitForAsync(int count)
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (Messages.Count < count)
            {
                if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException($"only {Messages.Count} of {count} MQTT messages arrived");
                await Task.Delay(20);
            }
            return [.. Messages];
        }

        public async ValueTask DisposeAsync()
        {
            if (_client.IsConnected) await _client.DisconnectAsync();
            _client.Dispose();
        }
    }

    [SkippableFact]
    public async Task MqttEndpoint_PublishesEachRoutedEvent_ToItsTemplatedTopic()
    {
        var text = Environment.GetEnvironmentVariable("TWINLAB_MQTT");
        Skip.If(string.IsNullOrWhiteSpace(text), "TWINLAB_MQTT is not set (an MQTT broker on loopback). " + HowTo);
        var broker = MqttAddress.Parse(text!);
        var root = $"twinlab-test/routes/{Guid.NewGuid():N}";
        await using var subscriber = await Subscriber.StartAsync(broker, root);

        using var factory = new ServerFactory();
        var client = await factory.WithEventModels();
        await client.PutAsync(Url("/endpoints/bus"), Json(JsonSerializer.Serialize(new { type = "mqtt", url = broker.ToString(), topic = root + "/{twinId}/{type}" }))).Ok();
        await client.PutAsync(Url("/eventroutes/sensors"), Route("bus", "STARTS_WITH(subject, 's-')")).Ok();
        await client.PutAsync(Url("/digitaltwins/s-1"), Json(EventModels.SensorTwin(1))).Ok();
        await client.PutAsync(Url("/digitaltwins/room-1"), Json(Room(20))).Ok();
        await client.PatchAsync(Url("/digitaltwins/s-1"), Patch("""[{"op":"replace","path":"/level","value":4}]""")).Ok();
        await client.Telemetry("/digitaltwins/s-1/telemetry", """{"reading":1.5}""", "m-1").Ok();

        var got = await subscriber.WaitForAsync(3);
        Assert.Equal(
            [$"{root}/s-1/{TwinLabEventTypes.TwinCreate}", $"{root}/s-1/{TwinLabEventTypes.TwinUpdate}", $"{root}/s-1/{TwinLabEventTypes.Telemetry}"],
            got.Select(m => m.Topic));
        Assert.All(got, m => Assert.Equal("application/cloudevents+json", m.ContentType));
        var update = JsonDocument.Parse(got[1].Payload).RootElement;
        Assert.Equal("""[{"op":"replace","path":"/level","value":4}]""", update.GetProperty("data").GetProperty("patch").GetRawText());
        Assert.Equal(1.5, JsonDocument.Parse(got[2].Payload).RootElement.GetProperty("data").GetProperty("reading").GetDouble());
        await Task.Delay(200);
        Assert.Equal(3, subscriber.Messages.Count);
    }

    [SkippableFact]
    public async Task BrokerDown_PublishesAreRetried_AndArriveWhenItIsBack()
    {
        var binary = Environment.GetEnvironmentVariable("TWINLAB_MOSQUITTO");
        Skip.If(string.IsNullOrWhiteSpace(binary), "TWINLAB_MOSQUITTO is not set (the mosquitto binary, to start a private broker). " + HowTo);
        await using var broker = await PrivateBroker.StartAsync(binary!);
        var address = new MqttAddress("127.0.0.1", broker.Port);
        await using var h = await DeliveryHarness.StartAsync();
        h.ImportModels();
        h.Endpoints.Put(new EndpointDefinition("bus", EndpointTypes.Mqtt)
        {
            Url = address.ToString(), Topic = "twinlab-test/down/{twinId}", TimeoutSeconds = 2,
            Retry = RetryPolicy.Default with { InitialBackoffSeconds = 0.05, MaxBackoffSeconds = 0.3 },
        });
        h.Routes.Put("all", "bus", "true");
        h.CreateSensor("s-1", 1);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (h.States.Find("all") is not { Delivered: 1 })
        {
            Assert.True(DateTime.UtcNow < deadline, "the first event was not published");
            await Task.Delay(20);
        }

        await broker.StopAsync();
        h.CreateSensor("s-2", 2);
        h.CreateSensor("s-3", 3);
        while (h.States.Find("all") is not { Attempts: >= 2 })
        {
            Assert.True(DateTime.UtcNow < deadline.AddSeconds(10), "no failed attempt while the broker was down");
            await Task.Delay(20);
        }
        Assert.Contains("127.0.0.1", h.States.Find("all")!.LastError);

        // Back: the sender connects again and the broker acknowledges both (PUBACK), in order, none dead-lettered.
        // (Arrival at a subscriber is the test above; one subscribing now could miss what is published before it.)
        await broker.StartAsync();
        while (h.States.Find("all") is not { Delivered: 3 })
        {
            Assert.True(DateTime.UtcNow < deadline.AddSeconds(30), "the events were not published after the broker came back");
            await Task.Delay(20);
        }
        var state = h.States.Find("all")!;
        Assert.Equal((0, null, 0L), (state.Attempts, state.Retrying, state.DeadLettered));
        Assert.Equal(h.Service.LastSequence, state.Sequence);
        Assert.Empty(h.DeadLetters.List());
    }

    /// <summary>A mosquitto of this test's own on a free loopback port, stoppable and restartable on that port.</summary>
    private sealed class PrivateBroker : IAsyncDisposable
    {
        private readonly string _binary;
        private readonly string _config;
        private Process? _process;

        private PrivateBroker(string binary, string config, int port)
        {
            _binary = binary;
            _config = config;
            Port = port;
        }

        public int Port { get; }

        public static async Task<PrivateBroker> StartAsync(string binary)
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var config = Path.Combine(Directory.CreateTempSubdirectory("twinlab-mqtt-route-").FullName, "mosquitto.conf");
            await File.WriteAllTextAsync(config, $"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n");
            var broker = new PrivateBroker(binary, config, port);
            await broker.StartAsync();
            return broker;
        }

        public async Task StartAsync()
        {
            var info = new ProcessStartInfo(_binary) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(_config);
            _process = Process.Start(info)!;
            _process.BeginErrorReadLine();
            _process.BeginOutputReadLine();
            var deadline = DateTime.UtcNow.AddSeconds(15);
            while (true)
            {
                Assert.False(_process.HasExited, $"mosquitto exited with code {(_process.HasExited ? _process.ExitCode : 0)}");
                try
                {
                    using var socket = new TcpClient();
                    await socket.ConnectAsync(IPAddress.Loopback, Port);
                    return;
                }
                catch (SocketException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(50);
                }
            }
        }

        public async Task StopAsync()
        {
            if (_process is not { HasExited: false } p) return;
            p.Kill();
            await p.WaitForExitAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            _process?.Dispose();
            try { Directory.Delete(Path.GetDirectoryName(_config)!, recursive: true); } catch (IOException) { }
        }
    }
}
