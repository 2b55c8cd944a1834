using System.Globalization;
using TwinLab.Core.Errors;

namespace TwinLab.Sync.Mqtt;

/// <summary>
/// Where an MQTT broker is: <c>mqtt://[user@]host[:port]</c> (plain TCP, port 1883 by default) or
/// <c>mqtts://[user@]host[:port]</c> (TLS, port 8883 by default).
/// </summary>
/// <remarks>
/// The address never holds a password: it is stored with the connection and shown in status output, so a password in it
/// would leak. The password comes from an environment variable named in the connection settings
/// (<see cref="MqttSourceOptions.PasswordVariable"/>).
/// </remarks>
/// <param name="Host">Host name or IP address (an IPv6 address without brackets).</param>
/// <param name="Port">TCP port.</param>
/// <param name="UseTls">Whether the connection is TLS (<c>mqtts</c>).</param>
/// <param name="UserName">User name to authenticate with, or <c>null</c> for anonymous.</param>
public sealed record MqttAddress(string Host, int Port, bool UseTls = false, string? UserName = null)
{
    /// <summary>Default port of <c>mqtt://</c>.</summary>
    public const int DefaultPort = 1883;

    /// <summary>Default port of <c>mqtts://</c>.</summary>
    public const int DefaultTlsPort = 8883;

    /// <summary>Parses <c>mqtt://[user@]host[:port]</c> or <c>mqtts://[user@]host[:port]</c>.</summary>
    /// <exception cref="TwinLabException">(<see cref="ErrorCodes.InvalidArgument"/>) the text is not such an address, or
    /// carries a password, a path or a query; the message says which.</exception>
    public static MqttAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.Length == 0) throw Invalid(text, "it is empty");
        var schemeEnd = trimmed.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0) throw Invalid(text, "it has no scheme; write mqtt://host:1883 or mqtts://host:8883");
        var scheme = trimmed[..schemeEnd].ToLowerInvariant();
        var tls = scheme switch
        {
            "mqtt" or "tcp" => false,
            "mqtts" or "ssl" => true,
            _ => throw Invalid(text, $"the scheme '{trimmed[..schemeEnd]}' is not mqtt or mqtts"),
        };
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
            throw Invalid(text, "the host is missing or malformed");
        if (uri.AbsolutePath is not ("" or "/")) throw Invalid(text, $"it has a path ('{uri.AbsolutePath}'); topics belong in the connection's topic list");
        if (uri.Query.Length > 0 || uri.Fragment.Length > 0) throw Invalid(text, "it has a query or fragment");
        string? user = null;
        if (uri.UserInfo.Length > 0)
        {
            if (uri.UserInfo.Contains(':'))
                throw Invalid(Redact(trimmed), "it contains a password; put the password in an environment variable and name it in the connection (passwordEnv)");
            user = Uri.UnescapeDataString(uri.UserInfo);
        }
        var port = uri.IsDefaultPort || uri.Port < 0 ? (tls ? DefaultTlsPort : DefaultPort) : uri.Port;
        if (port is < 1 or > 65535) throw Invalid(text, $"port {port} is out of range");
        var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host.Trim('[', ']') : uri.Host;
        return new MqttAddress(host, port, tls, user);
    }

    /// <summary>Like <see cref="Parse"/>, without throwing.</summary>
    public static bool TryParse(string? text, out MqttAddress? address)
    {
        address = null;
        if (text is null) return false;
        try
        {
            address = Parse(text);
            return true;
        }
        catch (TwinLabException)
        {
            return false;
        }
    }

    /// <summary>The address as text, e.g. <c>mqtt://ingest@127.0.0.1:1883</c> (never a password).</summary>
    public override string ToString()
    {
        var host = Host.Contains(':') ? $"[{Host}]" : Host;
        var user = UserName is null ? "" : Uri.EscapeDataString(UserName) + "@";
        return string.Create(CultureInfo.InvariantCulture, $"{(UseTls ? "mqtts" : "mqtt")}://{user}{host}:{Port}");
    }

    private static TwinLabException Invalid(string text, string why) =>
        new(ErrorCodes.InvalidArgument, $"'{text}' is not an MQTT broker address: {why}.");

    private static string Redact(string text)
    {
        var at = text.LastIndexOf('@');
        var start = text.IndexOf("://", StringComparison.Ordinal) + 3;
        var colon = text.IndexOf(':', start);
        return at > 0 && colon > 0 && colon < at ? text[..(colon + 1)] + "***" + text[at..] : text;
    }
}
