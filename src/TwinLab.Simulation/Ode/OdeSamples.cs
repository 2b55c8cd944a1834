namespace TwinLab.Simulation.Ode;

/// <summary>
/// The solution at chosen times only: from <see cref="DormandPrince54"/> at requested output times (the
/// steps themselves are not kept), or from <see cref="RungeKutta4"/> at every fixed step.
/// </summary>
public sealed class OdeSamples
{
    private readonly TrajectoryBuffer _samples;

    internal OdeSamples(TrajectoryBuffer samples, IReadOnlyList<OdeEventOccurrence> events, OdeEventOccurrence? terminalEvent, OdeStatistics statistics)
    {
        _samples = samples;
        Times = samples.Times();
        Events = events;
        TerminalEvent = terminalEvent;
        Statistics = statistics;
    }

    /// <summary>The number of state components.</summary>
    public int Dimension => _samples.Dimension;

    /// <summary>The sample times; fewer than requested when a terminal event stopped the integration first.</summary>
    public IReadOnlyList<double> Times { get; }

    /// <summary>The number of samples.</summary>
    public int Count => _samples.Count;

    /// <summary>Every event occurrence, in the order the integration met them.</summary>
    public IReadOnlyList<OdeEventOccurrence> Events { get; }

    /// <summary>The terminal event that stopped the integration early, or null.</summary>
    public OdeEventOccurrence? TerminalEvent { get; }

    /// <summary>Steps and function evaluations spent.</summary>
    public OdeStatistics Statistics { get; }

    /// <summary>The state at sample <paramref name="index"/> (time <c>Times[index]</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such sample.</exception>
    public ReadOnlySpan<double> State(int index) => _samples.State(index);

    /// <summary>One component at every sample time, e.g. for plotting.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such component.</exception>
    public double[] Component(int component)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(component);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(component, Dimension);
        var values = new double[Count];
        for (var i = 0; i < values.Length; i++) values[i] = _samples.State(i)[component];
        return values;
    }
}
