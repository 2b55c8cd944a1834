namespace TwinLab.Simulation.Events;

/// <summary>An event that happens a given time after it was created (SimPy's <c>Timeout</c>). Create it with <see cref="EventEngine.Timeout"/>.</summary>
public sealed class TimeoutEvent : SimEvent
{
    internal TimeoutEvent(EventEngine engine, double delay, object? value) : base(engine)
    {
        Delay = delay;
        Trigger(delay, value, null);
    }

    /// <summary>How long after its creation it happens.</summary>
    public double Delay { get; }

    /// <inheritdoc />
    public override string ToString() => $"Timeout({Delay})";
}
