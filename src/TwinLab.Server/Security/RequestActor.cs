using System.Security.Claims;
using HistoryWriteContext = TwinLab.Core.History.WriteContext;

namespace TwinLab.Server.Security;

/// <summary>Who a request is: the authenticated subject, and the history actor its writes are recorded as.</summary>
public static class RequestActor
{
    /// <summary>The actor of anonymous (<c>--dev</c>) writes, as before authentication existed.</summary>
    public const string Anonymous = "api";

    /// <summary>The authenticated subject: a JWT's <c>sub</c> (else its <c>oid</c>) or an API key's name; <c>null</c> when anonymous.</summary>
    public static string? Subject(this ClaimsPrincipal user)
    {
        if (user.Identity is not { IsAuthenticated: true }) return null;
        return user.FindFirst("sub")?.Value ?? user.FindFirst("oid")?.Value ?? user.Identity.Name;
    }

    /// <summary>The history actor of this request's writes: <c>api:SUBJECT</c> for a JWT, <c>api:key:NAME</c> for an API key
    /// (so a JWT whose <c>sub</c> is a key's name cannot pass for that key), or <c>api</c> when anonymous.</summary>
    public static string Actor(this HttpContext context) => context.User.Subject() switch
    {
        null => Anonymous,
        var name when context.User.HasClaim(c => c.Type == ApiKeyAuthenticationHandler.KeyIdClaim) => $"{Anonymous}:key:{name}",
        var subject => $"{Anonymous}:{subject}",
    };

    /// <summary>What this request's writes are recorded with (a drop-in for <c>RequestJson.Writer</c>; add an idempotency
    /// key with <c>with { IdempotencyKey = … }</c>).</summary>
    public static HistoryWriteContext WriteContext(this HttpContext context) => new(context.Actor());
}
