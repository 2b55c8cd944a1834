namespace TwinLab.Core.Twins;

/// <summary>Numeric telemetry summarized over one time bucket.</summary>
/// <param name="Start">Inclusive bucket start.</param>
/// <param name="Count">Number of numeric points in the bucket.</param>
/// <param name="Min">Smallest value.</param>
/// <param name="Max">Largest value.</param>
/// <param name="Mean">Arithmetic mean.</param>
public sealed record TelemetryBucket(DateTimeOffset Start, int Count, double Min, double Max, double Mean)
{
    /// <summary>Summarizes numeric points into buckets of <paramref name="width"/> aligned to <paramref name="origin"/>; empty buckets are omitted.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> is not positive.</exception>
    public static IReadOnlyList<TelemetryBucket> Downsample(IEnumerable<TelemetryPoint> points, DateTimeOffset origin, TimeSpan width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(width, TimeSpan.Zero);
        var buckets = new SortedDictionary<long, (int Count, double Min, double Max, double Sum)>();
        foreach (var p in points)
        {
            if (p.Value.ValueKind != System.Text.Json.JsonValueKind.Number) continue;
            var v = p.Value.GetDouble();
            var index = FloorDiv((p.Timestamp - origin).Ticks, width.Ticks);
            buckets[index] = buckets.TryGetValue(index, out var b)
                ? (b.Count + 1, Math.Min(b.Min, v), Math.Max(b.Max, v), b.Sum + v)
                : (1, v, v, v);
        }
        return buckets.Select(kv => new TelemetryBucket(origin + width * kv.Key, kv.Value.Count, kv.Value.Min, kv.Value.Max, kv.Value.Sum / kv.Value.Count)).ToArray();
    }

    /// <summary>Integer division rounding towards negative infinity (exact, unlike a floating-point floor).</summary>
    private static long FloorDiv(long a, long b)
    {
        var q = a / b;
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
    }
}
