namespace TwinLab.Sync.Connections;

/// <summary>
/// A live connection: where messages come from (an MQTT broker, a watched folder, or HTTP posts), the mapping that turns
/// them into twin changes, and whether it is paused. Stored in the database (see <see cref="ConnectionStore"/>), so the
/// server that runs it does not depend on the files the CLI read it from.
/// </summary>
/// <param name="Id">Unique id; also the source name of its messages, dead letters and counters.</param>
/// <param name="Type"><see cref="ConnectionTypes.Mqtt"/>, <see cref="ConnectionTypes.Folder"/> or <see cref="ConnectionTypes.Http"/>.</param>
/// <param name="Mapping">The mapping's YAML text, exactly as given.</param>
/// <param name="MappingName">Where the mapping came from (its file name), named in mapping errors.</param>
/// <remarks>Exactly one of <see cref="Mqtt"/> and <see cref="Folder"/> is set for those types; neither for <c>http</c>.</remarks>
public sealed record ConnectionDefinition(string Id, string Type, string Mapping, string MappingName)
{
    /// <summary>The broker, topics and session of an <c>mqtt</c> connection.</summary>
    public MqttSettings? Mqtt { get; init; }

    /// <summary>The watched folder of a <c>folder</c> connection.</summary>
    public FolderSettings? Folder { get; init; }

    /// <summary>Paused: its source is stopped (an MQTT session keeps queueing at the broker) and HTTP posts are refused.</summary>
    public bool Paused { get; init; }

    /// <summary>When it was added.</summary>
    public DateTimeOffset Created { get; init; }

    /// <summary>When it was last changed (added, replaced, paused or resumed).</summary>
    public DateTimeOffset Updated { get; init; }

    /// <summary>Whether the two define the same connection (everything but the times and the paused flag), so changing
    /// only those does not restart it.</summary>
    public bool SameSourceAs(ConnectionDefinition other) =>
        Id == other.Id && Type == other.Type && Mapping == other.Mapping && MappingName == other.MappingName
        && Equals(Mqtt, other.Mqtt) && Equals(Folder, other.Folder);
}

/// <summary>The connection types.</summary>
public static class ConnectionTypes
{
    /// <summary>Subscribes to topics on an MQTT broker (persistent session, QoS 1).</summary>
    public const string Mqtt = "mqtt";

    /// <summary>Watches a folder for CSV or NDJSON files.</summary>
    public const string Folder = "folder";

    /// <summary>Receives NDJSON posted to <c>POST /connections/{id}/messages</c>.</summary>
    public const string Http = "http";

    /// <summary>Every type, in the order help lists them.</summary>
    public static readonly IReadOnlyList<string> All = [Mqtt, Folder, Http];
}

/// <summary>The MQTT side of a connection.</summary>
/// <param name="Broker">The broker's address: <c>mqtt://[user@]host[:port]</c> or <c>mqtts://…</c>.</param>
/// <param name="Topics">The topic filters subscribed to (<c>+</c> and <c>#</c> wildcards).</param>
/// <param name="ClientId">The MQTT client id; stable, because the broker keeps the persistent session under it.</param>
/// <param name="Qos">The subscription's quality of service: 0 or 1 (1: nothing is lost, duplicates are removed by key).</param>
/// <param name="PasswordVariable">The environment variable holding the broker password (never stored), or <c>null</c>.</param>
public sealed record MqttSettings(string Broker, IReadOnlyList<string> Topics, string ClientId, int Qos = 1, string? PasswordVariable = null)
{
    /// <inheritdoc />
    public bool Equals(MqttSettings? other) =>
        other is not null && Broker == other.Broker && Topics.SequenceEqual(other.Topics) && ClientId == other.ClientId
        && Qos == other.Qos && PasswordVariable == other.PasswordVariable;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Broker, Topics.Count, ClientId, Qos, PasswordVariable);
}

/// <summary>The folder side of a connection.</summary>
/// <param name="Path">The watched folder (absolute: the server resolves nothing against the CLI's directory).</param>
/// <param name="Glob">Which files are read: <c>*</c>, <c>?</c> and <c>{a,b}</c>, e.g. <c>*.ndjson</c> or <c>*.{csv,tsv}</c>.</param>
/// <param name="DoneFolder">Where a file is moved once read completely (absolute, or relative to <paramref name="Path"/>), or
/// <c>null</c> to leave it (a checkpoint remembers how far it was read).</param>
public sealed record FolderSettings(string Path, string Glob, string? DoneFolder = null);
