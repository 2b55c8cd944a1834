namespace TwinLab.Simulation.Events;

/// <summary>
/// A discrete-event simulation kernel: a clock and an event calendar. Events are due at a time; the engine
/// runs them in time order and, among events due at the same time, in the order they were scheduled, so a
/// run is a pure function of the model and its random numbers.
/// </summary>
/// <remarks>
/// <para>Two ways to model on it. The low level: an <see cref="IEventHandler"/> schedules struct events with
/// <see cref="Schedule"/>; scheduling and dispatching allocate nothing once the calendar has reached its working
/// size. The process level, after SimPy: <see cref="Start(Func{Process, IEnumerable{SimEvent}}, string?)"/>
/// runs iterators that yield <see cref="SimEvent"/>s (timeouts, resource requests, store gets and puts, other
/// processes) and resume when those happen.</para>
/// <para>Not thread-safe: one engine per replication.</para>
/// </remarks>
public sealed class EventEngine
{
    private EventCalendar _calendar;
    private long _sequence;
    private bool _running;
    private bool _stopRequested;

    /// <summary>An engine at time 0 with room for <paramref name="initialCapacity"/> pending events before it grows.</summary>
    public EventEngine(int initialCapacity = 64) => _calendar = new EventCalendar(initialCapacity);

    /// <summary>The simulated time: the time of the event being handled, or where the last run stopped.</summary>
    public double Now { get; private set; }

    /// <summary>How many events have been dispatched since the engine was created or reset.</summary>
    public long EventsProcessed { get; private set; }

    /// <summary>How many events are scheduled and not yet dispatched.</summary>
    public int PendingEvents => _calendar.Count;

    /// <summary>When the next event is due, or +∞ when none is pending.</summary>
    public double NextEventTime => _calendar.Count > 0 ? _calendar.FirstTime : double.PositiveInfinity;

    /// <summary>The process whose iterator is running right now, if any (process level only).</summary>
    public Process? ActiveProcess { get; internal set; }

    /// <summary>Schedules an event <paramref name="delay"/> time units from now.</summary>
    /// <param name="delay">Non-negative and finite; 0 runs it after the events already due now.</param>
    /// <param name="handler">Receives the event.</param>
    /// <param name="kind">Passed back to the handler (what happens).</param>
    /// <param name="payload">Passed back to the handler (to whom, or any number the handler needs).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative, infinite or NaN.</exception>
    public void Schedule(double delay, IEventHandler handler, int kind = 0, long payload = 0)
    {
        // One comparison rejects negatives and NaN; infinity would make an event no run ever reaches.
        if (!(delay >= 0) || delay == double.PositiveInfinity) ThrowBadTime(nameof(delay), delay);
        Push(Now + delay, handler, kind, payload);
    }

    /// <summary>Schedules an event at an absolute time, which must not be in the past.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="time"/> is before <see cref="Now"/>, infinite or NaN.</exception>
    public void ScheduleAt(double time, IEventHandler handler, int kind = 0, long payload = 0)
    {
        if (!(time >= Now) || time == double.PositiveInfinity) ThrowBadTime(nameof(time), time);
        Push(time, handler, kind, payload);
    }

    /// <summary>
    /// Runs events due before <paramref name="until"/>, then sets <see cref="Now"/> to it (as SimPy's
    /// <c>run(until)</c>: an event due exactly at <paramref name="until"/> stays pending). Returns early,
    /// leaving the clock at the last event, when a handler calls <see cref="Stop"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">Called from inside a handler.</exception>
    public void Run(double until = double.PositiveInfinity)
    {
        if (!(until >= Now)) throw new ArgumentOutOfRangeException(nameof(until), until, $"Must not be before now ({Now}).");
        Enter();
        try
        {
            while (_calendar.Count > 0 && _calendar.FirstTime < until)
            {
                Dispatch();
                if (_stopRequested) return;
            }
            if (until != double.PositiveInfinity) Now = until;
        }
        finally
        {
            _running = false;
        }
    }

    /// <summary>Dispatches the next event; false when none is pending.</summary>
    /// <exception cref="InvalidOperationException">Called from inside a handler.</exception>
    public bool Step()
    {
        if (_calendar.Count == 0) return false;
        Enter();
        try
        {
            Dispatch();
        }
        finally
        {
            _running = false;
        }
        return true;
    }

    /// <summary>Makes the current <see cref="Run"/> return once the event being handled is done.</summary>
    public void Stop() => _stopRequested = true;

    /// <summary>Drops every pending event and sets the clock and counters back to zero, keeping the calendar's memory.</summary>
    /// <exception cref="InvalidOperationException">Called from inside a handler.</exception>
    public void Reset()
    {
        if (_running) throw new InvalidOperationException("The engine cannot be reset while it runs.");
        _calendar.Clear();
        _sequence = 0;
        EventsProcessed = 0;
        Now = 0;
        ActiveProcess = null;
    }

    /// <summary>Starts a process at the current time; the body gets the process (to check interrupts, or hand it on).</summary>
    public Process Start(Func<Process, IEnumerable<SimEvent>> body, string? name = null) => new(this, body, name);

    /// <summary>Starts a process at the current time.</summary>
    public Process Start(IEnumerable<SimEvent> routine, string? name = null) => new(this, _ => routine, name);

    /// <summary>An event that happens <paramref name="delay"/> time units from now, with <paramref name="value"/>.</summary>
    public TimeoutEvent Timeout(double delay, object? value = null) => new(this, delay, value);

    /// <summary>An event the model triggers itself, with <see cref="SimEvent.Succeed"/> or <see cref="SimEvent.Fail"/>.</summary>
    public SimEvent Event() => new(this);

    /// <summary>An event that happens when all of <paramref name="events"/> have (or fails with the first that fails).</summary>
    public Condition AllOf(params SimEvent[] events) => new(this, events, all: true);

    /// <summary>An event that happens when any of <paramref name="events"/> has.</summary>
    public Condition AnyOf(params SimEvent[] events) => new(this, events, all: false);

    private void Push(double time, IEventHandler handler, int kind, long payload)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _calendar.Push(time, _sequence++, handler, kind, payload);
    }

    private void Dispatch()
    {
        var handler = _calendar.Pop(out var time, out var kind, out var payload);
        Now = time;
        EventsProcessed++;
        handler.Handle(kind, payload);
    }

    private void Enter()
    {
        if (_running) throw new InvalidOperationException("Run and Step cannot be called from inside an event handler.");
        _running = true;
        _stopRequested = false;
    }

    private static void ThrowBadTime(string name, double value) =>
        throw new ArgumentOutOfRangeException(name, value, "Must be a finite time, not in the past.");
}
