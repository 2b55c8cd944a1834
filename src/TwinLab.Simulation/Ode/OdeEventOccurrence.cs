namespace TwinLab.Simulation.Ode;

/// <summary>One located occurrence of an <see cref="OdeEvent"/>.</summary>
public sealed class OdeEventOccurrence
{
    private readonly double[] _state;

    internal OdeEventOccurrence(OdeEvent @event, int eventIndex, double time, double[] state)
    {
        Event = @event;
        EventIndex = eventIndex;
        Time = time;
        _state = state;
    }

    /// <summary>The event that occurred.</summary>
    public OdeEvent Event { get; }

    /// <summary>The position of <see cref="Event"/> in the list passed to the solver.</summary>
    public int EventIndex { get; }

    /// <summary>
    /// The located time, to within a few units in the last place, taken on the far side of the crossing
    /// (where g has already changed sign), so the state has crossed too.
    /// </summary>
    public double Time { get; }

    /// <summary>The state at <see cref="Time"/>, from the dense output.</summary>
    public ReadOnlySpan<double> State => _state;
}
