using System.Text;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using TwinLab.Sync.Mqtt;

namespace TwinLab.Sync.Tests.Mqtt;

/// <summary>A plain MQTTnet publisher for the tests: QoS 1, each publish awaited until the broker's PUBACK.</summary>
internal sealed class TestPublisher : IAsyncDisposable
{
    private readonly IMqttClient _client;
    private readonly MqttClientOptions _options;

    private TestPublisher(IMqttClient client, MqttClientOptions options)
    {
        _client = client;
        _options = options;
    }

    public static async Task<TestPublisher> ConnectAsync(MqttAddress address)
    {
        var factory = new MqttClientFactory();
        var options = factory.CreateClientOptionsBuilder()
            .WithTcpServer(address.Host, address.Port)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId("twinlab-test-pub-" + Guid.NewGuid().ToString("N")[..12])
            .WithCleanStart(true)
            .WithTimeout(TimeSpan.FromSeconds(10))
            .Build();
        var publisher = new TestPublisher(factory.CreateMqttClient(), options);
        await publisher._client.ConnectAsync(options);
        return publisher;
    }

    public bool IsConnected => _client.IsConnected;

    /// <summary>Publishes at QoS 1 and returns when the broker acknowledged it (throws when it did not).</summary>
    public async Task PublishAsync(string topic, string payload, string? messageId = null, CancellationToken cancel = default)
    {
        var builder = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(Encoding.UTF8.GetBytes(payload))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        if (messageId is not null) builder.WithUserProperty("message-id", Encoding.UTF8.GetBytes(messageId).AsMemory());
        var result = await _client.PublishAsync(builder.Build(), cancel);
        if (!result.IsSuccess) throw new InvalidOperationException($"publish to {topic} not acknowledged: {result.ReasonCode}");
    }

    /// <summary>Reconnects after the broker went away (used while it restarts); false when it is still down.</summary>
    public async Task<bool> TryReconnectAsync()
    {
        if (_client.IsConnected) return true;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await _client.ConnectAsync(_options, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_client.IsConnected) await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
        }
        _client.Dispose();
    }
}
