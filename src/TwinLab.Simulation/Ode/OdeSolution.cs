namespace TwinLab.Simulation.Ode;

/// <summary>
/// The result of <see cref="DormandPrince54.Solve(OdeSystem, double, ReadOnlySpan{double}, double, IReadOnlyList{OdeEvent}?)"/>:
/// the state at every accepted step, a continuous solution between them, the events met, and the work done.
/// </summary>
/// <remarks>
/// <see cref="Evaluate(double, Span{double})"/> uses each step's fourth-order continuous extension, so its
/// error is of the same order as the solver's own error at the step points. Where a state change makes the
/// solution jump (<see cref="DormandPrince54.SolvePiecewise"/>), <see cref="Times"/> holds that time twice
/// (state before, then after) and <see cref="Evaluate(double, Span{double})"/> returns the state after.
/// </remarks>
public sealed class OdeSolution
{
    private readonly TrajectoryBuffer _points;
    private readonly DenseSegments _segments;
    private readonly double _direction;

    internal OdeSolution(
        TrajectoryBuffer points, DenseSegments segments, double direction,
        IReadOnlyList<OdeEventOccurrence> events, OdeEventOccurrence? terminalEvent, OdeStatistics statistics)
    {
        _points = points;
        _segments = segments;
        _direction = direction;
        Times = points.Times();
        Events = events;
        TerminalEvent = terminalEvent;
        Statistics = statistics;
    }

    /// <summary>The number of state components.</summary>
    public int Dimension => _points.Dimension;

    /// <summary>The time of every stored point: the initial time, then the end of each accepted step (and the time of a terminal event).</summary>
    public IReadOnlyList<double> Times { get; }

    /// <summary>The number of stored points (the length of <see cref="Times"/>).</summary>
    public int Count => _points.Count;

    /// <summary>The initial time.</summary>
    public double InitialTime => Times[0];

    /// <summary>The time the integration reached: the requested end, or the time of the terminal event.</summary>
    public double FinalTime => Times[^1];

    /// <summary>The state at <see cref="FinalTime"/>.</summary>
    public ReadOnlySpan<double> FinalState => _points.Last;

    /// <summary>Every event occurrence, in the order the integration met them.</summary>
    public IReadOnlyList<OdeEventOccurrence> Events { get; }

    /// <summary>The terminal event that stopped the integration early, or null if it reached the requested end.</summary>
    public OdeEventOccurrence? TerminalEvent { get; }

    /// <summary>Steps and function evaluations spent.</summary>
    public OdeStatistics Statistics { get; }

    /// <summary>The state stored at point <paramref name="index"/> (time <c>Times[index]</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such point.</exception>
    public ReadOnlySpan<double> State(int index) => _points.State(index);

    /// <summary>Writes the solution at any <paramref name="t"/> between <see cref="InitialTime"/> and <see cref="FinalTime"/> into <paramref name="y"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="t"/> lies outside the integrated interval.</exception>
    /// <exception cref="ArgumentException"><paramref name="y"/> does not have <see cref="Dimension"/> components.</exception>
    public void Evaluate(double t, Span<double> y)
    {
        if (y.Length != Dimension)
            throw new ArgumentException($"Expected a buffer of {Dimension} components, got {y.Length}.", nameof(y));
        if (!((t - InitialTime) * _direction >= 0 && (t - FinalTime) * _direction <= 0))
            throw new ArgumentOutOfRangeException(nameof(t), t, $"The solution covers [{Math.Min(InitialTime, FinalTime):R}, {Math.Max(InitialTime, FinalTime):R}].");
        if (t == FinalTime || _segments.Count == 0) FinalState.CopyTo(y);
        else _segments.Evaluate(t, y);
    }

    /// <summary>The solution at <paramref name="t"/> as a new array; see <see cref="Evaluate(double, Span{double})"/>.</summary>
    public double[] Evaluate(double t)
    {
        var y = new double[Dimension];
        Evaluate(t, y);
        return y;
    }
}
