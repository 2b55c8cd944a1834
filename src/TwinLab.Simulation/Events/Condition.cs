namespace TwinLab.Simulation.Events;

/// <summary>
/// An event over other events (SimPy's <c>AllOf</c> and <c>AnyOf</c>): it succeeds when all (or any) of them
/// have been processed successfully, and fails as soon as one of them fails.
/// Create it with <see cref="EventEngine.AllOf"/> or <see cref="EventEngine.AnyOf"/>.
/// </summary>
public sealed class Condition : SimEvent, ISimEventListener
{
    private readonly SimEvent[] _events;
    private readonly bool _all;
    private int _done;

    internal Condition(EventEngine engine, SimEvent[] events, bool all) : base(engine)
    {
        ArgumentNullException.ThrowIfNull(events);
        _events = (SimEvent[])events.Clone();
        _all = all;
        foreach (var e in _events)
        {
            ArgumentNullException.ThrowIfNull(e, nameof(events));
            if (!ReferenceEquals(e.Engine, engine)) throw new ArgumentException("Every event must belong to this engine.", nameof(events));
        }
        if (_events.Length == 0)
        {
            Trigger(0, null, null);
            return;
        }
        foreach (var e in _events)
            if (e.IsProcessed && !Count(e)) return;
        foreach (var e in _events)
            if (!e.IsProcessed) e.AddListener(this);
    }

    /// <summary>The events it is over.</summary>
    public IReadOnlyList<SimEvent> Events => _events;

    private protected override bool IsUserTriggerable => false;

    void ISimEventListener.OnProcessed(SimEvent simEvent)
    {
        if (!IsTriggered) Count(simEvent);
    }

    /// <summary>Counts a processed event; false once the condition has triggered.</summary>
    private bool Count(SimEvent e)
    {
        if (e.Exception is { } failure) Trigger(0, null, failure);
        else if (++_done == _events.Length || !_all) Trigger(0, null, null);
        if (!IsTriggered) return true;
        foreach (var other in _events)
            if (!other.IsProcessed) other.RemoveListener(this);
        return false;
    }
}
