namespace TwinLab.Simulation.Ode;

/// <summary>Keeps every accepted step, and its dense output, for an <see cref="OdeSolution"/>.</summary>
internal sealed class DenseRecorder(int dimension, double direction) : IStepSink
{
    public TrajectoryBuffer Points { get; } = new(dimension, 64);

    public DenseSegments Segments { get; } = new(dimension, direction);

    /// <summary>Records the start, or the state just after a state change (the solution jumps there).</summary>
    public void AddPoint(double t, ReadOnlySpan<double> y) => Points.Add(t, y);

    public void OnStep(DormandPrinceStepper stepper, double t, ReadOnlySpan<double> y)
    {
        Segments.Add(stepper.TOld, stepper.H, stepper.DenseCoefficients);
        Points.Add(t, y);
    }
}
