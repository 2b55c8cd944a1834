using System.Diagnostics;
using System.Globalization;

namespace TwinLab.Server.Events;

/// <summary>Settings of the event stream, from configuration.</summary>
/// <param name="Source">The CloudEvents <c>source</c> of graph events (<c>TwinLab:EventSource</c>); when <c>null</c>, the host
/// the writing request was sent to, or <c>localhost</c> for writes made outside a request.</param>
/// <param name="Heartbeat">How often an idle stream sends a <c>: keep-alive</c> comment (<c>TwinLab:EventHeartbeatSeconds</c>, default 15).</param>
internal sealed record EventStreamOptions(string? Source, TimeSpan Heartbeat)
{
    /// <summary>The source when neither a name is configured nor a request is at hand.</summary>
    public const string DefaultSource = "localhost";

    /// <summary>Reads the settings.</summary>
    /// <exception cref="InvalidOperationException">The heartbeat is not a positive number of seconds.</exception>
    public static EventStreamOptions From(IConfiguration configuration)
    {
        var heartbeat = TimeSpan.FromSeconds(15);
        if (configuration["TwinLab:EventHeartbeatSeconds"] is { Length: > 0 } text)
        {
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || !(seconds > 0) || seconds > 86_400)
                throw new InvalidOperationException($"TwinLab:EventHeartbeatSeconds must be a number of seconds between 0 and 86400, not '{text}'.");
            heartbeat = TimeSpan.FromSeconds(seconds);
        }
        return new EventStreamOptions(configuration["TwinLab:EventSource"] is { Length: > 0 } s ? s : null, heartbeat);
    }

    /// <summary>The origin of events caused by <paramref name="context"/>'s request, or by a write outside any request.</summary>
    public EventOrigin OriginOf(HttpContext? context)
    {
        var source = Source ?? (context?.Request.Host is { HasValue: true } host ? host.Value! : DefaultSource);
        var trace = Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity ? activity.Id
            : context?.Request.Headers["traceparent"].ToString() is { Length: > 0 } header ? header : null;
        return new EventOrigin(source, trace);
    }
}
