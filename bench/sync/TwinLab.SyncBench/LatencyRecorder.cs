using System.Globalization;
using System.Numerics;

namespace TwinLab.SyncBench;

/// <summary>
/// A latency histogram in microseconds with log-linear buckets (64 per power of two: at most 1.6% above the true value,
/// exact below 128 µs), from 0 to about 3 days; thread-safe, no allocation per record.
/// </summary>
internal sealed class LatencyRecorder
{
    private const int SubBuckets = 64;
    private readonly long[] _buckets = new long[SubBuckets * 40];
    private long _count;
    private long _maxMicros;

    public long Count => Interlocked.Read(ref _count);

    public double Max => Interlocked.Read(ref _maxMicros) / 1000.0;

    public void Record(double milliseconds)
    {
        // Two processes on one machine read the same clock: a negative value is sub-microsecond skew.
        var micros = (long)Math.Max(0, milliseconds * 1000);
        Interlocked.Increment(ref _buckets[Math.Min(_buckets.Length - 1, IndexOf(micros))]);
        Interlocked.Increment(ref _count);
        long seen;
        while (micros > (seen = Interlocked.Read(ref _maxMicros)) && Interlocked.CompareExchange(ref _maxMicros, micros, seen) != seen)
        {
        }
    }

    /// <summary>The latencies (ms) below which the given fractions of the records fall (upper edges of their buckets,
    /// never above the maximum).</summary>
    public double[] Percentiles(params double[] fractions)
    {
        var result = new double[fractions.Length];
        var total = Count;
        if (total == 0) return result;
        var targets = fractions.Select(f => Math.Max(1, (long)Math.Ceiling(total * f))).ToArray();
        long seen = 0;
        var next = 0;
        for (var i = 0; i < _buckets.Length && next < targets.Length; i++)
        {
            seen += Interlocked.Read(ref _buckets[i]);
            while (next < targets.Length && seen >= targets[next])
                result[next++] = Math.Min(Max, UpperEdgeOf(i) / 1000.0);
        }
        for (; next < targets.Length; next++) result[next] = Max;
        return result;
    }

    public double Percentile(double fraction) => Percentiles(fraction)[0];

    public string Summary()
    {
        var p = Percentiles(0.50, 0.95, 0.99);
        return string.Create(CultureInfo.InvariantCulture,
            $"p50 {p[0]:0.0} ms, p95 {p[1]:0.0} ms, p99 {p[2]:0.0} ms, max {Max:0.0} ms ({Count:N0} samples)");
    }

    private static int IndexOf(long micros)
    {
        if (micros < SubBuckets) return (int)micros;
        var shift = 63 - BitOperations.LeadingZeroCount((ulong)micros) - 6; // the mantissa keeps 7 bits: 64..127
        return SubBuckets + shift * SubBuckets + (int)((micros >> shift) - SubBuckets);
    }

    private static long UpperEdgeOf(int index)
    {
        if (index < SubBuckets) return index + 1;
        var shift = (index - SubBuckets) / SubBuckets;
        var mantissa = (index - SubBuckets) % SubBuckets + SubBuckets;
        return (long)(mantissa + 1) << shift;
    }
}
