using MathNet.Numerics.Distributions;
using TwinLab.Simulation.Random;
using TwinLab.Simulation.Random.Distributions;
using static TwinLab.Simulation.Tests.Random.GoodnessOfFit;

namespace TwinLab.Simulation.Tests.Random;

public class PiecewisePoissonProcessTests
{
    private static readonly double[] HalfHourRates = [10, 0, 30, 5];

    [Fact]
    public void NextArrival_CyclicProfile_CountsPerIntervalMatchRates()
    {
        var process = PiecewisePoissonProcess.EqualIntervals(0.5, HalfHourRates, cyclic: true);
        var counts = CountPerCycleAndInterval(process, cycles: 500, RandomStream.FromSeed(21));

        var totals = Enumerable.Range(0, 4).Select(i => counts.Sum(c => (long)c[i])).ToArray();
        Assert.Equal(0, totals[1]);
        long[] observed = [totals[0], totals[2], totals[3]];
        double[] expected = [10 * 0.5 * 500, 30 * 0.5 * 500, 5 * 0.5 * 500];
        Assert.True(ChiSquare(observed, expected) < ChiSquareCritical(3), $"counts {string.Join(", ", totals)}");
    }

    [Fact]
    public void NextArrival_CyclicProfile_CountsPerCycleArePoissonDispersed()
    {
        // For Poisson counts Σ(x − x̄)²/x̄ ~ χ²(n − 1) (Fisher's index of dispersion); clustered or too regular
        // arrivals would fall outside the central 99.9%.
        var process = PiecewisePoissonProcess.EqualIntervals(0.5, HalfHourRates, cyclic: true);
        var counts = CountPerCycleAndInterval(process, cycles: 500, RandomStream.FromSeed(22));

        foreach (var interval in new[] { 0, 2, 3 })
        {
            var x = counts.Select(c => (double)c[interval]).ToArray();
            var mean = x.Average();
            var dispersion = x.Sum(v => (v - mean) * (v - mean)) / mean;
            Assert.InRange(dispersion, ChiSquared.InvCDF(x.Length - 1, 0.0005), ChiSquared.InvCDF(x.Length - 1, 0.9995));
        }
    }

    [Fact]
    public void NextArrival_FromStartOfConstantPiece_WaitIsExponential()
    {
        // Rate 4 for 20 time units: a wait beyond the piece has probability e^-80, so the wait is Exp(4).
        var process = new PiecewisePoissonProcess([0, 5, 25, 30], [1, 4, 0.5]);
        var random = RandomStream.FromSeed(23);
        var waits = new double[SampleSize];
        for (var i = 0; i < waits.Length; i++) waits[i] = process.NextArrival(5, random) - 5;

        AssertKsFits(waits, Distribution.Exponential(4).Cdf, "wait from t=5");
    }

    [Fact]
    public void NextArrival_WithinConstantPiece_InterArrivalTimesAreExponential()
    {
        // Gaps that start in [5, 15) stay inside the rate-4 piece [5, 25) except with probability e^-40.
        var process = new PiecewisePoissonProcess([0, 5, 25, 30], [1, 4, 0.5], cyclic: true);
        var random = RandomStream.FromSeed(24);
        var gaps = new List<double>();
        var t = 0.0;
        while (gaps.Count < SampleSize)
        {
            var next = process.NextArrival(t, random);
            var phase = t % 30;
            if (phase is >= 5 and < 15) gaps.Add(next - t);
            t = next;
        }

        AssertKsFits(gaps, Distribution.Exponential(4).Cdf, "gaps in rate-4 piece");
        AssertKsFailsAgainstWrongRate(gaps);
    }

    [Fact]
    public void NextArrival_NonCyclic_CountOverHorizonIsPoissonWithExpectedMean()
    {
        var process = PiecewisePoissonProcess.EqualIntervals(1, [2, 0, 5]);
        var random = RandomStream.FromSeed(25);
        var counts = new double[4000];
        for (var run = 0; run < counts.Length; run++)
            for (var t = process.NextArrival(double.NegativeInfinity, random); !double.IsPositiveInfinity(t); t = process.NextArrival(t, random))
                counts[run]++;

        AssertMean(counts, 7, 7, "arrivals over [0, 3)");
        AssertVariance(counts, 7, "arrivals over [0, 3)");
    }

    [Fact]
    public void NextArrival_NoRateLeft_ReturnsInfinity()
    {
        var random = RandomStream.FromSeed(26);
        var process = PiecewisePoissonProcess.EqualIntervals(1, [3, 0]);

        Assert.Equal(double.PositiveInfinity, process.NextArrival(1.5, random));
        Assert.Equal(double.PositiveInfinity, process.NextArrival(2, random));
        Assert.Equal(double.PositiveInfinity, process.NextArrival(100, random));
        Assert.Equal(double.PositiveInfinity, PiecewisePoissonProcess.EqualIntervals(1, [0, 0], cyclic: true).NextArrival(0, random));
    }

    [Fact]
    public void NextArrival_NeverInZeroRatePieceAndNeverBeforeNow()
    {
        var process = PiecewisePoissonProcess.EqualIntervals(1, [2, 0, 5], cyclic: true, start: 0.25);
        var random = RandomStream.FromSeed(27);
        var t = -10.0;
        for (var i = 0; i < 5000; i++)
        {
            var next = process.NextArrival(t, random);
            Assert.True(next >= t);
            Assert.NotEqual(0, process.RateAt(next));
            t = next;
        }
    }

    [Fact]
    public void NextArrival_FarIntoCyclicRun_LandsInTheRightPiece()
    {
        var process = PiecewisePoissonProcess.EqualIntervals(1, [2, 0, 5], cyclic: true);
        var now = 3e6 + 1.2; // in the zero-rate piece of cycle one million
        var next = process.NextArrival(now, RandomStream.FromSeed(28));

        Assert.InRange(next, 3e6 + 2, 3e6 + 3);
    }

    [Theory]
    [InlineData(false, 0, 3, 7)]
    [InlineData(false, 0.5, 2.5, 3.5)]
    [InlineData(false, -5, 1, 2)]
    [InlineData(false, 2.5, 10, 2.5)]
    [InlineData(false, 4, 4, 0)]
    [InlineData(true, 0, 30, 70)]
    [InlineData(true, 2.5, 3.5, 3.5)]
    [InlineData(true, -1, 0, 5)]
    [InlineData(true, 1e6 + 0.5, 1e6 + 3.5, 7)]
    public void ExpectedCount_Interval_IsIntegratedRate(bool cyclic, double from, double to, double expected)
    {
        var process = PiecewisePoissonProcess.EqualIntervals(1, [2, 0, 5], cyclic);

        Assert.Equal(expected, process.ExpectedCount(from, to), 6);
    }

    [Fact]
    public void RateAt_InsideAndOutsideProfile_FollowsPieces()
    {
        var finite = PiecewisePoissonProcess.EqualIntervals(1, [2, 0, 5]);
        var cyclic = PiecewisePoissonProcess.EqualIntervals(1, [2, 0, 5], cyclic: true);

        Assert.Equal([0, 2, 2, 0, 5, 0], new[] { -0.1, 0, 0.99, 1, 2.5, 3 }.Select(finite.RateAt));
        Assert.Equal([5, 2, 0, 5, 2], new[] { -0.1, 0, 1, 2.5, 3 }.Select(cyclic.RateAt));
    }

    [Fact]
    public void Constructor_InvalidProfile_ThrowsArgumentOutOfRangeNamingIt()
    {
        Assert.Equal("boundaries", Assert.ThrowsAny<ArgumentOutOfRangeException>(() => new PiecewisePoissonProcess([0, 2, 1], [1, 1])).ParamName);
        Assert.Equal("boundaries", Assert.ThrowsAny<ArgumentOutOfRangeException>(() => new PiecewisePoissonProcess([0, 1], [1, 1])).ParamName);
        Assert.Equal("rates", Assert.ThrowsAny<ArgumentOutOfRangeException>(() => new PiecewisePoissonProcess([0, 1], [-1])).ParamName);
        Assert.Equal("rates", Assert.ThrowsAny<ArgumentOutOfRangeException>(() => new PiecewisePoissonProcess([0], [])).ParamName);
        Assert.Equal("intervalLength", Assert.ThrowsAny<ArgumentOutOfRangeException>(() => PiecewisePoissonProcess.EqualIntervals(0, [1])).ParamName);
        Assert.Equal("to", Assert.ThrowsAny<ArgumentOutOfRangeException>(() => PiecewisePoissonProcess.EqualIntervals(1, [1]).ExpectedCount(1, 0)).ParamName);
    }

    private static void AssertKsFailsAgainstWrongRate(List<double> gaps) =>
        Assert.True(KsStatistic(gaps, Distribution.Exponential(4.4).Cdf) > KsCritical(gaps.Count));

    /// <summary>Arrival counts per cycle (rows) and interval (columns) for a cyclic profile starting at 0.</summary>
    private static int[][] CountPerCycleAndInterval(PiecewisePoissonProcess process, int cycles, RandomStream random)
    {
        var intervals = HalfHourRates.Length;
        var counts = Enumerable.Range(0, cycles).Select(_ => new int[intervals]).ToArray();
        for (var t = process.NextArrival(0, random); t < cycles * process.Period; t = process.NextArrival(t, random))
        {
            var cycle = (int)(t / process.Period);
            counts[cycle][(int)((t - cycle * process.Period) / 0.5)]++;
        }
        return counts;
    }
}
