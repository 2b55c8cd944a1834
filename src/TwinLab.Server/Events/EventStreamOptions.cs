using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace TwinLab.Server.Events;

/// <summary>Settings of the event stream, from configuration.</summary>
/// <param name="Source">The CloudEvents <c>source</c> of graph events (<c>TwinLab:EventSource</c>); when <c>null</c>, the host
/// of the first address the server listens on (<c>localhost</c> for a loopback or wildcard one), else <c>localhost</c>. Never a request header: a client must not be
/// able to choose the source other subscribers see.</param>
/// <param name="Heartbeat">How often an idle stream sends a <c>: keep-alive</c> comment (<c>TwinLab:EventHeartbeatSeconds</c>, default 15).</param>
internal sealed record EventStreamOptions(string? Source, TimeSpan Heartbeat)
{
    /// <summary>The source when neither a name is configured nor a request is at hand.</summary>
    public const string DefaultSource = "localhost";

    /// <summary>How often an authenticated stream re-checks its credentials when none is configured.</summary>
    public static readonly TimeSpan DefaultCredentialCheck = TimeSpan.FromSeconds(5);

    /// <summary>How often an authenticated stream re-checks its API key (revoked, expired) or its JWT's expiry
    /// (<c>TwinLab:EventCredentialCheckSeconds</c>, default 5); a JWT's stream also ends at its <c>exp</c> exactly.</summary>
    public TimeSpan CredentialCheck { get; init; } = DefaultCredentialCheck;

    /// <summary>The server whose first listening address names the source when none is configured (else the request's server).</summary>
    public IServer? Server { get; init; }

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
        var check = DefaultCredentialCheck;
        if (configuration["TwinLab:EventCredentialCheckSeconds"] is { Length: > 0 } checkText)
        {
            if (!double.TryParse(checkText, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || !(seconds > 0) || seconds > 3600)
                throw new InvalidOperationException($"TwinLab:EventCredentialCheckSeconds must be a number of seconds between 0 and 3600, not '{checkText}'.");
            check = TimeSpan.FromSeconds(seconds);
        }
        return new EventStreamOptions(configuration["TwinLab:EventSource"] is { Length: > 0 } s ? s : null, heartbeat) { CredentialCheck = check };
    }

    /// <summary>The origin of events caused by <paramref name="context"/>'s request, or by a write outside any request.</summary>
    public EventOrigin OriginOf(HttpContext? context)
    {
        var source = Source ?? BoundHost(Server ?? context?.RequestServices?.GetService<IServer>()) ?? DefaultSource;
        var trace = Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity ? activity.Id
            : context?.Request.Headers["traceparent"].ToString() is { Length: > 0 } header ? header : null;
        return new EventOrigin(source, trace);
    }

    /// <summary>The host of the first address <paramref name="server"/> listens on (as ADT's source names a host, without a
    /// port); <c>localhost</c> for a loopback or wildcard address; <c>null</c> when it reports none.</summary>
    internal static string? BoundHost(IServer? server)
    {
        if (server?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() is not { } address) return null;
        var normalised = address.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
        if (!Uri.TryCreate(normalised, UriKind.Absolute, out var uri)) return null;
        if (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any) || ServerSettings.IsLoopback(ip)))
            return DefaultSource;
        return uri.Host;
    }
}
