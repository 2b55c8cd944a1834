using System.Text.Json.Nodes;

namespace TwinLab.Server.Events;

/// <summary>
/// One event the server emits — a twin, relationship or model change, telemetry, or experiment progress — in the shape
/// of a CloudEvents 1.0 JSON event as Azure Digital Twins routes emit it, plus TwinLab's extension attributes
/// (<c>branch</c>, <c>sequence</c>) so a consumer can tell which branch and which point of history it came from.
/// </summary>
/// <param name="Id">Unique event id (for a graph change, the event's sequence number, so a stream can resume after it).</param>
/// <param name="Type">The event type, one of <see cref="TwinLabEventTypes"/>.</param>
/// <param name="Source">Where it happened: the server's host name, as ADT's instance host name.</param>
/// <param name="Subject">What it is about: a twin id, <c>TWIN/relationships/REL</c>, a model id or <c>experiments/ID</c>.</param>
/// <param name="Time">When it happened (the commit time for graph changes).</param>
/// <param name="Data">The payload (a twin, a relationship, <c>{modelId, patch}</c>, telemetry, progress).</param>
public sealed record TwinLabEvent(string Id, string Type, string Source, string Subject, DateTimeOffset Time, JsonNode? Data)
{
    /// <summary>The model of the twin the event is about (CloudEvents <c>dataschema</c>), or <c>null</c>.</summary>
    public string? DataSchema { get; init; }

    /// <summary>The twin the event is about (also for its relationships, components and telemetry), or <c>null</c>.</summary>
    public string? TwinId { get; init; }

    /// <summary>The branch the change was made on (TwinLab extension), or <c>null</c> for events outside the graph.</summary>
    public string? Branch { get; init; }

    /// <summary>The change's sequence number in the event log (TwinLab extension), or <c>null</c>.</summary>
    public long? Sequence { get; init; }

    /// <summary>The W3C trace context of the request that caused the event, or <c>null</c>.</summary>
    public string? TraceParent { get; init; }
}

/// <summary>The event types: ADT's names for graph changes and telemetry, TwinLab's for the rest.</summary>
public static class TwinLabEventTypes
{
    /// <summary>A twin was created.</summary>
    public const string TwinCreate = "Microsoft.DigitalTwins.Twin.Create";
    /// <summary>A twin was replaced or patched (data: <c>{modelId, patch}</c>).</summary>
    public const string TwinUpdate = "Microsoft.DigitalTwins.Twin.Update";
    /// <summary>A twin was deleted.</summary>
    public const string TwinDelete = "Microsoft.DigitalTwins.Twin.Delete";
    /// <summary>A relationship was created.</summary>
    public const string RelationshipCreate = "Microsoft.DigitalTwins.Relationship.Create";
    /// <summary>A relationship was replaced or patched.</summary>
    public const string RelationshipUpdate = "Microsoft.DigitalTwins.Relationship.Update";
    /// <summary>A relationship was deleted.</summary>
    public const string RelationshipDelete = "Microsoft.DigitalTwins.Relationship.Delete";
    /// <summary>Telemetry arrived for a twin or one of its components.</summary>
    public const string Telemetry = "microsoft.iot.telemetry";
    /// <summary>Models were uploaded, decommissioned or deleted (TwinLab; ADT has no model events).</summary>
    public const string ModelChange = "TwinLab.Model.Change";
    /// <summary>An experiment was queued, started, progressed, finished, failed or was cancelled.</summary>
    public const string ExperimentProgress = "TwinLab.Experiment.Progress";
    /// <summary>A twin's telemetry drifted from its predictions, or fits them again (data: <c>{twinId, telemetry, state, statistic, since, predictor, …}</c>).</summary>
    public const string TwinDrift = "TwinLab.Twin.Drift";
}
