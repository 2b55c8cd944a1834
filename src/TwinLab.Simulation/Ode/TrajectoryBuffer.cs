namespace TwinLab.Simulation.Ode;

/// <summary>
/// Growable (time, state) rows kept in two flat arrays, so recording a step copies numbers instead of
/// allocating a row; capacity doubles, so appends are amortised O(n).
/// </summary>
internal sealed class TrajectoryBuffer
{
    private double[] _times;
    private double[] _states;

    public TrajectoryBuffer(int dimension, int capacity = 16)
    {
        Dimension = dimension;
        capacity = Math.Max(capacity, 1);
        _times = new double[capacity];
        _states = new double[capacity * dimension];
    }

    public int Dimension { get; }

    public int Count { get; private set; }

    public double Time(int index) => _times[Check(index)];

    public ReadOnlySpan<double> State(int index) => _states.AsSpan(Check(index) * Dimension, Dimension);

    public ReadOnlySpan<double> Last => State(Count - 1);

    public void Add(double t, ReadOnlySpan<double> y) => y.CopyTo(AddRow(t));

    /// <summary>Appends a row at <paramref name="t"/> and returns its state for the caller to fill.</summary>
    public Span<double> AddRow(double t)
    {
        if (Count == _times.Length)
        {
            Array.Resize(ref _times, 2 * Count);
            Array.Resize(ref _states, 2 * Count * Dimension);
        }
        _times[Count] = t;
        return _states.AsSpan(Count++ * Dimension, Dimension);
    }

    /// <summary>The times as a read-only list (a snapshot; later appends are not seen).</summary>
    public IReadOnlyList<double> Times() => Array.AsReadOnly(_times[..Count]);

    private int Check(int index) =>
        (uint)index < (uint)Count ? index : throw new ArgumentOutOfRangeException(nameof(index), index, $"There are {Count} points.");
}
