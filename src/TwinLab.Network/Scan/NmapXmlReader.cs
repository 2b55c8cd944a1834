using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using TwinLab.Network.Vulnerabilities;

namespace TwinLab.Network.Scan;

/// <summary>
/// Reads nmap's XML output (<c>nmap -oX</c>, described by nmap's <c>docs/nmap.dtd</c>): the run, its hosts with
/// addresses, host names, ports, services and their CPEs (converted from CPE 2.2 URIs to CPE 2.3), OS matches in the
/// old layout (<c>osclass</c> beside <c>osmatch</c>, nmap before 6) and the new (<c>osclass</c> inside
/// <c>osmatch</c>), <c>extraports</c> and <c>runstats</c>.
/// </summary>
/// <remarks>The file is streamed host by host, so a large scan is not held as one XML tree. Malformed or truncated XML
/// (an interrupted scan leaves <c>nmaprun</c> unclosed) and missing or bad required attributes raise a
/// <see cref="ScanFileException"/> naming the file, line, column and element. Open ports whose service nmap did not
/// identify, and CPEs that cannot be read, become <see cref="ScanNote"/>s; nothing is dropped silently.</remarks>
public static class NmapXmlReader
{
    /// <summary>Reads the nmap XML file at <paramref name="path"/>.</summary>
    /// <exception cref="ScanFileException">The file is missing, malformed, truncated or not an nmap run.</exception>
    public static ScanResult Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new ScanFileException(path, 0, 0, "", "file not found");
        using var reader = new StreamReader(path);
        return Read(reader, path);
    }

    /// <summary>Reads nmap XML text; <paramref name="source"/> names it in errors and notes.</summary>
    /// <exception cref="ScanFileException">The text is malformed, truncated or not an nmap run.</exception>
    public static ScanResult Parse(string xml, string source)
    {
        ArgumentNullException.ThrowIfNull(xml);
        using var reader = new StringReader(xml);
        return Read(reader, source);
    }

    /// <summary>Reads nmap XML from <paramref name="text"/>; <paramref name="source"/> names it in errors and notes.</summary>
    /// <exception cref="ScanFileException">The text is malformed, truncated or not an nmap run.</exception>
    public static ScanResult Read(TextReader text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(source);
        // nmap writes <!DOCTYPE nmaprun> without a DTD to fetch; ignore it rather than refuse it.
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, IgnoreComments = true, IgnoreWhitespace = true, XmlResolver = null };
        using var xml = new DepthLimitedXmlReader(XmlReader.Create(text, settings));
        try
        {
            return new Run(source).Read(xml);
        }
        catch (XmlException e)
        {
            throw new ScanFileException(source, e.LineNumber, e.LinePosition, "", $"malformed XML: {StripPosition(e.Message)}");
        }
    }

    private static string StripPosition(string message)
    {
        var i = message.LastIndexOf(" Line ", StringComparison.Ordinal);
        return i > 0 ? message[..i] : message;
    }

    /// <summary>The state of one read.</summary>
    private sealed class Run(string source)
    {
        private readonly List<ScanNote> _notes = [];

        public ScanResult Read(XmlReader xml)
        {
            var info = (IXmlLineInfo)xml;
            if (xml.MoveToContent() != XmlNodeType.Element || xml.LocalName != "nmaprun")
                throw new ScanFileException(source, info.LineNumber, info.LinePosition, xml.LocalName,
                    "not nmap XML output: the root element must be <nmaprun> (run nmap with -oX)");
            var scanner = xml.GetAttribute("scanner") ?? "nmap";
            var args = xml.GetAttribute("args") ?? "";
            var version = xml.GetAttribute("version") ?? "";
            var xmlVersion = xml.GetAttribute("xmloutputversion");
            DateTimeOffset? start = xml.GetAttribute("start") is { } s ? UnixTime(s, "nmaprun/@start", info.LineNumber, info.LinePosition) : null;
            var hosts = new List<ScannedHost>();
            ScanRunStats? stats = null;
            var empty = xml.IsEmptyElement;
            xml.Read();
            var closed = empty;
            while (!empty && !xml.EOF)
            {
                if (xml.NodeType == XmlNodeType.EndElement && xml.Depth == 0)
                {
                    closed = true;
                    xml.Read();
                    break;
                }
                if (xml.NodeType != XmlNodeType.Element || xml.Depth != 1)
                {
                    xml.Read();
                    continue;
                }
                switch (xml.LocalName)
                {
                    case "host":
                        hosts.Add(Host(Load(xml)));
                        xml.Read();
                        break;
                    case "runstats":
                        stats = RunStats(Load(xml));
                        xml.Read();
                        break;
                    default:
                        xml.Skip();
                        break;
                }
            }
            if (!closed) throw new ScanFileException(source, info.LineNumber, info.LinePosition, "nmaprun", "the file ends before </nmaprun>: the scan output is truncated");
            return new ScanResult(source, scanner, args, start, version, xmlVersion, hosts, stats, _notes);
        }

        private static XElement Load(XmlReader xml)
        {
            using var sub = xml.ReadSubtree();
            return XElement.Load(sub, LoadOptions.SetLineInfo);
        }

        private ScannedHost Host(XElement host)
        {
            var status = host.Element("status");
            var state = status is null ? "unknown" : Required(status, "state");
            var addresses = host.Elements("address").Select(Address).ToList();
            if (addresses.Count == 0) throw Error(host, "host", "a host has no <address>");
            var name = addresses[0].Address;
            var hostnames = host.Element("hostnames")?.Elements("hostname")
                .Select(h => new HostName(Required(h, "name"), Optional(h, "type"))).ToList() ?? [];
            var ports = new List<ScannedPort>();
            var extra = new List<ExtraPorts>();
            if (host.Element("ports") is { } portsElement)
            {
                foreach (var p in portsElement.Elements("port")) ports.Add(Port(p, name));
                foreach (var e in portsElement.Elements("extraports"))
                {
                    var reasons = new Dictionary<string, int>();
                    foreach (var r in e.Elements("extrareasons"))
                    {
                        var reason = Required(r, "reason");
                        reasons[reason] = reasons.GetValueOrDefault(reason) + Int(r, "count");
                    }
                    extra.Add(new ExtraPorts(Required(e, "state"), Int(e, "count"), reasons));
                }
            }
            var guesses = new List<OsGuess>();
            var classes = new List<OsClass>();
            if (host.Element("os") is { } os)
            {
                // Old layout (nmap < 6): <osclass> are children of <os>, beside the <osmatch> elements.
                classes.AddRange(os.Elements("osclass").Select(c => OsClassOf(c, name)));
                foreach (var m in os.Elements("osmatch"))
                {
                    // New layout: each <osmatch> holds its own <osclass> elements.
                    var own = m.Elements("osclass").Select(c => OsClassOf(c, name)).ToList();
                    classes.AddRange(own);
                    guesses.Add(new OsGuess(Required(m, "name"), Int(m, "accuracy"), own));
                }
            }
            return new ScannedHost(state, Optional(status, "reason"), addresses, hostnames, ports, extra, guesses, classes, LineOf(host));
        }

        private HostAddress Address(XElement a)
        {
            var kind = Optional(a, "addrtype") ?? "ipv4";
            var type = kind switch
            {
                "ipv4" => AddressType.Ipv4,
                "ipv6" => AddressType.Ipv6,
                "mac" => AddressType.Mac,
                _ => throw Error(a, "address/@addrtype", $"'{kind}' is not ipv4, ipv6 or mac"),
            };
            return new HostAddress(Required(a, "addr"), type, Optional(a, "vendor"));
        }

        private ScannedPort Port(XElement p, string host)
        {
            var protocol = Required(p, "protocol");
            var number = Int(p, "portid");
            if (number is < 0 or > 65535) throw Error(p, "port/@portid", $"{number} is not a port number (0-65535)");
            var stateElement = p.Element("state") ?? throw Error(p, "port", "a port has no <state>");
            var state = Required(stateElement, "state");
            var label = $"{number}/{protocol}";
            ServiceInfo? service = null;
            if (p.Element("service") is { } s)
            {
                var cpes = new List<Cpe>();
                foreach (var c in s.Elements("cpe")) if (CpeOf(c, host, label) is { } cpe) cpes.Add(cpe);
                service = new ServiceInfo(Optional(s, "name"), Optional(s, "product"), Optional(s, "version"), Optional(s, "extrainfo"),
                    Optional(s, "ostype"), Optional(s, "method"), OptionalInt(s, "conf"), Optional(s, "tunnel"), Optional(s, "hostname"),
                    Optional(s, "devicetype"), cpes);
            }
            if (state == "open" && (service is null || service.IsUnknown))
            {
                var what = service is null ? "no service information" : "service 'unknown'";
                _notes.Add(new ScanNote(ScanNoteKind.UnknownService, source, LineOf(p), host, label,
                    $"open port with {what}; run nmap with -sV to identify it"));
            }
            return new ScannedPort(protocol, number, state, Optional(stateElement, "reason"), service, LineOf(p));
        }

        private OsClass OsClassOf(XElement c, string host)
        {
            var cpes = new List<Cpe>();
            foreach (var e in c.Elements("cpe")) if (CpeOf(e, host, null) is { } cpe) cpes.Add(cpe);
            return new OsClass(Optional(c, "vendor"), Optional(c, "osfamily"), Optional(c, "osgen"), Optional(c, "type"), Int(c, "accuracy"), cpes);
        }

        private Cpe? CpeOf(XElement e, string host, string? port)
        {
            if (Cpe.TryParse(e.Value, out var cpe, out var problem)) return cpe;
            _notes.Add(new ScanNote(ScanNoteKind.InvalidCpe, source, LineOf(e), host, port, $"CPE '{e.Value.Trim()}' left out: {problem}"));
            return null;
        }

        private ScanRunStats RunStats(XElement r)
        {
            var finished = r.Element("finished");
            var hosts = r.Element("hosts");
            DateTimeOffset? time = Optional(finished, "time") is { } t ? UnixTime(t, "finished/@time", LineOf(finished!), 0) : null;
            double? elapsed = null;
            if (Optional(finished, "elapsed") is { } el)
            {
                if (!double.TryParse(el, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) throw Error(finished!, "finished/@elapsed", $"'{el}' is not a number");
                elapsed = v;
            }
            return new ScanRunStats(time, elapsed, Optional(finished, "summary"), Optional(finished, "exit"),
                hosts is null ? 0 : Int(hosts, "up"), hosts is null ? 0 : Int(hosts, "down"), hosts is null ? 0 : Int(hosts, "total"));
        }

        private DateTimeOffset UnixTime(string text, string element, int line, int column)
        {
            // Seconds since 1970 that a DateTimeOffset can hold (years 1–9999); a time in milliseconds is out of range.
            if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
                return seconds is >= -62_135_596_800 and <= 253_402_300_799
                    ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                    : throw new ScanFileException(source, line, column, element, $"'{text}' is out of range for a Unix time in seconds");
            throw new ScanFileException(source, line, column, element, $"'{text}' is not a Unix time");
        }

        private static string? Optional(XElement? e, string attribute) => e?.Attribute(attribute)?.Value;

        private string Required(XElement e, string attribute) =>
            e.Attribute(attribute)?.Value ?? throw Error(e, $"{e.Name.LocalName}/@{attribute}", "missing");

        private int Int(XElement e, string attribute)
        {
            var text = Required(e, attribute);
            if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)) return v;
            throw Error(e, $"{e.Name.LocalName}/@{attribute}", $"'{text}' is not a whole number");
        }

        private int? OptionalInt(XElement e, string attribute) => e.Attribute(attribute) is null ? null : Int(e, attribute);

        private static int LineOf(XElement e) => ((IXmlLineInfo)e).LineNumber;

        private ScanFileException Error(XElement e, string element, string problem)
        {
            var info = (IXmlLineInfo)e;
            return new ScanFileException(source, info.LineNumber, info.LinePosition, element, problem);
        }
    }
}
