namespace TwinLab.Simulation.Random.Distributions;

/// <summary>
/// Non-homogeneous Poisson arrivals whose rate is constant on each interval of a profile, e.g. calls per hour for
/// each half-hour of a contact centre's day. The profile either covers a finite horizon (rate zero outside it) or
/// repeats every period (<see cref="IsCyclic"/>: a day, a week).
/// </summary>
/// <remarks>
/// Arrivals are generated exactly by inverting the integrated rate Λ(t) = ∫ λ: the next arrival after t is
/// Λ⁻¹(Λ(t) + E) with E ~ Exp(1) (Çinlar, Introduction to Stochastic Processes, 1975, §4.7; Law, Simulation
/// Modeling and Analysis, §8.6.2). Λ is piecewise linear here, so the inverse is closed-form and, unlike thinning
/// (Lewis and Shedler, 1979), it uses exactly one uniform per arrival whatever the peak rate, which keeps common
/// random numbers aligned when scenarios change the profile. Immutable and thread-safe; randomness comes only from
/// the stream passed in.
/// </remarks>
public sealed class PiecewisePoissonProcess
{
    private readonly double[] _boundaries;
    private readonly double[] _rates;
    private readonly double[] _cumulative;

    /// <summary>A profile with rate <c>rates[i]</c> on [<c>boundaries[i]</c>, <c>boundaries[i+1]</c>).</summary>
    /// <param name="boundaries">Strictly increasing interval ends, one more than <paramref name="rates"/>; the first is
    /// the profile's start and, when cyclic, the period is last − first.</param>
    /// <param name="rates">Arrivals per time unit on each interval, finite and ≥ 0.</param>
    /// <param name="cyclic">Repeat the profile forever (before its start too) instead of stopping at its end.</param>
    /// <exception cref="ArgumentOutOfRangeException">the counts do not match, a boundary is not finite or not
    /// increasing, or a rate is negative or not finite.</exception>
    public PiecewisePoissonProcess(IReadOnlyList<double> boundaries, IReadOnlyList<double> rates, bool cyclic = false)
    {
        ArgumentNullException.ThrowIfNull(boundaries);
        ArgumentNullException.ThrowIfNull(rates);
        if (rates.Count == 0) throw Require.Fail(nameof(rates), 0, "rates must hold at least one interval's rate");
        if (boundaries.Count != rates.Count + 1)
            throw Require.Fail(nameof(boundaries), boundaries.Count,
                $"boundaries must hold one more value than rates ({rates.Count + 1}), got {boundaries.Count}");
        _boundaries = [.. boundaries];
        _rates = [.. rates];
        _cumulative = new double[_boundaries.Length];
        Require.Finite(_boundaries[0], nameof(boundaries));
        for (var i = 0; i < _rates.Length; i++)
        {
            Require.NonNegative(_rates[i], nameof(rates));
            Require.Finite(_boundaries[i + 1], nameof(boundaries));
            if (!(_boundaries[i] < _boundaries[i + 1]))
                throw Require.Fail(nameof(boundaries), _boundaries[i + 1],
                    $"boundaries must increase strictly, got {Invariant.Format(_boundaries[i])} then {Invariant.Format(_boundaries[i + 1])} at index {i + 1}");
            _cumulative[i + 1] = _cumulative[i] + _rates[i] * (_boundaries[i + 1] - _boundaries[i]);
        }
        IsCyclic = cyclic;
    }

    /// <summary>A profile of equal-length intervals starting at <paramref name="start"/>, e.g. 48 half-hours.</summary>
    /// <exception cref="ArgumentOutOfRangeException">intervalLength is not &gt; 0, or a rate is negative or not finite.</exception>
    public static PiecewisePoissonProcess EqualIntervals(double intervalLength, IReadOnlyList<double> rates, bool cyclic = false, double start = 0)
    {
        Require.Positive(intervalLength, nameof(intervalLength));
        Require.Finite(start, nameof(start));
        ArgumentNullException.ThrowIfNull(rates);
        var boundaries = new double[rates.Count + 1];
        for (var i = 0; i < boundaries.Length; i++) boundaries[i] = start + i * intervalLength;
        return new PiecewisePoissonProcess(boundaries, rates, cyclic);
    }

    /// <summary>Whether the profile repeats every <see cref="Period"/>.</summary>
    public bool IsCyclic { get; }

    /// <summary>Where the profile starts.</summary>
    public double Start => _boundaries[0];

    /// <summary>Where the profile ends (a non-cyclic process has no arrivals from here on).</summary>
    public double End => _boundaries[^1];

    /// <summary>The profile's length, <see cref="End"/> − <see cref="Start"/>.</summary>
    public double Period => End - Start;

    /// <summary>The arrival rate in force at time <paramref name="t"/>.</summary>
    public double RateAt(double t)
    {
        var (_, local) = Locate(t);
        if (local < Start || local >= End) return 0;
        return _rates[IntervalOf(local)];
    }

    /// <summary>The expected number of arrivals in [<paramref name="from"/>, <paramref name="to"/>), i.e. ∫ λ.</summary>
    /// <exception cref="ArgumentOutOfRangeException">the times are not finite or <paramref name="to"/> &lt; <paramref name="from"/>.</exception>
    public double ExpectedCount(double from, double to)
    {
        Require.Finite(from, nameof(from));
        Require.Finite(to, nameof(to));
        if (to < from) throw Require.Fail(nameof(to), to, $"to must be >= from, got from={Invariant.Format(from)}, to={Invariant.Format(to)}");
        var (cycleFrom, localFrom) = Locate(from);
        var (cycleTo, localTo) = Locate(to);
        return Math.Max(0, (cycleTo - cycleFrom) * _cumulative[^1] + Integrated(localTo) - Integrated(localFrom));
    }

    /// <summary>
    /// The first arrival after <paramref name="now"/> (never before it), or +∞ when no arrival can follow: a
    /// non-cyclic profile has zero rate for the rest of its horizon, or a cyclic one is zero everywhere.
    /// </summary>
    /// <remarks>Draws one uniform from <paramref name="random"/>, none when the answer is +∞ without drawing (past the
    /// end of a non-cyclic profile).</remarks>
    public double NextArrival(double now, RandomStream random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var total = _cumulative[^1];
        if (double.IsNaN(now) || total == 0) return double.PositiveInfinity;
        if (!IsCyclic)
        {
            if (now >= End) return double.PositiveInfinity;
            var target = Integrated(now) + random.NextExponential(1);
            return target > total ? double.PositiveInfinity : Math.Max(now, Invert(target));
        }
        // Work within now's cycle so Λ stays small however far the run goes.
        var (cycle, local) = Locate(now);
        var within = Integrated(local) + random.NextExponential(1);
        var extraCycles = Math.Floor(within / total);
        var arrival = Start + (cycle + extraCycles) * Period + (Invert(within - extraCycles * total) - Start);
        return Math.Max(now, arrival);
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"piecewise Poisson process ({_rates.Length} intervals over [{Invariant.Format(Start)}, {Invariant.Format(End)})" +
        (IsCyclic ? ", cyclic)" : ")");

    /// <summary>For a cyclic profile, the cycle index of <paramref name="t"/> and its position within [Start, End).</summary>
    private (double Cycle, double Local) Locate(double t)
    {
        if (!IsCyclic) return (0, t);
        var cycle = Math.Floor((t - Start) / Period);
        var local = Start + (t - Start - cycle * Period);
        // Rounding can land a hair outside the cycle.
        if (local >= End) return (cycle + 1, Start);
        return local < Start ? (cycle, Start) : (cycle, local);
    }

    /// <summary>Λ from <see cref="Start"/> to <paramref name="local"/>, clamped to the profile.</summary>
    private double Integrated(double local)
    {
        if (local <= Start) return 0;
        if (local >= End) return _cumulative[^1];
        var i = IntervalOf(local);
        return _cumulative[i] + _rates[i] * (local - _boundaries[i]);
    }

    /// <summary>The earliest time in the profile where Λ reaches <paramref name="target"/> ∈ [0, Λ(End)].</summary>
    private double Invert(double target)
    {
        target = Math.Max(0, target);
        // First boundary j ≥ 1 with Λ(b_j) ≥ target; the interval before it has a positive rate unless target is 0.
        int lo = 1, hi = _cumulative.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_cumulative[mid] >= target) hi = mid;
            else lo = mid + 1;
        }
        var i = lo - 1;
        if (_rates[i] == 0) return _boundaries[i];
        return Math.Min(_boundaries[i + 1], _boundaries[i] + (target - _cumulative[i]) / _rates[i]);
    }

    /// <summary>The interval i with b_i ≤ t &lt; b_{i+1}, for Start ≤ t &lt; End.</summary>
    private int IntervalOf(double t)
    {
        int lo = 0, hi = _rates.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) >>> 1;
            if (_boundaries[mid] <= t) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }
}
