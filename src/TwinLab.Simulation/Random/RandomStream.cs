namespace TwinLab.Simulation.Random;

/// <summary>
/// A seeded stream of pseudo-random numbers (xoshiro256** by Blackman and Vigna, 2018), derived from
/// (experiment seed, scenario index, replication index) so every replication draws the same numbers
/// whichever thread or machine runs it.
/// </summary>
/// <remarks>
/// Not thread-safe: one stream per replication (or per process inside one replication, via <see cref="Split"/>).
/// Derivation hashes the three indices with SplitMix64 (Steele, Lea and Flood, 2014), the seeding procedure
/// xoshiro's authors recommend, so neighbouring indices give unrelated streams.
/// </remarks>
public sealed class RandomStream
{
    private ulong _s0, _s1, _s2, _s3;

    private RandomStream(ulong key)
    {
        var x = key;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>The key this stream was derived from (for reproduction and diagnostics).</summary>
    public ulong Key { get; private init; }

    /// <summary>The stream for one replication of one scenario of an experiment.</summary>
    public static RandomStream For(ulong seed, int scenario, int replication) =>
        FromKey(Mix(Mix(Mix(0x7477696E6C6162UL, seed), (ulong)(uint)scenario), (ulong)(uint)replication));

    /// <summary>A stream from a single seed (scenario 0, replication 0).</summary>
    public static RandomStream FromSeed(ulong seed) => For(seed, 0, 0);

    private static RandomStream FromKey(ulong key) => new(key) { Key = key };

    /// <summary>
    /// An independent sub-stream (for example one per arrival process or per patient) that depends only on
    /// this stream's key and <paramref name="index"/>, not on how many numbers were drawn so far.
    /// </summary>
    public RandomStream Split(int index) => FromKey(Mix(Key ^ 0x5EED5EED5EED5EEDUL, (ulong)(uint)index));

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        var result = BitRotate(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitRotate(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in the open interval (0, 1): never 0, so its logarithm is finite.</summary>
    // 52 bits plus a half: exactly representable, so the result never rounds to 0 or 1.
    public double NextDouble() => ((NextUInt64() >> 12) + 0.5) * (1.0 / (1UL << 52));

    /// <summary>A uniform double in [min, max).</summary>
    public double NextDouble(double min, double max) => min + (max - min) * NextDouble();

    /// <summary>A uniform integer in [0, maxExclusive) without modulo bias (Lemire, 2019).</summary>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxExclusive);
        var range = (ulong)maxExclusive;
        var m = Math.BigMul(NextUInt64() >> 32, range);
        var low = (uint)m;
        if (low < range)
        {
            // 2^32 mod range: the low products below it would make some results more likely than others.
            var threshold = (uint)((1UL << 32) % range);
            while (low < threshold)
            {
                m = Math.BigMul(NextUInt64() >> 32, range);
                low = (uint)m;
            }
        }
        return (int)(m >> 32);
    }

    /// <summary>A standard-normal draw (Marsaglia polar method).</summary>
    public double NextGaussian()
    {
        double u, v, s;
        do
        {
            u = 2 * NextDouble() - 1;
            v = 2 * NextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        return u * Math.Sqrt(-2 * Math.Log(s) / s);
    }

    /// <summary>An exponential draw with the given rate (mean 1/rate), by inversion.</summary>
    public double NextExponential(double rate) => -Math.Log(NextDouble()) / rate;

    /// <summary>Adapts this stream to <see cref="System.Random"/> for libraries (MathNet) that take one.</summary>
    public System.Random AsSystemRandom() => new StreamRandom(this);

    private static ulong BitRotate(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix64(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong Mix(ulong a, ulong b)
    {
        var x = a ^ (b * 0x9E3779B97F4A7C15UL);
        return SplitMix64(ref x);
    }

    private sealed class StreamRandom(RandomStream stream) : System.Random
    {
        protected override double Sample() => stream.NextDouble();
        public override int Next() => stream.NextInt(int.MaxValue);
        public override int Next(int maxValue) => maxValue <= 0 ? 0 : stream.NextInt(maxValue);
        public override int Next(int minValue, int maxValue) =>
            maxValue <= minValue ? minValue : (int)(minValue + (long)(stream.NextDouble() * ((long)maxValue - minValue)));
        public override double NextDouble() => stream.NextDouble();
        public override void NextBytes(byte[] buffer) => NextBytes(buffer.AsSpan());
        public override void NextBytes(Span<byte> buffer)
        {
            for (var i = 0; i < buffer.Length; i++) buffer[i] = (byte)stream.NextUInt64();
        }
    }
}
