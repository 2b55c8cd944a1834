using System.Globalization;

namespace TwinLab.Server.Experiments;

/// <summary>How the server runs experiments, from configuration (<c>TwinLab:Experiments:*</c>).</summary>
/// <param name="QueueCapacity">Experiments that may wait for a runner (<c>QueueCapacity</c>, default 16); one more is 503.</param>
/// <param name="Concurrency">Experiments run at once (<c>Concurrency</c>, default 1).</param>
/// <param name="MaxThreads">Most replications one experiment runs at once (<c>MaxThreads</c>, default cores − 1, at least
/// 1), so requests are still served while experiments run.</param>
/// <param name="History">Finished experiments remembered in memory (<c>History</c>, default 200); their results stay
/// stored in the database either way.</param>
/// <param name="RetryAfterSeconds">The <c>Retry-After</c> of a 503 when the queue is full (<c>RetryAfterSeconds</c>, default 30).</param>
internal sealed record ExperimentSettings(int QueueCapacity, int Concurrency, int MaxThreads, int History, int RetryAfterSeconds)
{
    /// <summary>Reads the settings.</summary>
    /// <exception cref="InvalidOperationException">A setting is not a whole number in its range.</exception>
    public static ExperimentSettings From(IConfiguration configuration) => new(
        Read(configuration, "QueueCapacity", 16, 1, 100_000),
        Read(configuration, "Concurrency", 1, 1, 64),
        Read(configuration, "MaxThreads", Math.Max(1, Environment.ProcessorCount - 1), 1, 1024),
        Read(configuration, "History", 200, 0, 100_000),
        Read(configuration, "RetryAfterSeconds", 30, 1, 86_400));

    private static int Read(IConfiguration configuration, string name, int fallback, int min, int max)
    {
        var text = configuration[$"TwinLab:Experiments:{name}"];
        if (string.IsNullOrEmpty(text)) return fallback;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new InvalidOperationException($"TwinLab:Experiments:{name} must be a whole number from {min} to {max}, not '{text}'.");
    }
}
