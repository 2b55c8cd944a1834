namespace TwinLab.Sync.Mqtt;

/// <summary>Reconnect delays: exponential, capped, spread a little per client so that many clients cut off together do
/// not all come back in the same instant.</summary>
internal static class Backoff
{
    /// <summary>The delay before the next attempt after <paramref name="failures"/> failed attempts in a row (0 after a
    /// connection that had been up): <paramref name="min"/> × 2^failures, at most <paramref name="max"/>, minus up to 20%
    /// chosen from the client id and the attempt number (deterministic, no shared random state).</summary>
    public static TimeSpan Delay(TimeSpan min, TimeSpan max, int failures, string clientId)
    {
        var exponent = Math.Clamp(failures, 0, 30);
        var ticks = Math.Min(max.Ticks, min.Ticks * (1L << Math.Min(exponent, 20)));
        var spread = (Fnv1a(clientId, exponent) % 1000) / 5000.0; // 0 to 0.2
        return TimeSpan.FromTicks(Math.Max(min.Ticks / 2, (long)(ticks * (1 - spread))));
    }

    private static uint Fnv1a(string text, int salt)
    {
        var hash = 2166136261u ^ (uint)salt;
        foreach (var c in text)
        {
            hash ^= c;
            hash *= 16777619u;
        }
        return hash;
    }
}
