using System.Runtime.ExceptionServices;

namespace TwinLab.Simulation.Events;

/// <summary>
/// Something a process can wait for (SimPy's <c>Event</c>). It is pending until triggered (it succeeds with a
/// value or fails with an exception); the engine then processes it at its time, which resumes every process
/// waiting for it, in the order they started waiting.
/// </summary>
/// <remarks>
/// A failed event that nobody waits for makes <see cref="EventEngine.Run"/> throw its exception (as SimPy does),
/// so failures do not vanish; set <see cref="Defused"/> to allow it. A process waiting for an event that may
/// fail checks <see cref="IsOk"/> after it resumes: C# iterators cannot have an exception thrown into them.
/// </remarks>
public class SimEvent : IEventHandler
{
    private ISimEventListener? _first;
    private List<ISimEventListener>? _more;

    /// <summary>A pending event on <paramref name="engine"/>.</summary>
    public SimEvent(EventEngine engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        Engine = engine;
    }

    /// <summary>The engine this event belongs to.</summary>
    public EventEngine Engine { get; }

    /// <summary>Whether it has succeeded or failed (it may not have been processed yet).</summary>
    public bool IsTriggered { get; private set; }

    /// <summary>Whether the engine has processed it: waiters have been resumed.</summary>
    public bool IsProcessed { get; private set; }

    /// <summary>Whether it has been triggered and succeeded.</summary>
    public bool IsOk => IsTriggered && Exception is null;

    /// <summary>The value it succeeded with.</summary>
    public object? Value { get; private set; }

    /// <summary>The exception it failed with.</summary>
    public Exception? Exception { get; private set; }

    /// <summary>Whether a failure nobody waits for is allowed (otherwise it ends the run with the exception).</summary>
    public bool Defused { get; set; }

    /// <summary>Triggers it successfully; it is processed after the events already due now.</summary>
    /// <exception cref="InvalidOperationException">It was already triggered, or is not the model's to trigger (a process, a request).</exception>
    public SimEvent Succeed(object? value = null)
    {
        EnsureUserTriggerable();
        Trigger(0, value, null);
        return this;
    }

    /// <summary>Triggers it as failed; waiting processes resume and see <see cref="Exception"/>.</summary>
    /// <exception cref="InvalidOperationException">It was already triggered, or is not the model's to trigger.</exception>
    public SimEvent Fail(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        EnsureUserTriggerable();
        Trigger(0, null, exception);
        return this;
    }

    /// <summary>False for events the library triggers itself (processes, requests), which the model must not.</summary>
    private protected virtual bool IsUserTriggerable => true;

    /// <summary>Marks it triggered and schedules its processing <paramref name="delay"/> from now.</summary>
    private protected void Trigger(double delay, object? value, Exception? exception)
    {
        if (IsTriggered) throw new InvalidOperationException($"{this} has already been triggered.");
        IsTriggered = true;
        Value = value;
        Exception = exception;
        Engine.Schedule(delay, this);
    }

    internal void AddListener(ISimEventListener listener)
    {
        if (IsProcessed) throw new InvalidOperationException($"{this} has already been processed.");
        // Invariant: _more is empty whenever _first is null (RemoveListener promotes), so order is kept.
        if (_first is null) _first = listener;
        else (_more ??= []).Add(listener);
    }

    internal void RemoveListener(ISimEventListener listener)
    {
        if (ReferenceEquals(_first, listener))
        {
            // Promote the next listener so resumption order stays the order of waiting.
            _first = null;
            if (_more is { Count: > 0 })
            {
                _first = _more[0];
                _more.RemoveAt(0);
            }
        }
        else _more?.Remove(listener);
    }

    void IEventHandler.Handle(int kind, long payload) => OnDispatch(kind);

    /// <summary>Handles an engine event scheduled for this object; kind 0 is "process me".</summary>
    private protected virtual void OnDispatch(int kind)
    {
        IsProcessed = true;
        var first = _first;
        var more = _more;
        _first = null;
        _more = null;
        if (first is null && Exception is { } unhandled && !Defused) ExceptionDispatchInfo.Throw(unhandled);
        first?.OnProcessed(this);
        if (more is null) return;
        foreach (var listener in more) listener.OnProcessed(this);
    }

    private void EnsureUserTriggerable()
    {
        if (!IsUserTriggerable) throw new InvalidOperationException($"{this} is triggered by the simulation, not by the model.");
    }
}
