using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace TwinLab.Server.Routing.Delivery;

/// <summary>
/// Where event routes deliver: a webhook (HTTP POST of each CloudEvent), an MQTT broker (a publish per event) or the
/// server's own Server-Sent Events stream (<c>/events?endpoint=NAME</c>). Azure Digital Twins keeps endpoints in its
/// control plane; TwinLab keeps them beside the twin graph (documents of kind <see cref="EndpointStore.DocumentKind"/>).
/// </summary>
/// <remarks>
/// No secret is ever stored: a header value written <c>env:NAME</c> is read from the server's environment variable
/// <c>NAME</c> at each delivery, and an MQTT password comes from the variable named by <see cref="PasswordEnv"/>.
/// <see cref="EndpointValidation.Check"/> refuses a literal value for a header that carries credentials.
/// </remarks>
/// <param name="Name">The endpoint's name (as ADT's: 3 to 50 letters, digits and hyphens, not all digits, no hyphen at either end).</param>
/// <param name="Type"><see cref="EndpointTypes.Webhook"/>, <see cref="EndpointTypes.Mqtt"/> or <see cref="EndpointTypes.Sse"/>.</param>
public sealed record EndpointDefinition(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("type")] string Type)
{
    /// <summary>Webhook: the absolute <c>http</c>/<c>https</c> URL events are POSTed to. MQTT: the broker,
    /// <c>mqtt://[user@]host[:port]</c> or <c>mqtts://…</c>.</summary>
    [JsonPropertyName("url")]
    public string? Url { get; init; }

    /// <summary>Webhook: extra request headers; a value <c>env:NAME</c> is read from the environment variable <c>NAME</c>.</summary>
    [JsonPropertyName("headers")]
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>Webhook: <see cref="ContentModes.Structured"/> (default: the whole CloudEvent as the JSON body) or
    /// <see cref="ContentModes.Binary"/> (the event's data as the body, its attributes as <c>ce-*</c> headers).</summary>
    [JsonPropertyName("contentMode")]
    public string? ContentMode { get; init; }

    /// <summary>Webhook and MQTT: how long one attempt may take, in seconds (default <see cref="DefaultTimeoutSeconds"/>).</summary>
    [JsonPropertyName("timeoutSeconds")]
    public double? TimeoutSeconds { get; init; }

    /// <summary>MQTT: the topic template, e.g. <c>twinlab/{twinId}/{type}</c> (see <see cref="TopicTemplate"/>).</summary>
    [JsonPropertyName("topic")]
    public string? Topic { get; init; }

    /// <summary>MQTT: the QoS of each publish, 0, 1 (default) or 2.</summary>
    [JsonPropertyName("qos")]
    public int? Qos { get; init; }

    /// <summary>MQTT: the environment variable holding the password of the URL's user, or <c>null</c>.</summary>
    [JsonPropertyName("passwordEnv")]
    public string? PasswordEnv { get; init; }

    /// <summary>MQTT over TLS: accept a certificate that does not chain to a trusted root (a test broker's).</summary>
    [JsonPropertyName("allowUntrustedCertificates")]
    public bool? AllowUntrustedCertificates { get; init; }

    /// <summary>When and how failed deliveries are retried; <c>null</c>: <see cref="RetryPolicy.Default"/>.</summary>
    [JsonPropertyName("retry")]
    public RetryPolicy? Retry { get; init; }

    /// <summary>When the endpoint was last created or replaced (set by the store).</summary>
    [JsonPropertyName("updated")]
    public DateTimeOffset? Updated { get; init; }

    /// <summary>Default time one webhook or MQTT attempt may take: 30 s.</summary>
    public const double DefaultTimeoutSeconds = 30;

    /// <summary>The retry policy in force.</summary>
    [JsonIgnore]
    public RetryPolicy RetryInForce => Retry ?? RetryPolicy.Default;

    /// <summary>One attempt's time limit.</summary>
    [JsonIgnore]
    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds ?? DefaultTimeoutSeconds);

    /// <summary>Whether events to this endpoint are delivered by the server (webhook, MQTT) rather than streamed on request (SSE).</summary>
    [JsonIgnore]
    public bool IsDelivered => Type != EndpointTypes.Sse;

    /// <summary>Where it sends, for listings: the URL (with the topic for MQTT), or <c>/events?endpoint=NAME</c>.</summary>
    [JsonIgnore]
    public string Target => Type switch
    {
        EndpointTypes.Mqtt => $"{Url} topic {Topic}",
        EndpointTypes.Sse => $"/events?endpoint={Name}",
        _ => Url ?? "",
    };

    private static readonly JsonSerializerOptions Shown = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>Whether delivering with <paramref name="other"/> is the same as with this (ignoring <see cref="Updated"/>).</summary>
    public bool SameDeliveryAs(EndpointDefinition other) =>
        JsonSerializer.Serialize(this with { Updated = null }) == JsonSerializer.Serialize(other with { Updated = null });

    /// <summary>The endpoint as the API and <c>--json</c> show it: its fields, without those not set.</summary>
    public JsonObject ToJson() => JsonSerializer.SerializeToNode(this, Shown)!.AsObject();
}

/// <summary>The endpoint types.</summary>
public static class EndpointTypes
{
    /// <summary>HTTP POST of each event.</summary>
    public const string Webhook = "webhook";

    /// <summary>MQTT publish of each event.</summary>
    public const string Mqtt = "mqtt";

    /// <summary>The server's own Server-Sent Events stream, <c>/events?endpoint=NAME</c>.</summary>
    public const string Sse = "sse";

    /// <summary>All of them.</summary>
    public static readonly IReadOnlyList<string> All = [Webhook, Mqtt, Sse];
}

/// <summary>How a webhook carries the CloudEvent (CloudEvents 1.0 HTTP protocol binding).</summary>
public static class ContentModes
{
    /// <summary>The whole event as the body, <c>Content-Type: application/cloudevents+json</c>.</summary>
    public const string Structured = "structured";

    /// <summary>The event's data as the body (<c>application/json</c>), its attributes as <c>ce-*</c> headers.</summary>
    public const string Binary = "binary";
}
