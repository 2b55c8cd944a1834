using TwinLab.Server.Security;

namespace TwinLab.Server.Events;

/// <summary>
/// The credentials an event stream was opened with, re-checked while it runs: an API key through <see cref="ApiKeyStore"/>
/// (revoked or expired since), a JWT against its <c>exp</c>. Authentication happens once, at connect; without this a
/// revoked key or an expired token would keep receiving events for as long as the connection lasts.
/// </summary>
internal sealed class StreamCredential(Func<string?> recheck, DateTimeOffset? expires, TimeSpan every, TimeProvider time)
{
    /// <summary>Why the credentials no longer hold, or <c>null</c> while they do.</summary>
    public string? Failure()
    {
        if (expires is { } e && time.GetUtcNow() >= e)
            return $"The access token expired at {e:O}; reconnect with a fresh token (and Last-Event-ID to resume).";
        return recheck() is { } why ? why + " The event stream ends." : null;
    }

    /// <summary>When to check next: every <c>every</c>, and just after a JWT's expiry.</summary>
    public TimeSpan NextCheckIn()
    {
        if (expires is not { } e) return every;
        var left = e - time.GetUtcNow() + TimeSpan.FromMilliseconds(10);
        return left <= TimeSpan.Zero ? TimeSpan.Zero : left < every ? left : every;
    }

    /// <summary>The credentials of <paramref name="context"/>'s request, or <c>null</c> when there is nothing to re-check
    /// (anonymous, or <c>--dev</c>, where a stream needs no credentials at all).</summary>
    public static StreamCredential? Of(HttpContext context, ServerSettings settings, ApiKeyStore keys, TimeSpan every, TimeProvider time)
    {
        if (settings.Dev || context.User.Identity is not { IsAuthenticated: true }) return null;
        if (context.User.HasClaim(c => c.Type == ApiKeyAuthenticationHandler.KeyIdClaim))
        {
            var token = Unauthorized.BearerToken(context.Request) ?? "";
            return new StreamCredential(() => keys.Check(token).Failure, null, every, time);
        }
        DateTimeOffset? exp = long.TryParse(context.User.FindFirst("exp")?.Value, out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;
        return new StreamCredential(() => null, exp, every, time);
    }
}
