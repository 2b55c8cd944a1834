namespace TwinLab.Server.Security;

/// <summary>How many requests each identity may make (<c>TwinLab:RateLimit:*</c>): a token bucket of <see cref="Burst"/>
/// requests refilled at <see cref="PermitsPerSecond"/>.</summary>
/// <param name="Enabled">Whether requests are limited (<c>Enabled</c>; default on, off with <c>--dev</c>).</param>
/// <param name="PermitsPerSecond">Sustained requests per second per identity (<c>PermitsPerSecond</c>, default 100).</param>
/// <param name="Burst">Requests an idle identity may make at once (<c>Burst</c>, default 200).</param>
/// <param name="Identities">Budgets of named identities (<c>Identities:NAME:PermitsPerSecond|Burst</c>, NAME an API key's name or
/// a JWT's subject) that differ from the default, e.g. an ingestion service that needs more.</param>
internal sealed record RateLimitSettings(bool Enabled, double PermitsPerSecond, int Burst, IReadOnlyDictionary<string, RateLimitBudget> Identities)
{
    /// <summary>The default sustained rate: far above what a person or a dashboard makes, low enough that one runaway client
    /// cannot take the whole server from the others.</summary>
    public const double DefaultPermitsPerSecond = 100;

    /// <summary>The default bucket: two seconds' worth, so a dashboard opening many views at once is not refused.</summary>
    public const int DefaultBurst = 200;

    private const string Prefix = "TwinLab:RateLimit";

    /// <summary>The budget of <paramref name="subject"/> (its own when configured, else the default).</summary>
    public RateLimitBudget For(string? subject) =>
        subject is not null && Identities.TryGetValue(subject, out var own) ? own : new RateLimitBudget(PermitsPerSecond, Burst);

    /// <summary>Reads the settings; rate limits are off by default in <paramref name="dev"/> mode (one anonymous user on loopback).</summary>
    /// <exception cref="InvalidOperationException">A setting is malformed or out of range; the message names its key.</exception>
    public static RateLimitSettings From(IConfiguration configuration, bool dev)
    {
        var rate = HardeningSettings.ReadPositive(configuration, $"{Prefix}:PermitsPerSecond", DefaultPermitsPerSecond, 1_000_000);
        var burst = HardeningSettings.ReadInt(configuration, $"{Prefix}:Burst", DefaultBurst, 1, 10_000_000);
        var identities = new Dictionary<string, RateLimitBudget>(StringComparer.Ordinal);
        foreach (var identity in configuration.GetSection($"{Prefix}:Identities").GetChildren())
        {
            var key = $"{Prefix}:Identities:{identity.Key}";
            identities[identity.Key] = new RateLimitBudget(
                HardeningSettings.ReadPositive(configuration, $"{key}:PermitsPerSecond", rate, 1_000_000),
                HardeningSettings.ReadInt(configuration, $"{key}:Burst", burst, 1, 10_000_000));
        }
        return new RateLimitSettings(HardeningSettings.ReadBool(configuration, $"{Prefix}:Enabled", !dev), rate, burst, identities);
    }
}

/// <summary>One identity's token bucket: <paramref name="Burst"/> requests at once, refilled at <paramref name="PermitsPerSecond"/>.</summary>
internal sealed record RateLimitBudget(double PermitsPerSecond, int Burst)
{
    /// <summary>How the bucket refills: the token bucket refills in steps, and the partitioned limiter that owns the buckets
    /// replenishes them every 100 ms, so a step is at least 100 ms (10 steps a second) and adds the tokens of that time;
    /// below 10 per second a step adds one token, every 1/<see cref="PermitsPerSecond"/> seconds.</summary>
    public (int TokensPerPeriod, TimeSpan Period) Refill()
    {
        var tokens = Math.Max(1, (int)Math.Ceiling(PermitsPerSecond / 10));
        return (tokens, TimeSpan.FromSeconds(tokens / PermitsPerSecond));
    }
}
