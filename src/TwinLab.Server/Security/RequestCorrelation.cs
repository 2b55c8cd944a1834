using System.Diagnostics;

namespace TwinLab.Server.Security;

/// <summary>
/// Gives every request a correlation id and logs it. The id is the W3C trace id: the caller's when it sent
/// <c>traceparent</c>, else a new one. The response carries it as <c>x-correlation-id</c> and <c>x-ms-request-id</c>, and as
/// <c>traceparent</c> naming this request's span; an <c>x-ms-client-request-id</c> (sent by the Azure SDKs) is echoed.
/// </summary>
internal sealed class RequestCorrelation(RequestDelegate next, ILogger<RequestCorrelation> logger, TimeProvider time)
{
    /// <summary>The response header with the correlation id.</summary>
    public const string Header = "x-correlation-id";

    public async Task InvokeAsync(HttpContext context)
    {
        var (traceId, spanId) = Trace(context);
        var correlation = traceId.ToHexString();
        var headers = context.Response.Headers;
        headers[Header] = correlation;
        headers["x-ms-request-id"] = correlation;
        headers["traceparent"] = $"00-{correlation}-{spanId.ToHexString()}-01";
        if (context.Request.Headers["x-ms-client-request-id"].ToString() is { Length: > 0 } clientId)
            headers["x-ms-client-request-id"] = clientId;
        context.TraceIdentifier = correlation;

        var started = time.GetTimestamp();
        // Logged once the response is sent, so the status is the final one (errors are written by the middleware outside this one).
        context.Response.OnCompleted(() =>
        {
            var subject = context.User.Subject() ?? "anonymous";
            using (logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = correlation, ["Subject"] = subject }))
                logger.LogInformation("{Method} {Path} answered {Status} in {ElapsedMs:0.0} ms for {Subject} (correlation {CorrelationId})",
                    context.Request.Method, context.Request.Path.Value, context.Response.StatusCode, time.GetElapsedTime(started).TotalMilliseconds, subject, correlation);
            return Task.CompletedTask;
        });
        using (logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = correlation }))
            await next(context);
    }

    /// <summary>The trace (and span) of this request: ASP.NET Core's activity, which already continues a valid incoming
    /// <c>traceparent</c>; without an activity (no listener), the header parsed here, else new ids.</summary>
    private static (ActivityTraceId, ActivitySpanId) Trace(HttpContext context)
    {
        if (Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity) return (activity.TraceId, activity.SpanId);
        var header = context.Request.Headers["traceparent"].ToString();
        if (header.Length > 0 && ActivityContext.TryParse(header, context.Request.Headers["tracestate"].ToString(), out var parent)
            && parent.TraceId != default)
            return (parent.TraceId, ActivitySpanId.CreateRandom());
        return (ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom());
    }
}
