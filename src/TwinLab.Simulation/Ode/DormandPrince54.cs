namespace TwinLab.Simulation.Ode;

/// <summary>
/// Adaptive explicit Runge–Kutta solver for non-stiff systems: the Dormand–Prince 5(4) pair (Dormand and Prince,
/// J. Comp. Appl. Math. 6(1) (1980) 19–26) with error control, dense output and event location, after
/// Hairer, Nørsett and Wanner, Solving Ordinary Differential Equations I, 2nd ed. (their code DOPRI5).
/// </summary>
/// <remarks>
/// <para>Written here because MathNet.Numerics 5 offers only fixed-step Runge–Kutta and Adams–Bashforth
/// methods, without error control, dense output or events.</para>
/// <para>Integrates forwards or, when the end time is before the start, backwards. Stateless apart from its
/// options: one instance may serve many threads, each call with its own buffers. The step loop allocates
/// nothing; storage grows only with the steps a <see cref="OdeSolution"/> keeps and with events found.</para>
/// </remarks>
public sealed class DormandPrince54
{
    /// <summary>Creates a solver.</summary>
    /// <param name="options">Tolerances and limits; the defaults when null.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public DormandPrince54(DormandPrinceOptions? options = null)
    {
        Options = options ?? new DormandPrinceOptions();
        Options.Validate();
    }

    /// <summary>The options this solver uses.</summary>
    public DormandPrinceOptions Options { get; }

    /// <summary>Integrates from <paramref name="t0"/> to <paramref name="tEnd"/>, keeping every step for dense output.</summary>
    /// <param name="system">The right-hand side.</param>
    /// <param name="t0">The initial time.</param>
    /// <param name="y0">The initial state.</param>
    /// <param name="tEnd">The final time (before <paramref name="t0"/> to integrate backwards).</param>
    /// <param name="events">Events to locate; terminal ones end the integration.</param>
    /// <exception cref="ArgumentException">A non-finite time or initial value, an empty state, or tolerances of the wrong length.</exception>
    /// <exception cref="OdeSolverException">The right-hand side or an event function returned NaN or infinity, the step size collapsed, or <see cref="DormandPrinceOptions.MaxSteps"/> ran out.</exception>
    public OdeSolution Solve(OdeSystem system, double t0, ReadOnlySpan<double> y0, double tEnd, IReadOnlyList<OdeEvent>? events = null) =>
        SolvePiecewise(system, t0, y0, tEnd, [], events);

    /// <summary>
    /// Integrates from <paramref name="t0"/> to <paramref name="tEnd"/>, stopping at each state change to
    /// apply it and restarting from the changed state: for doses, refills and switched inputs.
    /// </summary>
    /// <param name="system">The right-hand side.</param>
    /// <param name="t0">The initial time.</param>
    /// <param name="y0">The initial state (before any change at <paramref name="t0"/>).</param>
    /// <param name="tEnd">The final time (before <paramref name="t0"/> to integrate backwards).</param>
    /// <param name="changes">State changes at times between <paramref name="t0"/> and <paramref name="tEnd"/> inclusive, in any order; those at the same time apply in list order.</param>
    /// <param name="events">Events to locate; terminal ones end the integration (later changes are not applied). A jump caused by a change is not an event.</param>
    /// <exception cref="ArgumentException">As for <see cref="Solve(OdeSystem, double, ReadOnlySpan{double}, double, IReadOnlyList{OdeEvent}?)"/>, or a change outside the interval.</exception>
    /// <exception cref="OdeSolverException">As for <see cref="Solve(OdeSystem, double, ReadOnlySpan{double}, double, IReadOnlyList{OdeEvent}?)"/>, or a change produced a NaN or infinite state.</exception>
    public OdeSolution SolvePiecewise(
        OdeSystem system, double t0, ReadOnlySpan<double> y0, double tEnd, IReadOnlyList<StateChange> changes, IReadOnlyList<OdeEvent>? events = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(changes);
        OdeArguments.Time(t0, nameof(t0));
        OdeArguments.Time(tEnd, nameof(tEnd));
        OdeArguments.InitialState(y0, nameof(y0));
        var direction = tEnd >= t0 ? 1.0 : -1.0;
        var ordered = Order(changes, t0, tEnd, direction);

        var n = y0.Length;
        var stepper = new DormandPrinceStepper(system, n, Options);
        var tracker = EventTracker.Create(events, n);
        var recorder = new DenseRecorder(n, direction);
        recorder.AddPoint(t0, y0);
        stepper.Start(t0, y0, direction, ordered.Length > 0 ? ordered[0].Time : tEnd);
        tracker?.Reset(t0, y0);

        OdeEventOccurrence? terminal = null;
        var y = new double[n];
        for (var next = 0; next < ordered.Length;)
        {
            var tChange = ordered[next].Time;
            terminal = IntegrationLoop.Run(stepper, tracker, tChange, recorder);
            if (terminal is not null) break;
            stepper.Y.CopyTo(y);
            for (; next < ordered.Length && ordered[next].Time == tChange; next++) ordered[next].Apply(tChange, y);
            foreach (var value in y)
            {
                if (!double.IsFinite(value)) throw OdeSolverException.NonFiniteState(tChange, "A state change");
            }
            recorder.AddPoint(tChange, y);
            stepper.Start(tChange, y, direction, next < ordered.Length ? ordered[next].Time : tEnd);
            tracker?.Reset(tChange, y);
        }
        terminal ??= IntegrationLoop.Run(stepper, tracker, tEnd, recorder);
        return new OdeSolution(recorder.Points, recorder.Segments, direction, tracker?.Occurrences ?? [], terminal, stepper.Statistics);
    }

    /// <summary>
    /// Integrates from <paramref name="t0"/> to the last of <paramref name="outputTimes"/> and returns the state
    /// at each of them, interpolated from the dense output; the steps themselves are not kept, so memory does
    /// not grow with the number of steps.
    /// </summary>
    /// <param name="system">The right-hand side.</param>
    /// <param name="t0">The initial time.</param>
    /// <param name="y0">The initial state.</param>
    /// <param name="outputTimes">Output times, non-empty, ordered in the direction of integration, none before <paramref name="t0"/>; the last is the final time.</param>
    /// <param name="events">Events to locate; a terminal one ends the integration and the samples after it are not produced.</param>
    /// <exception cref="ArgumentException">Output times empty, unordered, non-finite or before <paramref name="t0"/>; or as for <see cref="Solve(OdeSystem, double, ReadOnlySpan{double}, double, IReadOnlyList{OdeEvent}?)"/>.</exception>
    /// <exception cref="OdeSolverException">As for <see cref="Solve(OdeSystem, double, ReadOnlySpan{double}, double, IReadOnlyList{OdeEvent}?)"/>.</exception>
    public OdeSamples Solve(OdeSystem system, double t0, ReadOnlySpan<double> y0, ReadOnlySpan<double> outputTimes, IReadOnlyList<OdeEvent>? events = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        OdeArguments.Time(t0, nameof(t0));
        OdeArguments.InitialState(y0, nameof(y0));
        if (outputTimes.IsEmpty) throw new ArgumentException("At least one output time is needed.", nameof(outputTimes));
        var tEnd = outputTimes[^1];
        var direction = tEnd >= t0 ? 1.0 : -1.0;
        var previous = t0;
        for (var i = 0; i < outputTimes.Length; i++)
        {
            OdeArguments.Time(outputTimes[i], nameof(outputTimes));
            if ((outputTimes[i] - previous) * direction < 0)
                throw new ArgumentException(
                    $"Output time #{i} ({outputTimes[i]:R}) is out of order: times must run from t0 = {t0:R} towards {tEnd:R}.", nameof(outputTimes));
            previous = outputTimes[i];
        }

        var n = y0.Length;
        var stepper = new DormandPrinceStepper(system, n, Options);
        var tracker = EventTracker.Create(events, n);
        var sampler = new OutputSampler(outputTimes, n, direction);
        sampler.Start(t0, y0);
        stepper.Start(t0, y0, direction, tEnd);
        tracker?.Reset(t0, y0);
        var terminal = IntegrationLoop.Run(stepper, tracker, tEnd, sampler);
        return new OdeSamples(sampler.Samples, tracker?.Occurrences ?? [], terminal, stepper.Statistics);
    }

    private static StateChange[] Order(IReadOnlyList<StateChange> changes, double t0, double tEnd, double direction)
    {
        for (var i = 0; i < changes.Count; i++)
        {
            var change = changes[i] ?? throw new ArgumentException($"State change #{i} is null.", nameof(changes));
            if (change.Apply is null) throw new ArgumentException($"State change #{i} has no action.", nameof(changes));
            if (!double.IsFinite(change.Time) || (change.Time - t0) * direction < 0 || (change.Time - tEnd) * direction > 0)
                throw new ArgumentException(
                    $"State change #{i} at t = {change.Time:R} lies outside the integration interval [{Math.Min(t0, tEnd):R}, {Math.Max(t0, tEnd):R}].", nameof(changes));
        }
        // OrderBy is stable, so changes at the same time keep the caller's order.
        return [.. changes.OrderBy(c => direction * c.Time)];
    }
}
