namespace TwinLab.Simulation.Ode;

/// <summary>
/// Fills the state at requested output times from each step's dense output and forgets the steps, so memory
/// is fixed by the number of output times, not the number of steps.
/// </summary>
internal sealed class OutputSampler : IStepSink
{
    private readonly double[] _times;
    private readonly double _direction;
    private int _next;

    public OutputSampler(ReadOnlySpan<double> times, int dimension, double direction)
    {
        _times = times.ToArray();
        _direction = direction;
        Samples = new TrajectoryBuffer(dimension, _times.Length);
    }

    public TrajectoryBuffer Samples { get; }

    /// <summary>Fills the output times that coincide with the initial time.</summary>
    public void Start(double t0, ReadOnlySpan<double> y0)
    {
        while (_next < _times.Length && _times[_next] == t0) Samples.Add(_times[_next++], y0);
    }

    public void OnStep(DormandPrinceStepper stepper, double t, ReadOnlySpan<double> y)
    {
        while (_next < _times.Length && (_times[_next] - t) * _direction <= 0)
        {
            var time = _times[_next++];
            var row = Samples.AddRow(time);
            if (time == t) y.CopyTo(row);
            else stepper.Interpolate(time, row);
        }
    }
}
