using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using TwinLab.Server.Hosting;

namespace TwinLab.Server.Security;

/// <summary>
/// Rate limits per identity (ASP.NET Core rate limiting): one token bucket per API key, per JWT subject (of its issuer), and
/// per remote address for requests without a valid token. Every request takes one token, a telemetry batch of thousands
/// of lines as much as a single read; an empty bucket is 429 <c>TooManyRequests</c> in ADT's error shape with
/// <c>Retry-After</c> in whole seconds, as ADT answers when it throttles.
/// </summary>
/// <remarks>The limiter runs after authentication (so it knows the identity) and before authorization, so refused tokens
/// count against their address too: guessing API keys is throttled like anything else.</remarks>
internal static class RequestRateLimits
{
    /// <summary>The error code of a throttled request (ADT's).</summary>
    public const string TooManyRequests = "TooManyRequests";

    /// <summary>Registers the limiter for <paramref name="settings"/> (nothing when they are off).</summary>
    public static IServiceCollection AddTwinLabRateLimits(this IServiceCollection services, RateLimitSettings settings)
    {
        if (!settings.Enabled) return services;
        return services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var (partition, subject) = Identify(context);
                var budget = settings.For(subject);
                return RateLimitPartition.GetTokenBucketLimiter(partition, _ => Bucket(budget));
            });
            o.OnRejected = (rejected, _) => Reject(rejected.HttpContext, rejected.Lease, settings);
        });
    }

    /// <summary>Adds the limiter to the pipeline when it is registered.</summary>
    public static IApplicationBuilder UseTwinLabRateLimits(this IApplicationBuilder app) =>
        app.ApplicationServices.GetRequiredService<HardeningSettings>().RateLimit.Enabled ? app.UseRateLimiter() : app;

    /// <summary>Whose bucket a request takes from: <c>key:ID</c> for an API key, <c>jwt:ISSUER|SUBJECT</c> for a JWT,
    /// <c>ip:ADDRESS</c> otherwise; and the subject whose configured budget applies.</summary>
    internal static (string Partition, string? Subject) Identify(HttpContext context)
    {
        var user = context.User;
        if (user.Subject() is { } subject)
        {
            if (user.FindFirst(ApiKeyAuthenticationHandler.KeyIdClaim)?.Value is { } keyId) return ($"key:{keyId}", subject);
            return ($"jwt:{user.FindFirst("iss")?.Value}|{subject}", subject);
        }
        return ($"ip:{context.Connection.RemoteIpAddress?.ToString() ?? "local"}", null);
    }

    private static TokenBucketRateLimiterOptions Bucket(RateLimitBudget budget)
    {
        var (tokens, period) = budget.Refill();
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = budget.Burst,
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = period,
            QueueLimit = 0, // refuse at once rather than hold requests (and their connections) in a queue
            AutoReplenishment = false, // the partitioned limiter replenishes all buckets from one timer
        };
    }

    private static ValueTask Reject(HttpContext context, RateLimitLease lease, RateLimitSettings settings)
    {
        var retry = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var subject = context.User.Subject();
        var budget = settings.For(subject);
        var who = subject is null ? $"address {context.Connection.RemoteIpAddress?.ToString() ?? "local"}" : $"'{subject}'";
        var message = $"Too many requests from {who}: at most {budget.PermitsPerSecond.ToString(CultureInfo.InvariantCulture)} per second " +
            $"in bursts of up to {budget.Burst}. Retry after {seconds} s.";
        return new ValueTask(AdtError.WriteAsync(context.Response, StatusCodes.Status429TooManyRequests, TooManyRequests, message));
    }
}
