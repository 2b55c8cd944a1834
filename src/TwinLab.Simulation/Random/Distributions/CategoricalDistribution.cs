namespace TwinLab.Simulation.Random.Distributions;

/// <summary>
/// A finite set of values with weights. Outcomes are kept sorted by value so one cumulative-weight table serves both
/// sampling (inversion by binary search, O(log k)) and the CDF.
/// </summary>
internal sealed record CategoricalDistribution : Distribution
{
    private readonly double[] _values;
    private readonly double[] _weights;
    private readonly double[] _cumulative;
    private readonly int _lastPositive;

    public CategoricalDistribution(IEnumerable<(double Value, double Weight)> outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        var sorted = outcomes.OrderBy(o => o.Value).ToArray();
        if (sorted.Length == 0) throw Require.Fail(nameof(outcomes), 0, "outcomes must hold at least one value");
        _values = new double[sorted.Length];
        _weights = new double[sorted.Length];
        _cumulative = new double[sorted.Length];
        var total = 0.0;
        for (var i = 0; i < sorted.Length; i++)
        {
            var (value, weight) = sorted[i];
            if (!double.IsFinite(value))
                throw Require.Fail(nameof(outcomes), value, $"outcome values must be finite, got {Invariant.Format(value)}");
            if (!double.IsFinite(weight) || weight < 0)
                throw Require.Fail(nameof(outcomes), weight,
                    $"weights must be finite and >= 0, got {Invariant.Format(weight)} for value {Invariant.Format(value)}");
            _values[i] = value;
            _weights[i] = weight;
            total += weight;
            _cumulative[i] = total;
            if (weight > 0) _lastPositive = i;
        }
        if (!(total > 0)) throw Require.Fail(nameof(outcomes), total, "weights must not all be zero");
        var mean = 0.0;
        for (var i = 0; i < _values.Length; i++) mean += _values[i] * _weights[i] / total;
        var variance = 0.0;
        for (var i = 0; i < _values.Length; i++) variance += (_values[i] - mean) * (_values[i] - mean) * _weights[i] / total;
        Mean = mean;
        Variance = variance;
    }

    public override double Mean { get; }

    public override double Variance { get; }

    public override double Sample(RandomStream random)
    {
        var u = random.NextDouble() * _cumulative[^1];
        // First outcome whose cumulative weight exceeds u; zero-weight outcomes never qualify.
        int lo = 0, hi = _lastPositive;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_cumulative[mid] > u) hi = mid;
            else lo = mid + 1;
        }
        return _values[lo];
    }

    public override double Cdf(double x)
    {
        int lo = 0, hi = _values.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_values[mid] <= x) lo = mid + 1;
            else hi = mid;
        }
        return lo == 0 ? 0 : Math.Min(1, _cumulative[lo - 1] / _cumulative[^1]);
    }

    public override string ToString()
    {
        var parts = _values.Zip(_weights, (v, w) => $"{Invariant.Format(v)}: {Invariant.Format(w)}");
        return $"categorical({string.Join(", ", parts)})";
    }

    public bool Equals(CategoricalDistribution? other) =>
        other is not null && _values.AsSpan().SequenceEqual(other._values) && _weights.AsSpan().SequenceEqual(other._weights);

    public override int GetHashCode() => HashCode.Combine(_values.Length, _values[0], _weights[0], _cumulative[^1]);
}
