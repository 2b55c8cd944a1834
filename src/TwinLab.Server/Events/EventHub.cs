using System.Collections.Concurrent;
using System.Threading.Channels;

namespace TwinLab.Server.Events;

/// <summary>
/// The in-process event bus: every published event goes to each subscriber's own bounded queue. A subscriber that falls
/// more than <see cref="SubscriberCapacity"/> events behind is cut off (its reader completes with
/// <see cref="SubscriberLaggedException"/>) rather than slowing the publisher or growing without bound.
/// </summary>
public sealed class EventHub : IEventPublisher
{
    private readonly ConcurrentDictionary<long, Subscription> _subscribers = new();
    private long _next;

    /// <summary>Events a subscriber may have queued before it is cut off.</summary>
    public int SubscriberCapacity { get; init; } = 10_000;

    /// <summary>Current number of subscribers.</summary>
    public int SubscriberCount => _subscribers.Count;

    /// <summary>Subscribes to the events <paramref name="filter"/> accepts; dispose the subscription to leave.</summary>
    public Subscription Subscribe(Func<TwinLabEvent, bool> filter)
    {
        var id = Interlocked.Increment(ref _next);
        var channel = Channel.CreateBounded<TwinLabEvent>(new BoundedChannelOptions(SubscriberCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        var subscription = new Subscription(this, id, filter, channel);
        _subscribers[id] = subscription;
        return subscription;
    }

    /// <inheritdoc />
    public void Publish(TwinLabEvent e)
    {
        foreach (var s in _subscribers.Values)
        {
            if (!Accepts(s, e)) continue;
            if (!s.Channel.Writer.TryWrite(e))
            {
                s.Channel.Writer.TryComplete(new SubscriberLaggedException(SubscriberCapacity));
                _subscribers.TryRemove(s.Id, out _);
            }
        }
    }

    /// <summary>Cuts every current subscriber off: its reader completes with <paramref name="reason"/>.</summary>
    internal void DisconnectAll(Exception reason)
    {
        foreach (var s in _subscribers.Values)
            if (_subscribers.TryRemove(s.Id, out _)) s.Channel.Writer.TryComplete(reason);
    }

    /// <summary>A filter that throws (a bad expression meeting an odd event) rejects that event for its subscriber only,
    /// so one subscriber's filter can never keep events from the others.</summary>
    private static bool Accepts(Subscription s, TwinLabEvent e)
    {
        try
        {
            return s.Filter(e);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return false;
        }
    }

    /// <summary>One subscriber: read <see cref="Reader"/>; dispose to unsubscribe.</summary>
    public sealed class Subscription : IDisposable
    {
        private readonly EventHub _hub;

        internal Subscription(EventHub hub, long id, Func<TwinLabEvent, bool> filter, Channel<TwinLabEvent> channel)
        {
            _hub = hub;
            Id = id;
            Filter = filter;
            Channel = channel;
        }

        internal long Id { get; }
        internal Func<TwinLabEvent, bool> Filter { get; }
        internal Channel<TwinLabEvent> Channel { get; }

        /// <summary>The subscriber's events, in publication order.</summary>
        public ChannelReader<TwinLabEvent> Reader => Channel.Reader;

        /// <inheritdoc />
        public void Dispose()
        {
            _hub._subscribers.TryRemove(Id, out _);
            Channel.Writer.TryComplete();
        }
    }
}

/// <summary>A subscriber fell too far behind the publisher and was cut off.</summary>
public sealed class SubscriberLaggedException(int capacity)
    : Exception($"The subscriber fell more than {capacity} events behind and was disconnected; reconnect (with Last-Event-ID to resume).");
