namespace TwinLab.Simulation.Ode;

/// <summary>Receives each accepted step of an integration: what to keep of it is the sink's business.</summary>
internal interface IStepSink
{
    /// <summary>
    /// The stepper has just accepted a step; the integration reached (<paramref name="t"/>, <paramref name="y"/>),
    /// which is the step's end or, at a terminal event, a point inside it.
    /// </summary>
    void OnStep(DormandPrinceStepper stepper, double t, ReadOnlySpan<double> y);
}
