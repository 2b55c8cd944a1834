namespace TwinLab.Simulation.Random.Distributions;

/// <summary>
/// The distribution of observed data. Plain: resample an observation uniformly (bootstrap), whose CDF is the
/// empirical CDF. Interpolated: the continuous distribution whose CDF rises linearly from (i−1)/(n−1) at the i-th
/// order statistic to i/(n−1) at the next (Law, Simulation Modeling and Analysis, §6.2.4), so it also produces
/// values between observations but none outside [min, max].
/// </summary>
internal sealed record EmpiricalDistribution : Distribution
{
    private readonly double[] _sorted;

    public EmpiricalDistribution(IEnumerable<double> samples, bool interpolate)
    {
        ArgumentNullException.ThrowIfNull(samples);
        _sorted = samples.ToArray();
        var needed = interpolate ? 2 : 1;
        if (_sorted.Length < needed)
            throw Require.Fail(nameof(samples), _sorted.Length,
                $"samples must hold at least {needed} value{(needed > 1 ? "s" : "")}{(interpolate ? " to interpolate" : "")}, got {_sorted.Length}");
        for (var i = 0; i < _sorted.Length; i++)
            if (!double.IsFinite(_sorted[i]))
                throw Require.Fail(nameof(samples), _sorted[i], $"samples must be finite, got {Invariant.Format(_sorted[i])} at index {i}");
        Array.Sort(_sorted);
        Interpolate = interpolate;
        (Mean, Variance) = interpolate ? LinearMoments(_sorted) : ResampleMoments(_sorted);
    }

    public bool Interpolate { get; }

    public int Count => _sorted.Length;

    public override double Mean { get; }

    public override double Variance { get; }

    public override double Sample(RandomStream random)
    {
        if (!Interpolate) return _sorted[random.NextInt(_sorted.Length)];
        var position = random.NextDouble() * (_sorted.Length - 1);
        var i = Math.Min((int)position, _sorted.Length - 2);
        return _sorted[i] + (position - i) * (_sorted[i + 1] - _sorted[i]);
    }

    public override double Cdf(double x)
    {
        var atOrBelow = CountAtOrBelow(x);
        if (!Interpolate) return (double)atOrBelow / _sorted.Length;
        if (atOrBelow == 0) return 0;
        if (atOrBelow == _sorted.Length) return 1;
        // x lies in [x_i, x_{i+1}) with x_{i+1} > x_i, so the division is safe.
        var i = atOrBelow - 1;
        return (i + (x - _sorted[i]) / (_sorted[i + 1] - _sorted[i])) / (_sorted.Length - 1);
    }

    public override string ToString() =>
        $"empirical(n={_sorted.Length}, min={Invariant.Format(_sorted[0])}, max={Invariant.Format(_sorted[^1])}" +
        (Interpolate ? ", interpolated)" : ")");

    public bool Equals(EmpiricalDistribution? other) =>
        other is not null && Interpolate == other.Interpolate && _sorted.AsSpan().SequenceEqual(other._sorted);

    public override int GetHashCode() => HashCode.Combine(Interpolate, _sorted.Length, _sorted[0], _sorted[^1]);

    private int CountAtOrBelow(double x)
    {
        int lo = 0, hi = _sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_sorted[mid] <= x) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    private static (double Mean, double Variance) ResampleMoments(double[] x)
    {
        var mean = x.Average();
        var sum = 0.0;
        foreach (var v in x) sum += (v - mean) * (v - mean);
        return (mean, sum / x.Length);
    }

    /// <summary>Each gap [x_i, x_{i+1}] carries probability 1/(n−1) spread uniformly.</summary>
    private static (double Mean, double Variance) LinearMoments(double[] x)
    {
        // Shift by the sample mean first: the variance is shift-invariant and the sums stay small.
        var shift = x.Average();
        double first = 0, second = 0;
        for (var i = 0; i + 1 < x.Length; i++)
        {
            double a = x[i] - shift, b = x[i + 1] - shift;
            first += (a + b) / 2;
            second += (a * a + a * b + b * b) / 3;
        }
        var segments = x.Length - 1;
        var mean = first / segments;
        return (shift + mean, Math.Max(0, second / segments - mean * mean));
    }
}
