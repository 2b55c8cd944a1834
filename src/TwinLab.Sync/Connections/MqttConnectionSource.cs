using TwinLab.Sync.Mqtt;

namespace TwinLab.Sync.Connections;

/// <summary>An <c>mqtt</c> connection's source: an <see cref="MqttSource"/> on its broker, topics and client id.</summary>
internal sealed class MqttConnectionSource(MqttSource source) : IConnectionSource
{
    /// <summary>The source for <paramref name="c"/>.</summary>
    public static MqttConnectionSource For(ConnectionDefinition c, SourceContext context)
    {
        var m = c.Mqtt ?? throw new InvalidOperationException($"Connection '{c.Id}' has no MQTT settings.");
        var options = new MqttSourceOptions
        {
            Address = MqttAddress.Parse(m.Broker),
            Topics = m.Topics,
            ClientId = m.ClientId,
            QualityOfService = m.Qos,
            PasswordVariable = m.PasswordVariable,
        };
        return new MqttConnectionSource(new MqttSource(options, c.Id, context.Sink, context.Log, context.Time));
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancel) => source.StartAsync(cancel);

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancel) => source.StopAsync(cancel);

    /// <inheritdoc />
    public SourceHealth Health
    {
        get
        {
            var c = source.Counters;
            var state = c.State switch
            {
                MqttSourceState.Connected => ConnectionStates.Running,
                MqttSourceState.Connecting when c.Connects == 0 && c.Errors == 0 => ConnectionStates.Starting,
                MqttSourceState.Connecting or MqttSourceState.Disconnected => ConnectionStates.Reconnecting,
                MqttSourceState.Paused => ConnectionStates.Paused,
                _ => ConnectionStates.NotRunning,
            };
            return new SourceHealth(state, c.Errors, c.LastError, c.LastErrorTime);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => source.DisposeAsync();
}
