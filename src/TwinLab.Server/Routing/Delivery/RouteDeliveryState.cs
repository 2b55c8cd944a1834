using System.Text.Json.Serialization;

namespace TwinLab.Server.Routing.Delivery;

/// <summary>
/// Where one route's delivery stands, persisted after each delivery so that a restarted server goes on from there: the
/// cursor into the event log and into the outbox, the retries of the event at the head, and running counts.
/// </summary>
/// <remarks>
/// <para>The log cursor is (<see cref="Sequence"/>, <see cref="Handled"/>): every event of sequence numbers up to
/// <see cref="Sequence"/> has been delivered, dead-lettered or filtered out, and so have the first <see cref="Handled"/>
/// events of the next sequence number (a telemetry change for several twins yields several events with one sequence
/// number). Replaying the log is deterministic, so the same events come back in the same order.</para>
/// <para>Counts are of deliveries made: after a crash between a delivery and saving its state, the event is delivered
/// again and counted again (delivery is at-least-once; receivers de-duplicate by <c>ce-id</c>).</para>
/// </remarks>
/// <param name="RouteId">The route.</param>
/// <param name="Sequence">Last sequence number all of whose events are handled.</param>
public sealed record RouteDeliveryState(
    [property: JsonPropertyName("routeId")] string RouteId,
    [property: JsonPropertyName("sequence")] long Sequence)
{
    /// <summary>Events of sequence number <see cref="Sequence"/> + 1 already handled.</summary>
    [JsonPropertyName("handled")]
    public int Handled { get; init; }

    /// <summary>Id of the last outbox event handled ("" for none).</summary>
    [JsonPropertyName("outboxCursor")]
    public string OutboxCursor { get; init; } = "";

    /// <summary>The endpoint the route named when last delivered to.</summary>
    [JsonPropertyName("endpointName")]
    public string? EndpointName { get; init; }

    /// <summary>Events delivered (2xx, PUBACK).</summary>
    [JsonPropertyName("delivered")]
    public long Delivered { get; init; }

    /// <summary>Events dead-lettered.</summary>
    [JsonPropertyName("deadLettered")]
    public long DeadLettered { get; init; }

    /// <summary>Failed attempts at the event at the head (0 when none failed).</summary>
    [JsonPropertyName("attempts")]
    public int Attempts { get; init; }

    /// <summary>The id of the event being retried, or <c>null</c>.</summary>
    [JsonPropertyName("retrying")]
    public string? Retrying { get; init; }

    /// <summary>When the head event is tried again, or <c>null</c>.</summary>
    [JsonPropertyName("nextAttempt")]
    public DateTimeOffset? NextAttempt { get; init; }

    /// <summary>The last failure (status code or exception), or <c>null</c>.</summary>
    [JsonPropertyName("lastError")]
    public string? LastError { get; init; }

    /// <summary>When <see cref="LastError"/> happened.</summary>
    [JsonPropertyName("lastErrorTime")]
    public DateTimeOffset? LastErrorTime { get; init; }

    /// <summary>When an event was last delivered.</summary>
    [JsonPropertyName("lastDelivered")]
    public DateTimeOffset? LastDelivered { get; init; }

    /// <summary>When delivery for the route started.</summary>
    [JsonPropertyName("started")]
    public DateTimeOffset Started { get; init; }
}
