using System.Text.Json.Nodes;
using TwinLab.Core.Twins;

namespace TwinLab.Server.Routing.Delivery;

/// <summary>Where one route to an endpoint stands.</summary>
/// <param name="RouteId">The route.</param>
/// <param name="Filter">Its filter.</param>
/// <param name="State">Its delivery state, or <c>null</c> when delivery has not started (an SSE endpoint's routes, or a
/// route the server has not picked up yet).</param>
/// <param name="Backlog">Log entries after the cursor not yet examined (not all of them pass the filter).</param>
/// <param name="OutboxBacklog">Outbox events after the cursor not yet examined.</param>
public sealed record RouteDeliveryStatus(string RouteId, string Filter, RouteDeliveryState? State, long Backlog, int OutboxBacklog);

/// <summary>Where delivery to one endpoint stands, over all the routes that name it.</summary>
/// <param name="Endpoint">The endpoint.</param>
/// <param name="Routes">Its routes.</param>
public sealed record EndpointDeliveryStatus(EndpointDefinition Endpoint, IReadOnlyList<RouteDeliveryStatus> Routes)
{
    /// <summary><c>streaming</c> (SSE), <c>no routes</c>, <c>retrying</c> (an event failed and waits for its next attempt),
    /// <c>behind</c> (events not examined yet) or <c>up to date</c>.</summary>
    public string Summary =>
        !Endpoint.IsDelivered ? "streaming"
        : Routes.Count == 0 ? "no routes"
        : Routes.Any(r => r.State?.Retrying is not null) ? "retrying"
        : Routes.Any(r => r.Backlog > 0 || r.OutboxBacklog > 0 || r.State is null) ? "behind"
        : "up to date";

    /// <summary>Events delivered over all routes.</summary>
    public long Delivered => Routes.Sum(r => r.State?.Delivered ?? 0);

    /// <summary>Events dead-lettered over all routes.</summary>
    public long DeadLettered => Routes.Sum(r => r.State?.DeadLettered ?? 0);

    /// <summary>The largest backlog of its routes.</summary>
    public long Backlog => Routes.Count == 0 ? 0 : Routes.Max(r => r.Backlog + r.OutboxBacklog);

    /// <summary>The most recent error of its routes, or <c>null</c>.</summary>
    public RouteDeliveryState? LastError => Routes.Select(r => r.State).OfType<RouteDeliveryState>().Where(s => s.LastError is not null)
        .OrderByDescending(s => s.LastErrorTime).FirstOrDefault();

    /// <summary>The status of <paramref name="endpoint"/> as the stores hold it (any process can read it: the state
    /// documents are what the server saves).</summary>
    public static EndpointDeliveryStatus Of(EndpointDefinition endpoint, EndpointStore endpoints, DeliveryStateStore states, RoutedEventOutbox outbox, long lastSequence)
    {
        var routes = endpoints.RoutesTo(endpoint.Name).Select(r =>
        {
            var state = endpoint.IsDelivered ? states.Find(r.Id) : null;
            return new RouteDeliveryStatus(r.Id, r.Filter, state,
                state is null ? 0 : Math.Max(0, lastSequence - state.Sequence),
                state is null ? 0 : outbox.CountAfter(state.OutboxCursor));
        }).ToList();
        return new EndpointDeliveryStatus(endpoint, routes);
    }

    /// <summary>The status as JSON: summary, totals and one entry per route.</summary>
    public JsonObject ToJson() => new()
    {
        ["state"] = Summary,
        ["delivered"] = Delivered,
        ["deadLettered"] = DeadLettered,
        ["backlog"] = Backlog,
        ["lastError"] = LastError?.LastError,
        ["lastErrorTime"] = LastError?.LastErrorTime is { } t ? TwinJson.Format(t) : null,
        ["routes"] = new JsonArray([.. Routes.Select(r => (JsonNode)new JsonObject
        {
            ["id"] = r.RouteId,
            ["filter"] = r.Filter,
            ["cursor"] = r.State?.Sequence,
            ["outboxCursor"] = r.State is { OutboxCursor.Length: > 0 } s ? s.OutboxCursor : null,
            ["backlog"] = r.Backlog,
            ["outboxBacklog"] = r.OutboxBacklog,
            ["delivered"] = r.State?.Delivered ?? 0,
            ["deadLettered"] = r.State?.DeadLettered ?? 0,
            ["retrying"] = r.State?.Retrying,
            ["attempts"] = r.State?.Attempts ?? 0,
            ["nextAttempt"] = r.State?.NextAttempt is { } n ? TwinJson.Format(n) : null,
            ["lastError"] = r.State?.LastError,
            ["lastErrorTime"] = r.State?.LastErrorTime is { } e ? TwinJson.Format(e) : null,
            ["lastDelivered"] = r.State?.LastDelivered is { } d ? TwinJson.Format(d) : null,
        })]),
    };
}
