using System.Globalization;
using TwinLab.Core.Application;
using TwinLab.Server.Events;
using TwinLab.Sync.DeadLetters;

namespace TwinLab.Server.Routing.Delivery;

/// <summary>What every route worker shares.</summary>
internal sealed record DeliveryContext(
    TwinService Service,
    DeliveryStateStore States,
    RoutedEventOutbox Outbox,
    DeadLetterStore DeadLetters,
    Func<EventOrigin> Origin,
    TimeProvider Time,
    RouteDeliveryOptions Options,
    ILogger Log,
    Func<EndpointDefinition, IEndpointSender> Senders);

/// <summary>
/// Delivers one route's events, in order, to its endpoint: reads main's event log (and the outbox) from the route's
/// cursor, skips what the filter does not pass, sends the next event, retries it with backoff until it is delivered or
/// dead-lettered, and only then moves the cursor past it and saves it.
/// </summary>
/// <remarks>
/// <para>One worker per route, each on its own loop, so an endpoint that is down holds up its own routes only. Nothing
/// is queued in memory: the worker holds the event at the head and one page of the log; everything else stays in the
/// log until the cursor reaches it, so a long outage costs no memory and a crash loses nothing (the event being
/// delivered when the process died is sent again: at-least-once).</para>
/// <para>Log events and outbox events are two ordered streams; each is delivered in its own order, and the outbox is
/// looked at whenever it changed and at least every poll interval, so a busy log never starves it.</para>
/// </remarks>
internal sealed class RouteWorker : IAsyncDisposable
{
    /// <summary>Events examined in one turn before the loop checks for cancellation and changes again.</summary>
    private const int TurnSize = 2000;

    private const int OutboxPage = 50;

    private readonly DeliveryContext _ctx;
    private readonly WakeSignal _wake = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Random _random;
    private volatile Assignment _assignment;
    private Task? _run;

    // Loop state (touched only by the loop).
    private RouteDeliveryState _state = null!;
    private EventLogFeed? _feed;
    private bool _loaded;
    private Head? _head;
    private IEndpointSender? _sender;
    private bool _dirty;
    private int _sinceSave;
    private bool _outboxDrained;
    private long _outboxVersion = -1;
    private DateTimeOffset _outboxChecked = DateTimeOffset.MinValue;

    private sealed record Assignment(CompiledEventRoute Route, EndpointDefinition? Endpoint);

    /// <summary>The event being delivered: from the log (<see cref="Item"/>) or the outbox (<see cref="Entry"/>).</summary>
    private sealed record Head(TwinLabEvent Event, DateTimeOffset Entered, string Position, FeedItem? Item, OutboxEntry? Entry);

    public RouteWorker(DeliveryContext context, CompiledEventRoute route, EndpointDefinition? endpoint)
    {
        _ctx = context;
        RouteId = route.Route.Id;
        _assignment = new Assignment(route, endpoint);
        _random = context.Options.JitterSeed is { } seed ? new Random(unchecked(seed * 31 + StableHash(RouteId))) : new Random(Random.Shared.Next());
    }

    public string RouteId { get; }

    /// <summary>The loop (tests).</summary>
    internal Task? Running => _run;

    /// <summary>Gives the worker the route's and its endpoint's current definitions.</summary>
    public void Assign(CompiledEventRoute route, EndpointDefinition? endpoint)
    {
        var current = _assignment;
        if (ReferenceEquals(current.Route, route) && (current.Endpoint is null ? endpoint is null : endpoint is not null && current.Endpoint.SameDeliveryAs(endpoint)))
            return;
        _assignment = new Assignment(route, endpoint);
        _wake.Set();
    }

    /// <summary>Something may have changed (a commit, an outbox event): look again now.</summary>
    public void Wake() => _wake.Set();

    public void Start() => _run = Task.Run(() => RunAsync(_stop.Token));

    private async Task RunAsync(CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    if (_feed is null)
                    {
                        _state = _ctx.States.Find(RouteId) ?? _ctx.States.Begin(RouteId, _ctx.Service.LastSequence, _ctx.Outbox.LastId(), _ctx.Time.GetUtcNow());
                        _loaded = true;
                        _dirty = false;
                        _feed = new EventLogFeed(_ctx.Service, _ctx.Origin, _state.Sequence, _state.Handled);
                    }
                    var wait = await TurnAsync(stop);
                    if (wait is { } w)
                    {
                        SaveIfDirty();
                        await _wake.WaitAsync(w, _ctx.Time, stop);
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // A failure of TwinLab's own (the store, a bug), not of the endpoint: note it, start again from the saved
                    // cursor, and try again a poll interval later.
                    _ctx.Log.LogError(e, "Delivery for event route {Route} failed; retrying from its saved cursor", RouteId);
                    if (_loaded)
                    {
                        _state = _state with { LastError = $"delivery failed inside TwinLab: {e.Message}", LastErrorTime = _ctx.Time.GetUtcNow() };
                        TrySave();
                    }
                    // Start again from what is saved: the feed is rebuilt from the stored cursor.
                    _feed = null;
                    _head = null;
                    _outboxDrained = false;
                    try
                    {
                        await _wake.WaitAsync(_ctx.Options.PollInterval, _ctx.Time, stop);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                }
            }
        }
        finally
        {
            if (_loaded && _dirty) TrySave();
            if (_sender is not null) await _sender.DisposeAsync();
        }
    }

    /// <summary>Does one step; returns how long to sleep (until woken) afterwards, or <c>null</c> to go on at once.</summary>
    private async Task<TimeSpan?> TurnAsync(CancellationToken stop)
    {
        var (route, endpoint) = _assignment;
        var now = _ctx.Time.GetUtcNow();
        if (endpoint is not { IsDelivered: true })
        {
            // Only routes whose endpoint vanished behind the API's back get here (the API refuses both ways in): hold the
            // position, so nothing is lost if the endpoint comes back.
            var why = $"the endpoint '{route.Route.EndpointName}' does not exist; events wait until it does";
            if (_state.LastError != why) { _state = _state with { LastError = why, LastErrorTime = now }; _dirty = true; }
            return _ctx.Options.PollInterval;
        }
        if (_sender is null || !_sender.Endpoint.SameDeliveryAs(endpoint))
        {
            if (_sender is not null) await _sender.DisposeAsync();
            _sender = _ctx.Senders(endpoint);
            // A changed endpoint (a fixed URL, a new header) deserves an attempt now rather than at the end of a long backoff.
            if (_state.NextAttempt is not null) { _state = _state with { NextAttempt = null }; _dirty = true; }
        }
        if (_head is null)
        {
            var (head, atEnd) = NextMatching(route, now);
            if (head is null) return atEnd ? _ctx.Options.PollInterval : null;
            _head = head;
        }
        if (_state.Retrying == _head.Event.Id && _state.NextAttempt is { } at && at > now) return at - now;

        var outcome = await _sender.SendAsync(_head.Event, stop);
        Record(_head, outcome, endpoint, _ctx.Time.GetUtcNow());
        if (outcome.Status != SendStatus.Retry || _state.Retrying is null) _head = null;
        return null;
    }

    /// <summary>The next event the filter passes, moving the cursor over those it does not; <c>atEnd</c> when the log and
    /// the outbox hold nothing more now.</summary>
    private (Head? Head, bool AtEnd) NextMatching(CompiledEventRoute route, DateTimeOffset now)
    {
        for (var examined = 0; examined < TurnSize; examined++)
        {
            var version = _ctx.Outbox.Version;
            if (!_outboxDrained || version != _outboxVersion || now - _outboxChecked >= _ctx.Options.PollInterval)
            {
                _outboxChecked = now;
                var entries = _ctx.Outbox.After(_state.OutboxCursor, OutboxPage);
                foreach (var entry in entries)
                {
                    if (Passes(route, entry.Event))
                    {
                        _outboxDrained = false;
                        return (new Head(entry.Event, entry.Entered, $"outbox event {entry.Id}", null, entry), false);
                    }
                    _state = _state with { OutboxCursor = entry.Id };
                    _dirty = true;
                }
                _outboxDrained = entries.Count < OutboxPage;
                _outboxVersion = version;
            }

            var item = _feed!.Next();
            if (item is null)
            {
                if (_feed.Position > _state.Sequence)
                {
                    _state = _state with { Sequence = _feed.Position, Handled = 0 };
                    _dirty = true;
                }
                return (null, true);
            }
            if (Passes(route, item.Event))
                return (new Head(item.Event, item.Committed, $"event {item.Event.Id} (sequence {item.Sequence})", item, null), false);
            _state = Advance(_state, item);
            _dirty = true;
            if (++_sinceSave >= _ctx.Options.SaveEvery) SaveIfDirty();
        }
        return (null, false);
    }

    /// <summary>Applies an attempt's outcome to the state, dead-letters when it is final and failed, and saves.</summary>
    private void Record(Head head, SendOutcome outcome, EndpointDefinition endpoint, DateTimeOffset now)
    {
        var policy = endpoint.RetryInForce;
        var attempts = (_state.Retrying == head.Event.Id ? _state.Attempts : 0) + 1;
        switch (outcome.Status)
        {
            case SendStatus.Delivered:
                _state = Past(head) with { Delivered = _state.Delivered + 1, LastDelivered = now, EndpointName = endpoint.Name };
                break;
            case SendStatus.Retry:
                var age = now - head.Entered;
                if (policy.GivesUp(attempts, age))
                {
                    DeadLetter(head, endpoint, attempts, now,
                        $"{outcome.Reason}; gave up after {attempts} attempt{(attempts == 1 ? "" : "s")}, the event being {Describe(age)} old "
                        + $"(retry policy: {(policy.MaxAttempts is { } n ? $"at most {n} attempts, " : "")}at most {Describe(TimeSpan.FromSeconds(policy.MaxAgeSeconds))} old)");
                    break;
                }
                var wait = policy.Backoff(attempts, _random, outcome.RetryAfter);
                _state = _state with
                {
                    Attempts = attempts, Retrying = head.Event.Id, NextAttempt = now + wait, LastError = outcome.Reason, LastErrorTime = now,
                    EndpointName = endpoint.Name,
                };
                _ctx.Log.LogDebug("Route {Route}: attempt {Attempt} at {Event} failed ({Reason}); next in {Wait}", RouteId, attempts, head.Position, outcome.Reason, wait);
                break;
            default:
                DeadLetter(head, endpoint, attempts, now, $"{outcome.Reason}; not retried: the receiver refused the event");
                break;
        }
        Save();
    }

    private void DeadLetter(Head head, EndpointDefinition endpoint, int attempts, DateTimeOffset now, string reason)
    {
        // Stored before the cursor moves: a crash in between stores it again under the same id, not twice.
        _ctx.DeadLetters.Add(DeadLetterStore.Route, RouteId, head.Event.Id, reason, head.Position, CloudEventJson.Utf8(head.Event), endpoint.Name, attempts);
        _ctx.Log.LogWarning("Route {Route} dead-lettered {Event} for endpoint {Endpoint}: {Reason}", RouteId, head.Position, endpoint.Name, reason);
        _state = Past(head) with { DeadLettered = _state.DeadLettered + 1, LastError = reason, LastErrorTime = now, EndpointName = endpoint.Name };
    }

    /// <summary>The state with the cursor past <paramref name="head"/> and no retry pending.</summary>
    private RouteDeliveryState Past(Head head)
    {
        var moved = head.Item is { } item ? Advance(_state, item) : _state with { OutboxCursor = head.Entry!.Id };
        return moved with { Attempts = 0, Retrying = null, NextAttempt = null };
    }

    private static RouteDeliveryState Advance(RouteDeliveryState state, FeedItem item) => item.LastOfSequence
        ? state with { Sequence = item.Sequence, Handled = 0 }
        : state with { Sequence = item.Sequence - 1, Handled = item.Index + 1 };

    /// <summary>A filter that throws (a bad expression meeting an odd event) lets that event pass to nobody.</summary>
    private static bool Passes(CompiledEventRoute route, TwinLabEvent e)
    {
        try
        {
            return route.Matches(e);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return false;
        }
    }

    private void SaveIfDirty()
    {
        if (_dirty) Save();
    }

    private void Save()
    {
        _ctx.States.Save(_state);
        _dirty = false;
        _sinceSave = 0;
    }

    private void TrySave()
    {
        try
        {
            Save();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _ctx.Log.LogWarning(e, "Could not save the delivery state of event route {Route}", RouteId);
        }
    }

    private static string Describe(TimeSpan t) =>
        t.TotalSeconds < 120 ? $"{t.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s"
        : t.TotalMinutes < 120 ? $"{t.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture)} min"
        : $"{t.TotalHours.ToString("0.#", CultureInfo.InvariantCulture)} h";

    /// <summary>FNV-1a of the route id: the same on every run (string.GetHashCode is randomised per process).</summary>
    private static int StableHash(string s)
    {
        var h = 2166136261u;
        foreach (var c in s) h = (h ^ c) * 16777619u;
        return unchecked((int)h);
    }

    /// <summary>Stops the loop (a delivery in flight is abandoned and made again later) and waits for it.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            try
            {
                await _run;
            }
            catch (OperationCanceledException)
            {
            }
        }
        _stop.Dispose();
    }
}
