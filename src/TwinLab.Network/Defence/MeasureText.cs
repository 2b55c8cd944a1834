using System.Globalization;

namespace TwinLab.Network.Defence;

/// <summary>Reads the canonical measure texts described on <see cref="DefenceMeasure"/>.</summary>
internal static class MeasureText
{
    private const string Forms = "patch:CVE[@host], close:host:[proto/]port, block:src->dst:proto/port, unallow:src->dst:proto/port, "
        + "untrust:from->to[:user], uncredential:credential[@host], isolate:host, move:host->zone";

    public static DefenceMeasure Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim();
        var colon = t.IndexOf(':');
        if (colon <= 0) throw Error(t, $"not a measure; expected one of {Forms}");
        var verb = t[..colon];
        var rest = t[(colon + 1)..];
        return verb switch
        {
            "patch" => At(t, rest, (a, b) => new PatchVulnerability(a, b)),
            "uncredential" => At(t, rest, (a, b) => new RemoveStoredCredential(a, b)),
            "close" => Close(t, rest),
            "block" => Block(t, rest),
            "unallow" => Block(t, rest) is var b ? new RemoveAllowedFlow(b.Source, b.Destination, b.Protocol, b.Port) : null!,
            "untrust" => Untrust(t, rest),
            "isolate" => new IsolateHost(Name(t, rest, "host")),
            "move" => Arrow(t, rest, out var host, out var zone) ? new MoveHost(host, zone) : throw Error(t, "expected move:host->zone"),
            _ => throw Error(t, $"unknown measure '{verb}'; expected one of {Forms}"),
        };
    }

    private static DefenceMeasure At(string t, string rest, Func<string, string?, DefenceMeasure> make)
    {
        var at = rest.IndexOf('@');
        return at < 0 ? make(Name(t, rest, "name"), null) : make(Name(t, rest[..at], "name"), Name(t, rest[(at + 1)..], "host"));
    }

    private static ClosePort Close(string t, string rest)
    {
        var colon = rest.LastIndexOf(':');
        if (colon <= 0) throw Error(t, "expected close:host:port or close:host:tcp/port");
        var (protocol, port) = Endpoint(t, rest[(colon + 1)..], "tcp", allowAny: false);
        return new ClosePort(Name(t, rest[..colon], "host"), port, protocol);
    }

    private static BlockFlow Block(string t, string rest)
    {
        var colon = rest.LastIndexOf(':');
        var flow = colon < 0 ? rest : rest[..colon];
        if (!Arrow(t, flow, out var src, out var dst)) throw Error(t, "expected block:source->destination[:proto/port]");
        var (protocol, port) = colon < 0 ? ("*", 0) : Endpoint(t, rest[(colon + 1)..], "*", allowAny: true);
        return new BlockFlow(src, dst, protocol, port);
    }

    private static RemoveTrust Untrust(string t, string rest)
    {
        var colon = rest.LastIndexOf(':');
        var flow = colon < 0 ? rest : rest[..colon];
        if (!Arrow(t, flow, out var from, out var to)) throw Error(t, "expected untrust:from->to[:user]");
        return new RemoveTrust(from, to, colon < 0 ? null : Name(t, rest[(colon + 1)..], "user"));
    }

    private static bool Arrow(string t, string text, out string left, out string right)
    {
        var arrow = text.IndexOf("->", StringComparison.Ordinal);
        left = right = "";
        if (arrow < 0) return false;
        left = Name(t, text[..arrow], "source");
        right = Name(t, text[(arrow + 2)..], "destination");
        return true;
    }

    private static (string Protocol, int Port) Endpoint(string t, string text, string defaultProtocol, bool allowAny)
    {
        var slash = text.IndexOf('/');
        var protocol = slash < 0 ? defaultProtocol : text[..slash].Trim().ToLowerInvariant();
        var portText = (slash < 0 ? text : text[(slash + 1)..]).Trim();
        if (protocol.Length == 0) throw Error(t, "the protocol is empty");
        if (allowAny && portText == "*") return (protocol, 0);
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port < 1 || port > 65535)
            throw Error(t, $"'{portText}' is not a port (1–65535{(allowAny ? " or *" : "")})");
        return (protocol, port);
    }

    private static string Name(string t, string text, string what)
    {
        var name = text.Trim();
        return name.Length == 0 ? throw Error(t, $"the {what} is empty") : name;
    }

    private static DefenceMeasureException Error(string text, string problem) => new(text, problem);
}
