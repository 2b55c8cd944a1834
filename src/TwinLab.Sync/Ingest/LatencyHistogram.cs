namespace TwinLab.Sync.Ingest;

/// <summary>
/// Latencies in fixed logarithmic buckets (eight per doubling, from 10 µs to about 3 hours), so percentiles cost no
/// memory per sample and are within about 9% of the true value.
/// </summary>
/// <remarks>Thread-safe: buckets are incremented atomically; a percentile read while samples arrive is approximate.</remarks>
internal sealed class LatencyHistogram
{
    private const double MinMs = 0.01;
    private const int PerDoubling = 8;
    private const int Buckets = 30 * PerDoubling;
    private readonly long[] _counts = new long[Buckets];
    private long _total;

    public void Record(double milliseconds)
    {
        var index = milliseconds <= MinMs ? 0 : (int)Math.Min(Buckets - 1, Math.Log2(milliseconds / MinMs) * PerDoubling);
        Interlocked.Increment(ref _counts[index]);
        Interlocked.Increment(ref _total);
    }

    /// <summary>The latency below which a fraction <paramref name="q"/> of the samples fall (the bucket's midpoint), or 0.</summary>
    public double Percentile(double q)
    {
        var total = Interlocked.Read(ref _total);
        if (total == 0) return 0;
        var rank = (long)Math.Ceiling(q * total);
        long seen = 0;
        for (var i = 0; i < Buckets; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= rank) return MinMs * Math.Pow(2, (i + 0.5) / PerDoubling);
        }
        return MinMs * Math.Pow(2, (double)Buckets / PerDoubling);
    }
}
