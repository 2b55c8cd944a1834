namespace TwinLab.Simulation.Ode;

/// <summary>
/// The dense output of every accepted step, in integration order: start time, signed step size and the
/// 5·n interpolation coefficients (see <see cref="DenseOutput"/>), in flat growable arrays.
/// </summary>
internal sealed class DenseSegments(int dimension, double direction)
{
    private readonly int _width = DenseOutput.Rows * dimension;
    private double[] _starts = new double[16];
    private double[] _steps = new double[16];
    private double[] _coefficients = new double[16 * DenseOutput.Rows * dimension];

    public int Count { get; private set; }

    public void Add(double tStart, double h, ReadOnlySpan<double> coefficients)
    {
        if (Count == _starts.Length)
        {
            Array.Resize(ref _starts, 2 * Count);
            Array.Resize(ref _steps, 2 * Count);
            Array.Resize(ref _coefficients, 2 * Count * _width);
        }
        _starts[Count] = tStart;
        _steps[Count] = h;
        coefficients.CopyTo(_coefficients.AsSpan(Count * _width, _width));
        Count++;
    }

    /// <summary>
    /// Interpolates at <paramref name="t"/> with the last segment that starts at or before it (in the direction
    /// of integration), so where a state change makes the solution jump the value after the jump is returned.
    /// </summary>
    public void Evaluate(double t, Span<double> y)
    {
        int low = 0, high = Count - 1;
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if ((_starts[middle] - t) * direction <= 0) low = middle;
            else high = middle - 1;
        }
        DenseOutput.Evaluate(_starts[low], _steps[low], _coefficients.AsSpan(low * _width, _width), t, y);
    }
}
