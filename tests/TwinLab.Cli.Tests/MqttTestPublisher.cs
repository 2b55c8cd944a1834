using System.Text;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace TwinLab.Cli.Tests;

/// <summary>An MQTT publisher: QoS 1, each publish awaited until the broker acknowledged it.</summary>
internal sealed class MqttTestPublisher(IMqttClient client) : IAsyncDisposable
{
    public static async Task<MqttTestPublisher> ConnectAsync(TwinLab.Sync.Mqtt.MqttAddress address)
    {
        var factory = new MqttClientFactory();
        var options = factory.CreateClientOptionsBuilder()
            .WithTcpServer(address.Host, address.Port)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId("twinlab-test-pub-" + Guid.NewGuid().ToString("N")[..12])
            .WithCleanStart(true)
            .WithTimeout(TimeSpan.FromSeconds(10))
            .Build();
        var client = factory.CreateMqttClient();
        await client.ConnectAsync(options);
        return new MqttTestPublisher(client);
    }

    public async Task PublishAsync(string topic, string payload, CancellationToken cancel)
    {
        var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(Encoding.UTF8.GetBytes(payload))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
        var result = await client.PublishAsync(message, cancel);
        if (!result.IsSuccess) throw new InvalidOperationException($"publish to {topic} not acknowledged by the broker: {result.ReasonCode}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (client.IsConnected) await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
        }
        client.Dispose();
    }
}
