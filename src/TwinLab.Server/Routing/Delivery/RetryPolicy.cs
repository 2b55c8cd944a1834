using System.Text.Json.Serialization;

namespace TwinLab.Server.Routing.Delivery;

/// <summary>
/// How an endpoint retries an event it could not deliver: exponential backoff with jitter from
/// <see cref="InitialBackoffSeconds"/> doubling up to <see cref="MaxBackoffSeconds"/>, until the event is older than
/// <see cref="MaxAgeSeconds"/> or (when set) <see cref="MaxAttempts"/> attempts failed; then it is dead-lettered.
/// </summary>
/// <remarks>
/// The defaults follow Azure Event Grid, which carries ADT's routed events: an event lives 24 hours (Event Grid's default
/// time-to-live, 1,440 minutes). The backoff starts at 1 s and is capped at 5 minutes, so a receiver that comes back is
/// served again within 5 minutes at most. The age counts from when the event entered the log (its commit) or the outbox,
/// not from the first attempt, so an endpoint that was down for longer than the maximum age drains its backlog into
/// dead letters at one attempt per event instead of waiting a full day per event.
/// </remarks>
/// <param name="MaxAttempts">Attempts after which an event is dead-lettered, or <c>null</c> for no limit (the age decides).</param>
/// <param name="InitialBackoffSeconds">Wait after the first failed attempt.</param>
/// <param name="MaxBackoffSeconds">Longest wait between two attempts (a receiver's <c>Retry-After</c> may ask for longer).</param>
/// <param name="MaxAgeSeconds">Age after which a failing event is dead-lettered.</param>
public sealed record RetryPolicy(
    [property: JsonPropertyName("maxAttempts")] int? MaxAttempts = null,
    [property: JsonPropertyName("initialBackoffSeconds")] double InitialBackoffSeconds = RetryPolicy.DefaultInitialBackoffSeconds,
    [property: JsonPropertyName("maxBackoffSeconds")] double MaxBackoffSeconds = RetryPolicy.DefaultMaxBackoffSeconds,
    [property: JsonPropertyName("maxAgeSeconds")] double MaxAgeSeconds = RetryPolicy.DefaultMaxAgeSeconds)
{
    /// <summary>Default first wait: 1 s.</summary>
    public const double DefaultInitialBackoffSeconds = 1;

    /// <summary>Default longest wait: 5 minutes.</summary>
    public const double DefaultMaxBackoffSeconds = 300;

    /// <summary>Default maximum age: 24 hours, Event Grid's default time-to-live.</summary>
    public const double DefaultMaxAgeSeconds = 86_400;

    /// <summary>The shortest backoff accepted (tests use short ones).</summary>
    public const double MinBackoffSeconds = 0.01;

    /// <summary>The longest maximum age accepted: 7 days.</summary>
    public const double MaxMaxAgeSeconds = 7 * 86_400;

    /// <summary>The most attempts accepted.</summary>
    public const int MaxMaxAttempts = 100_000;

    /// <summary>The policy every endpoint has unless it says otherwise.</summary>
    public static RetryPolicy Default { get; } = new();

    /// <summary>Why the policy is not acceptable (naming the field), or <c>null</c>.</summary>
    public string? Problem()
    {
        if (MaxAttempts is { } n && (n < 1 || n > MaxMaxAttempts)) return $"retry.maxAttempts must be between 1 and {MaxMaxAttempts}, or null for no limit; it is {n}.";
        if (!(InitialBackoffSeconds >= MinBackoffSeconds) || InitialBackoffSeconds > 86_400)
            return $"retry.initialBackoffSeconds must be between {MinBackoffSeconds} and 86400; it is {InitialBackoffSeconds}.";
        if (!(MaxBackoffSeconds >= InitialBackoffSeconds) || MaxBackoffSeconds > 86_400)
            return $"retry.maxBackoffSeconds must be between initialBackoffSeconds ({InitialBackoffSeconds}) and 86400; it is {MaxBackoffSeconds}.";
        if (!(MaxAgeSeconds > 0) || MaxAgeSeconds > MaxMaxAgeSeconds)
            return $"retry.maxAgeSeconds must be more than 0 and at most {MaxMaxAgeSeconds} (7 days); it is {MaxAgeSeconds}.";
        return null;
    }

    /// <summary>
    /// The wait after <paramref name="failedAttempts"/> failed attempts: <c>initial × 2^(n−1)</c> capped at the maximum,
    /// times a jitter factor drawn uniformly from [0.8, 1.2) (so receivers that failed together do not retry together),
    /// still capped at the maximum; at least the receiver's <paramref name="retryAfter"/> when it gave one.
    /// </summary>
    public TimeSpan Backoff(int failedAttempts, Random random, TimeSpan? retryAfter = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempts, 1);
        var exponential = InitialBackoffSeconds * Math.Pow(2, Math.Min(failedAttempts - 1, 60));
        var seconds = Math.Min(MaxBackoffSeconds, Math.Min(MaxBackoffSeconds, exponential) * (0.8 + 0.4 * random.NextDouble()));
        var wait = TimeSpan.FromSeconds(seconds);
        return retryAfter is { } asked && asked > wait ? asked : wait;
    }

    /// <summary>Whether an event that has now failed <paramref name="failedAttempts"/> times, and entered the log
    /// <paramref name="age"/> ago, is given up (dead-lettered).</summary>
    public bool GivesUp(int failedAttempts, TimeSpan age) =>
        (MaxAttempts is { } n && failedAttempts >= n) || age.TotalSeconds >= MaxAgeSeconds;
}
