using System.Text.Json;
using TwinLab.Core.Twins;

namespace TwinLab.Server.Routing.Delivery;

/// <summary>The routes' delivery states, documents of kind <see cref="DocumentKind"/> keyed by route id.</summary>
/// <remarks>Thread-safe (the store serialises its own access).</remarks>
public sealed class DeliveryStateStore(ITwinStore store)
{
    /// <summary>The document kind delivery states are stored under.</summary>
    public const string DocumentKind = "route-delivery";

    /// <summary>A route's state, or <c>null</c> when delivery for it has not started.</summary>
    public RouteDeliveryState? Find(string routeId) =>
        store.LoadDocument(DocumentKind, routeId) is { } doc ? JsonSerializer.Deserialize<RouteDeliveryState>(doc.Json) : null;

    /// <summary>Every state, ordered by route id.</summary>
    public IReadOnlyList<RouteDeliveryState> List() =>
        [.. store.ListDocuments(DocumentKind).Select(d => Find(d.Id)).OfType<RouteDeliveryState>().OrderBy(s => s.RouteId, StringComparer.Ordinal)];

    /// <summary>Saves a state.</summary>
    public void Save(RouteDeliveryState state) =>
        store.SaveDocument(new StoredDocument(DocumentKind, state.RouteId, state.Started,
            $"route {state.RouteId}: after {state.Sequence}, {state.Delivered} delivered, {state.DeadLettered} dead-lettered", JsonSerializer.Serialize(state)));

    /// <summary>
    /// Starts delivery for a route at the end of the log and outbox as they are now, unless it has started already: the
    /// route receives the events committed from now on. Call it right after creating the route.
    /// </summary>
    /// <returns>The route's state (the existing one when delivery had started).</returns>
    public RouteDeliveryState Begin(string routeId, long lastSequence, string outboxCursor, DateTimeOffset now)
    {
        if (Find(routeId) is { } existing) return existing;
        var state = new RouteDeliveryState(routeId, lastSequence) { OutboxCursor = outboxCursor, Started = now };
        Save(state);
        return state;
    }

    /// <summary>Forgets a route's state (the route was deleted); returns whether there was one.</summary>
    public bool Delete(string routeId) => store.DeleteDocument(DocumentKind, routeId);
}
