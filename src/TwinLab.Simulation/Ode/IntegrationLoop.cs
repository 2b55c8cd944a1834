namespace TwinLab.Simulation.Ode;

/// <summary>The step loop shared by every way of running <see cref="DormandPrince54"/>.</summary>
internal static class IntegrationLoop
{
    /// <summary>
    /// Steps from the stepper's current time to <paramref name="target"/>, checking events after each step;
    /// returns the terminal event that stopped it early, or null on reaching the target.
    /// </summary>
    public static OdeEventOccurrence? Run<TSink>(DormandPrinceStepper stepper, EventTracker? events, double target, TSink sink)
        where TSink : IStepSink
    {
        while (stepper.T != target)
        {
            stepper.Step(target);
            if (events?.Check(stepper) is { } terminal)
            {
                sink.OnStep(stepper, terminal.Time, terminal.State);
                return terminal;
            }
            sink.OnStep(stepper, stepper.T, stepper.Y);
        }
        return null;
    }
}
