using TwinLab.Core.Errors;

namespace TwinLab.Sync.Mqtt;

/// <summary>How an <see cref="MqttSource"/> connects and subscribes.</summary>
/// <remarks>
/// The defaults make intake durable: MQTT 5, QoS 1, a persistent session (<see cref="CleanStart"/> false with a
/// <see cref="SessionExpiry"/> of a day) owned by a stable <see cref="ClientId"/>, so messages published while TwinLab is
/// down or paused are queued by the broker and delivered when it is back.
/// </remarks>
public sealed record MqttSourceOptions
{
    /// <summary>The broker.</summary>
    public required MqttAddress Address { get; init; }

    /// <summary>Topic filters to subscribe to (<c>plant/+/telemetry</c>, <c>site/#</c>, or a shared subscription
    /// <c>$share/group/plant/#</c> to spread one stream over several sources).</summary>
    public required IReadOnlyList<string> Topics { get; init; }

    /// <summary>The MQTT client id. Keep it stable per connection: the broker keeps the persistent session (subscriptions
    /// and queued messages) under it. Two clients with the same id take the session from each other.</summary>
    public required string ClientId { get; init; }

    /// <summary>Name of the environment variable holding the password for <see cref="MqttAddress.UserName"/>, or
    /// <c>null</c> for none. Read at each connection attempt, so a rotated password is picked up on reconnect.</summary>
    public string? PasswordVariable { get; init; }

    /// <summary>Quality of service requested for the subscriptions: 1 (default, at least once; with the pipeline's
    /// de-duplication, exactly once) or 0 (at most once: no acknowledgement, messages may be lost).</summary>
    public int QualityOfService { get; init; } = 1;

    /// <summary>Whether to start a new session at each connection (dropping what the broker queued). Default false.</summary>
    public bool CleanStart { get; init; }

    /// <summary>How long the broker keeps the session (subscriptions and queued messages) after the connection is lost.
    /// Default one day.</summary>
    public TimeSpan SessionExpiry { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Keep-alive period: a dead connection is noticed within about 1.5 times this. Default 15 s.</summary>
    public TimeSpan KeepAlive { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long one connection attempt may take. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>First delay before reconnecting after a lost connection or a failed attempt; doubled after each failed
    /// attempt up to <see cref="ReconnectMaxDelay"/>. Default 250 ms.</summary>
    public TimeSpan ReconnectMinDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Cap of the reconnect delay. Default 30 s.</summary>
    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>MQTT 5 receive maximum: how many QoS 1 messages the broker may send before TwinLab acknowledged them. It
    /// must cover the messages in the ingest queue plus one commit's worth, or intake waits on acknowledgements.
    /// Default 10,000. (Mosquitto additionally caps it with <c>max_inflight_messages</c>.)</summary>
    public int ReceiveMaximum { get; init; } = 10_000;

    /// <summary>MQTT 5 user property whose value, when a message carries it, is the message's de-duplication key (see
    /// <see cref="Ingest.InboundMessage.Key"/>). Default <c>message-id</c>; <c>null</c> to ignore user properties.</summary>
    public string? MessageIdProperty { get; init; } = "message-id";

    /// <summary>For <c>mqtts</c>: accept a certificate that does not chain to a trusted root (a test broker's self-signed
    /// certificate). Default false.</summary>
    public bool AllowUntrustedCertificates { get; init; }

    /// <summary>How long <see cref="MqttSource.StopAsync"/> and <see cref="MqttSource.PauseAsync"/> wait for messages
    /// already handed to the ingest pipeline to be acknowledged before disconnecting (the rest are delivered again and
    /// de-duplicated). Default 5 s.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Send the acknowledgements of a committed batch together, a few TCP sends for thousands of PUBACKs,
    /// instead of one send each (plain <c>mqtt://</c> only). Default true; false is for comparing.</summary>
    public bool CoalesceWrites { get; init; } = true;

    /// <summary>Checks the options; throws naming the first bad field.</summary>
    /// <exception cref="TwinLabException">(<see cref="ErrorCodes.InvalidArgument"/>) a field is out of range.</exception>
    public void Validate()
    {
        if (Address is null) throw Invalid("address", "is required");
        if (Topics is null || Topics.Count == 0) throw Invalid("topics", "needs at least one topic filter");
        for (var i = 0; i < Topics.Count; i++)
            if (TopicFilterProblem(Topics[i]) is { } problem) throw Invalid($"topics[{i}]", $"'{Topics[i]}' {problem}");
        if (string.IsNullOrWhiteSpace(ClientId)) throw Invalid("clientId", "is required (the persistent session belongs to it)");
        if (ClientId.Length > 256) throw Invalid("clientId", "is longer than 256 characters");
        if (QualityOfService is not (0 or 1)) throw Invalid("qos", $"is {QualityOfService}; use 1 (at least once) or 0 (at most once)");
        if (SessionExpiry < TimeSpan.Zero || SessionExpiry.TotalSeconds > uint.MaxValue) throw Invalid("sessionExpiry", "is out of range");
        if (KeepAlive < TimeSpan.Zero || KeepAlive.TotalSeconds > ushort.MaxValue) throw Invalid("keepAlive", "is out of range (0 to 65535 s)");
        if (ConnectTimeout <= TimeSpan.Zero) throw Invalid("connectTimeout", "must be positive");
        if (ReconnectMinDelay <= TimeSpan.Zero) throw Invalid("reconnectMinDelay", "must be positive");
        if (ReconnectMaxDelay < ReconnectMinDelay) throw Invalid("reconnectMaxDelay", "must be at least reconnectMinDelay");
        if (ReceiveMaximum is < 1 or > ushort.MaxValue) throw Invalid("receiveMaximum", "must be between 1 and 65535");
        if (DrainTimeout < TimeSpan.Zero) throw Invalid("drainTimeout", "must not be negative");
        if (PasswordVariable is { Length: 0 }) throw Invalid("passwordEnv", "is empty; leave it out for no password");
    }

    /// <summary>Why a topic filter is invalid under the MQTT rules, or <c>null</c> when it is valid.</summary>
    internal static string? TopicFilterProblem(string? filter)
    {
        if (string.IsNullOrEmpty(filter)) return "is empty";
        var levels = filter.Split('/');
        var start = 0;
        if (levels[0] == "$share")
        {
            if (levels.Length < 3 || levels[1].Length == 0) return "is a shared subscription without a group or filter ($share/GROUP/FILTER)";
            if (levels[1].IndexOfAny(['+', '#']) >= 0) return "has a wildcard in the share group name";
            start = 2;
        }
        for (var i = start; i < levels.Length; i++)
        {
            var level = levels[i];
            if (level.Contains('#') && (level != "#" || i != levels.Length - 1)) return "uses '#' other than as the whole last level";
            if (level.Contains('+') && level != "+") return "uses '+' other than as a whole level";
        }
        return null;
    }

    private static TwinLabException Invalid(string field, string why) =>
        new(ErrorCodes.InvalidArgument, $"MQTT connection setting '{field}' {why}.");
}
