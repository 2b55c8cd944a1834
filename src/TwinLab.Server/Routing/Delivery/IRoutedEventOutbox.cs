using TwinLab.Server.Events;

namespace TwinLab.Server.Routing.Delivery;

/// <summary>
/// The durable queue of events that are not in the event log (drift alarms, for example) but must reach the event routes
/// like graph events do: each enqueued event is delivered, in order, to the endpoint of every route whose filter it passes.
/// </summary>
/// <remarks>
/// <see cref="Enqueue"/> stores the event before it returns, so it survives a crash; delivery is at-least-once, and
/// receivers de-duplicate by the event's <see cref="TwinLabEvent.Id"/> (<c>ce-id</c>), which should therefore be unique.
/// The outbox does not publish to the live stream (<c>/events</c>): a caller that wants that publishes to
/// <see cref="IEventPublisher"/> itself. Thread-safe.
/// </remarks>
public interface IRoutedEventOutbox
{
    /// <summary>Stores <paramref name="e"/> for delivery to the routes and wakes the deliverer.</summary>
    /// <exception cref="ArgumentException">The event has no id or no type.</exception>
    void Enqueue(TwinLabEvent e);
}
