using System.Globalization;
using System.Text;

namespace TwinLab.Network.Capacity;

/// <summary>Loads a traffic matrix from CSV: flows between endpoints (as exported by NetFlow/IPFIX or sFlow collectors)
/// or rates measured on links.</summary>
/// <remarks>
/// The first non-comment line is the header; column names are matched case-insensitively:
/// <list type="bullet">
/// <item>source: <c>src</c>, <c>source</c>, <c>sa</c>, <c>srcaddr</c>, <c>src_addr</c>, <c>srcip</c>, <c>src_ip</c>, <c>from</c>;
/// destination: <c>dst</c>, <c>destination</c>, <c>da</c>, <c>dstaddr</c>, <c>dst_addr</c>, <c>dstip</c>, <c>dst_ip</c>, <c>to</c>
/// (a host, zone or node name or an IP address, mapped to a node by the links file);</item>
/// <item>rate: <c>rate</c>, <c>bps</c>, <c>bitrate</c>, <c>bits_per_second</c> (with units: <c>250M</c>, <c>1.2Gbit</c>;
/// a bare number is bit/s) — or <c>bytes</c> (<c>byt</c>, <c>ibyt</c>, <c>octets</c>, <c>in_bytes</c>, <c>doctets</c>) over
/// <c>duration</c> (<c>td</c>, <c>dur</c>, <c>seconds</c>; seconds, or with a unit such as <c>300s</c>);</item>
/// <item>optional <c>service</c> (<c>name</c>, <c>application</c>, <c>app</c>);</item>
/// <item>or, for measured link rates, <c>link</c> (<c>interface</c>, <c>if</c>) with a rate column.</item>
/// </list>
/// Blank lines and lines starting with <c>#</c> are skipped. Every problem throws <see cref="CapacityFileException"/>
/// with the line and column.</remarks>
public static class TrafficFile
{
    private static readonly string[] SourceNames = ["src", "source", "sa", "srcaddr", "src_addr", "srcip", "src_ip", "from"];
    private static readonly string[] DestinationNames = ["dst", "destination", "da", "dstaddr", "dst_addr", "dstip", "dst_ip", "to"];
    private static readonly string[] RateNames = ["rate", "bps", "bitrate", "bits_per_second"];
    private static readonly string[] BytesNames = ["bytes", "byt", "ibyt", "octets", "in_bytes", "doctets"];
    private static readonly string[] DurationNames = ["duration", "td", "dur", "seconds"];
    private static readonly string[] ServiceNames = ["service", "name", "application", "app"];
    private static readonly string[] LinkNames = ["link", "interface", "if"];

    /// <summary>Reads a traffic file from disk.</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="network">The network endpoints and links are mapped onto.</param>
    /// <returns>The traffic matrix.</returns>
    public static TrafficMatrix Load(string path, CapacityNetwork network)
    {
        if (!File.Exists(path)) throw new CapacityFileException(path, 0, 0, "", "the traffic file does not exist");
        return Parse(File.ReadAllText(path), path, network);
    }

    /// <summary>Reads a traffic matrix from CSV text.</summary>
    /// <param name="csv">The text.</param>
    /// <param name="file">The file name used in messages.</param>
    /// <param name="network">The network endpoints and links are mapped onto.</param>
    /// <returns>The traffic matrix.</returns>
    public static TrafficMatrix Parse(string csv, string file, CapacityNetwork network)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(network);
        var lines = csv.ReplaceLineEndings("\n").Split('\n');
        string[]? header = null;
        var headerLine = 0;
        var demands = new List<Demand>();
        var linkRates = new List<MeasuredLinkRate>();
        int src = -1, dst = -1, rate = -1, bytes = -1, duration = -1, service = -1, link = -1;
        for (var i = 0; i < lines.Length; i++)
        {
            var text = lines[i].Trim();
            if (text.Length == 0 || text.StartsWith('#')) continue;
            var lineNo = i + 1;
            var cells = Split(text, file, lineNo);
            if (header is null)
            {
                header = [.. cells.Select(c => c.Trim().ToLowerInvariant())];
                headerLine = lineNo;
                src = Find(header, SourceNames);
                dst = Find(header, DestinationNames);
                rate = Find(header, RateNames);
                bytes = Find(header, BytesNames);
                duration = Find(header, DurationNames);
                service = Find(header, ServiceNames);
                link = Find(header, LinkNames);
                if (link < 0 && (src < 0 || dst < 0))
                    throw new CapacityFileException(file, lineNo, 1, "header", $"needs source and destination columns (src,dst or sa,da or srcaddr,dstaddr) or a link column; found: {string.Join(",", header)}");
                if (rate < 0 && (link >= 0 || bytes < 0 || duration < 0))
                    throw new CapacityFileException(file, lineNo, 1, "header", "needs a rate column (rate or bps, with units such as 250M) or, for flows, bytes and duration columns");
                continue;
            }
            if (cells.Count != header.Length)
                throw new CapacityFileException(file, lineNo, 1, "", $"has {cells.Count} column(s); the header on line {headerLine} has {header.Length}");
            if (link >= 0)
            {
                var name = cells[link].Trim();
                if (network.FindLink(name) is null)
                    throw new CapacityFileException(file, lineNo, link + 1, header[link], $"unknown link '{name}'; links: {string.Join(", ", network.Links.Select(l => l.Name))}");
                linkRates.Add(new MeasuredLinkRate(name, RateOf(cells, lineNo)) { Line = lineNo });
                continue;
            }
            var (source, sourceNode, sourceHost) = Endpoint(cells, src, lineNo);
            var (destination, destinationNode, destinationHost) = Endpoint(cells, dst, lineNo);
            demands.Add(new Demand
            {
                Source = source, Destination = destination, Rate = RateOf(cells, lineNo),
                SourceNode = sourceNode, DestinationNode = destinationNode, SourceHost = sourceHost, DestinationHost = destinationHost,
                Service = service >= 0 ? cells[service].Trim() : "", Line = lineNo,
            });
        }
        if (header is null) throw new CapacityFileException(file, 1, 1, "", "the file is empty; expected a header such as src,dst,rate");
        if (demands.Count + linkRates.Count == 0) throw new CapacityFileException(file, headerLine, 1, "", "no rows after the header");
        return new TrafficMatrix(demands, linkRates) { File = file };

        (string Text, string Node, string? Host) Endpoint(List<string> cells, int column, int lineNo)
        {
            var text = cells[column].Trim();
            if (text.Length == 0) throw new CapacityFileException(file, lineNo, column + 1, header![column], "is empty");
            return network.Resolve(text) is { } r ? (text, r.Node, r.Host)
                : throw new CapacityFileException(file, lineNo, column + 1, header![column],
                    $"'{text}' is not a node, an attached host or zone, or an address in an attached zone or subnet of {network.File}");
        }

        double RateOf(List<string> cells, int lineNo)
        {
            if (rate >= 0 && cells[rate].Trim().Length > 0)
                return BitRate.TryParse(cells[rate], out var bps, out var problem) ? bps : throw new CapacityFileException(file, lineNo, rate + 1, header![rate], problem);
            if (bytes < 0 || duration < 0)
                throw new CapacityFileException(file, lineNo, Math.Max(rate, 0) + 1, header![Math.Max(rate, 0)], "is empty and there are no bytes and duration columns to compute it from");
            if (!double.TryParse(cells[bytes].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var count) || !(count >= 0) || !double.IsFinite(count))
                throw new CapacityFileException(file, lineNo, bytes + 1, header![bytes], $"'{cells[bytes].Trim()}' is not a byte count");
            var d = cells[duration].Trim();
            var seconds = double.TryParse(d, NumberStyles.Float, CultureInfo.InvariantCulture, out var plain) ? plain
                : BitRate.TryParseDelay(d, out var parsed, out _) ? parsed : double.NaN;
            if (!(seconds > 0) || !double.IsFinite(seconds))
                throw new CapacityFileException(file, lineNo, duration + 1, header![duration], $"'{d}' is not a positive duration in seconds");
            return count * 8 / seconds;
        }
    }

    private static int Find(string[] header, string[] names)
    {
        foreach (var n in names)
        {
            var i = Array.IndexOf(header, n);
            if (i >= 0) return i;
        }
        return -1;
    }

    private static List<string> Split(string line, string file, int lineNo)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else cell.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { cells.Add(cell.ToString()); cell.Clear(); }
            else cell.Append(c);
        }
        if (quoted) throw new CapacityFileException(file, lineNo, cells.Count + 1, "", "a quoted cell is not closed");
        cells.Add(cell.ToString());
        return cells;
    }
}
