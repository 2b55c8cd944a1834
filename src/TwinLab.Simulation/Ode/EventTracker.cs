namespace TwinLab.Simulation.Ode;

/// <summary>
/// Watches the event functions across accepted steps: compares the sign of each g at the two ends of a step
/// and locates every crossing on that step's dense output. Allocates only when an event occurs.
/// </summary>
internal sealed class EventTracker
{
    private readonly OdeEvent[] _events;
    private readonly double[] _work;
    private double[] _gBefore, _gAfter;
    private readonly List<(double Time, int Index)> _hits;
    private readonly List<OdeEventOccurrence> _occurrences = [];

    private EventTracker(OdeEvent[] events, int dimension)
    {
        _events = events;
        _gBefore = new double[events.Length];
        _gAfter = new double[events.Length];
        _work = new double[dimension];
        _hits = new List<(double, int)>(events.Length);
    }

    /// <summary>Every occurrence so far, in the order the integration met them.</summary>
    public IReadOnlyList<OdeEventOccurrence> Occurrences => _occurrences;

    /// <summary>A tracker for <paramref name="events"/>, or null when there are none.</summary>
    public static EventTracker? Create(IReadOnlyList<OdeEvent>? events, int dimension)
    {
        if (events is null || events.Count == 0) return null;
        var copy = new OdeEvent[events.Count];
        for (var i = 0; i < copy.Length; i++)
            copy[i] = events[i] ?? throw new ArgumentException($"Event #{i} is null.", nameof(events));
        return new EventTracker(copy, dimension);
    }

    /// <summary>Takes the signs at the start of a stretch of integration (the start, or just after a state change).</summary>
    public void Reset(double t, ReadOnlySpan<double> y)
    {
        for (var i = 0; i < _events.Length; i++) _gBefore[i] = G(i, t, y);
    }

    /// <summary>
    /// Records the occurrences inside the stepper's last step, earliest first, and returns the first terminal
    /// one (after which later crossings in the step are not recorded), or null.
    /// </summary>
    public OdeEventOccurrence? Check(DormandPrinceStepper stepper)
    {
        _hits.Clear();
        for (var i = 0; i < _events.Length; i++)
        {
            var after = _gAfter[i] = G(i, stepper.T, stepper.Y);
            if (!_events[i].IsCrossing(_gBefore[i], after)) continue;
            var onStep = new EventOnStep(this, stepper, i);
            _hits.Add((CrossingLocator.Locate(ref onStep, stepper.TOld, _gBefore[i], stepper.T, after), i));
        }
        (_gBefore, _gAfter) = (_gAfter, _gBefore);
        if (_hits.Count == 0) return null;

        // Order along the direction of integration; simultaneous crossings keep the caller's event order.
        var direction = Math.Sign(stepper.H);
        if (_hits.Count > 1) _hits.Sort((p, q) => p.Time != q.Time ? direction * p.Time.CompareTo(q.Time) : p.Index.CompareTo(q.Index));
        foreach (var (time, index) in _hits)
        {
            var state = new double[_work.Length];
            if (time == stepper.T) stepper.Y.CopyTo(state);
            else stepper.Interpolate(time, state);
            var occurrence = new OdeEventOccurrence(_events[index], index, time, state);
            _occurrences.Add(occurrence);
            if (_events[index].IsTerminal) return occurrence;
        }
        return null;
    }

    private double G(int index, double t, ReadOnlySpan<double> y)
    {
        var value = _events[index].Function(t, y);
        return double.IsFinite(value) ? value : throw OdeSolverException.NonFiniteEvent(t, index, _events[index].Name, value);
    }

    /// <summary>Event function <c>index</c> along the stepper's dense output.</summary>
    private readonly struct EventOnStep(EventTracker tracker, DormandPrinceStepper stepper, int index) : IScalarFunction
    {
        public double Evaluate(double t)
        {
            stepper.Interpolate(t, tracker._work);
            return tracker.G(index, t, tracker._work);
        }
    }
}
