using System.Globalization;

namespace TwinLab.Server.Routing.Delivery;

/// <summary>Settings of route delivery, from configuration (<c>TwinLab:Delivery:*</c>).</summary>
public sealed record RouteDeliveryOptions
{
    /// <summary>Default <see cref="PollInterval"/>: 1 s.</summary>
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(1);

    /// <summary>How often delivery looks for changes it is not told about — routes, endpoints and outbox events written
    /// by another process — and how long an idle route sleeps when no commit wakes it
    /// (<c>TwinLab:Delivery:PollSeconds</c>). A commit in this process wakes delivery at once.</summary>
    public TimeSpan PollInterval { get; init; } = DefaultPollInterval;

    /// <summary>Seed of the retry jitter (<c>TwinLab:Delivery:JitterSeed</c>), so tests see the same waits every run;
    /// <c>null</c> (default): a fresh seed, so servers that failed together do not retry together.</summary>
    public int? JitterSeed { get; init; }

    /// <summary>Whether the server delivers at all (<c>TwinLab:Delivery:Enabled</c>, default true); when false, routes,
    /// endpoints and the outbox are kept but nothing is sent, and cursors stay where they are.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Filtered-out events a route passes over before it saves its cursor even without delivering.</summary>
    internal int SaveEvery { get; init; } = 1000;

    /// <summary>Reads the settings.</summary>
    /// <exception cref="InvalidOperationException">A setting is out of range (the message names it).</exception>
    public static RouteDeliveryOptions From(IConfiguration configuration)
    {
        var options = new RouteDeliveryOptions();
        if (configuration["TwinLab:Delivery:PollSeconds"] is { Length: > 0 } poll)
        {
            if (!double.TryParse(poll, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) || !(s >= 0.01) || s > 3600)
                throw new InvalidOperationException($"TwinLab:Delivery:PollSeconds must be a number of seconds between 0.01 and 3600, not '{poll}'.");
            options = options with { PollInterval = TimeSpan.FromSeconds(s) };
        }
        if (configuration["TwinLab:Delivery:JitterSeed"] is { Length: > 0 } seed)
        {
            if (!int.TryParse(seed, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
                throw new InvalidOperationException($"TwinLab:Delivery:JitterSeed must be an integer, not '{seed}'.");
            options = options with { JitterSeed = n };
        }
        if (configuration["TwinLab:Delivery:Enabled"] is { Length: > 0 } enabled)
        {
            if (!bool.TryParse(enabled, out var on))
                throw new InvalidOperationException($"TwinLab:Delivery:Enabled must be true or false, not '{enabled}'.");
            options = options with { Enabled = on };
        }
        return options;
    }
}
