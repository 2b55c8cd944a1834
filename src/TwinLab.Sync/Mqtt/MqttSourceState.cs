namespace TwinLab.Sync.Mqtt;

/// <summary>Where an <see cref="MqttSource"/> is in its life.</summary>
public enum MqttSourceState
{
    /// <summary>Not started, or stopped: no connection.</summary>
    Stopped,

    /// <summary>Connecting and subscribing.</summary>
    Connecting,

    /// <summary>Connected and subscribed: messages flow.</summary>
    Connected,

    /// <summary>Paused: disconnected on purpose with the session kept, so the broker queues messages until resumed.</summary>
    Paused,

    /// <summary>The connection was lost or an attempt failed: waiting (with backoff) to reconnect.</summary>
    Disconnected,
}

/// <summary>What an <see cref="MqttSource"/> has done since it was created.</summary>
/// <param name="State">Current state.</param>
/// <param name="Received">Messages received from the broker (redeliveries included).</param>
/// <param name="Acknowledged">Messages whose fate became durable (applied, duplicate or dead-lettered) and, for QoS 1,
/// were acknowledged to the broker.</param>
/// <param name="InFlight">Messages handed to the ingest pipeline and not yet acknowledged.</param>
/// <param name="Connects">Successful connections.</param>
/// <param name="Reconnects">Successful connections after the first (after a lost connection, a pause or a restart).</param>
/// <param name="Errors">Failed connection attempts, lost connections and failed hand-overs.</param>
/// <param name="LastError">The last error, or <c>null</c>.</param>
/// <param name="LastErrorTime">When it happened.</param>
/// <param name="ConnectedSince">Start of the current connection, or <c>null</c> when not connected.</param>
/// <param name="SessionPresent">Whether the broker resumed a stored session at the last connection.</param>
public sealed record MqttSourceCounters(
    MqttSourceState State,
    long Received,
    long Acknowledged,
    long InFlight,
    long Connects,
    long Reconnects,
    long Errors,
    string? LastError,
    DateTimeOffset? LastErrorTime,
    DateTimeOffset? ConnectedSince,
    bool SessionPresent);
