using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TwinLab.Network.Models;

namespace TwinLab.Network.Twin;

/// <summary>The differences between two network twin graphs: the stored one and a newer scan's.</summary>
/// <param name="Changes">The changes, by kind (as <see cref="NetworkChangeKind"/> orders them), then host and port.</param>
/// <param name="VulnerabilitiesCompared">False when only one of the two imports had CVE data (or neither): vulnerabilities
/// were then not compared, since their absence would read as fixed or new.</param>
public sealed record NetworkDiff(IReadOnlyList<NetworkChange> Changes, bool VulnerabilitiesCompared)
{
    /// <summary>Whether nothing changed.</summary>
    public bool IsEmpty => Changes.Count == 0;

    /// <summary>How many changes of <paramref name="kind"/>.</summary>
    public int Count(NetworkChangeKind kind) => Changes.Count(c => c.Kind == kind);

    /// <summary>Compares two graph files of <see cref="NetworkGraph"/> (or <see cref="NetworkTwinStore.ReadGraph(string, long?)"/>).</summary>
    /// <param name="before">The earlier graph (the stored twin).</param>
    /// <param name="after">The newer graph.</param>
    /// <remarks>A new host brings <see cref="NetworkChangeKind.PortOpened"/> and <see cref="NetworkChangeKind.VulnerabilityAdded"/>
    /// changes for what it exposes; a host gone is one <see cref="NetworkChangeKind.HostRemoved"/> change (its open-port
    /// and vulnerability counts in <see cref="NetworkChange.Before"/>), since a host that is off has not been patched.</remarks>
    public static NetworkDiff Compare(JsonObject before, JsonObject after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var a = Inventory.Of(before);
        var b = Inventory.Of(after);
        var compareVulnerabilities = a.HasCveData && b.HasCveData;
        var changes = new List<NetworkChange>();
        foreach (var (id, host) in b.Hosts.Where(h => !a.Hosts.ContainsKey(h.Key)))
            changes.Add(new NetworkChange(NetworkChangeKind.HostAdded, id, null, null, null, host.Names));
        foreach (var (id, host) in a.Hosts.Where(h => !b.Hosts.ContainsKey(h.Key)))
        {
            var open = a.Services.Values.Count(s => s.Host == id && s.IsOpen);
            var vulns = a.Vulnerabilities.Values.Count(v => a.Services.TryGetValue(v.Service, out var s) && s.Host == id);
            changes.Add(new NetworkChange(NetworkChangeKind.HostRemoved, id, null, null,
                Join(host.Names, $"{open} open port{(open == 1 ? "" : "s")}", compareVulnerabilities ? $"{vulns} vulnerabilit{(vulns == 1 ? "y" : "ies")}" : null), null));
        }
        foreach (var (id, s) in b.Services.Where(s => s.Value.IsOpen))
        {
            var old = a.Services.GetValueOrDefault(id);
            if (old is null || !old.IsOpen)
                changes.Add(new NetworkChange(NetworkChangeKind.PortOpened, s.Host, s.Port, null, old?.State, s.Label));
            else if (old.Label != s.Label)
                changes.Add(new NetworkChange(NetworkChangeKind.ServiceChanged, s.Host, s.Port, null, old.Label, s.Label));
        }
        foreach (var (id, s) in a.Services.Where(s => s.Value.IsOpen && b.Hosts.ContainsKey(s.Value.Host)))
        {
            var now = b.Services.GetValueOrDefault(id);
            if (now is null || !now.IsOpen)
                changes.Add(new NetworkChange(NetworkChangeKind.PortClosed, s.Host, s.Port, null, s.State, now?.State ?? "not listed"));
        }
        if (compareVulnerabilities)
        {
            foreach (var (id, v) in b.Vulnerabilities.Where(v => !a.Vulnerabilities.ContainsKey(v.Key)))
                if (b.Services.TryGetValue(v.Service, out var s))
                    changes.Add(new NetworkChange(NetworkChangeKind.VulnerabilityAdded, s.Host, s.Port, v.Cve, null, v.Label));
            foreach (var (id, v) in a.Vulnerabilities.Where(v => !b.Vulnerabilities.ContainsKey(v.Key)))
                if (a.Services.TryGetValue(v.Service, out var s) && b.Hosts.ContainsKey(s.Host))
                {
                    var now = b.Services.GetValueOrDefault(v.Service);
                    var why = now is null || !now.IsOpen ? "port no longer open" : now.Label != s.Label ? $"now {now.Label}" : "no longer matched";
                    changes.Add(new NetworkChange(NetworkChangeKind.VulnerabilityFixed, s.Host, s.Port, v.Cve, v.Label, why));
                }
        }
        changes.Sort(Order);
        return new NetworkDiff(changes, compareVulnerabilities);
    }

    private static int Order(NetworkChange x, NetworkChange y)
    {
        var c = x.Kind.CompareTo(y.Kind);
        if (c == 0) c = AddressOrder.Compare(x.Host, y.Host);
        if (c == 0) c = PortOrder(x.Port).CompareTo(PortOrder(y.Port));
        if (c == 0) c = string.CompareOrdinal(x.Port, y.Port);
        return c != 0 ? c : string.CompareOrdinal(x.Cve, y.Cve);
    }

    private static (string, int) PortOrder(string? port)
    {
        if (port is null) return ("", -1);
        var slash = port.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && int.TryParse(port[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? (port[..slash], n) : (port, 0);
    }

    private static string? Join(params string?[] parts)
    {
        var text = string.Join("; ", parts.Where(p => !string.IsNullOrEmpty(p)));
        return text.Length == 0 ? null : text;
    }

    /// <summary>Addresses in numeric order (192.168.56.9 before 192.168.56.10); anything else after, by text.</summary>
    private static readonly Comparer<string> AddressOrder = Comparer<string>.Create((x, y) =>
    {
        var px = System.Net.IPAddress.TryParse(x, out var ax);
        var py = System.Net.IPAddress.TryParse(y, out var ay);
        if (px && py)
        {
            var bx = ax!.GetAddressBytes();
            var by = ay!.GetAddressBytes();
            var c = bx.Length.CompareTo(by.Length);
            for (var i = 0; c == 0 && i < bx.Length; i++) c = bx[i].CompareTo(by[i]);
            return c;
        }
        return px != py ? (px ? -1 : 1) : string.CompareOrdinal(x, y);
    });

    private sealed record HostEntry(string? Names);

    private sealed record ServiceEntry(string Host, string Port, string State, string? Label)
    {
        public bool IsOpen => State == "open";
    }

    private sealed record VulnerabilityEntry(string Service, string Cve, string? Label);

    /// <summary>What the diff needs of a graph file: hosts, services (with their host) and vulnerabilities (with their service).</summary>
    private sealed class Inventory
    {
        public Dictionary<string, HostEntry> Hosts { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, ServiceEntry> Services { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, VulnerabilityEntry> Vulnerabilities { get; } = new(StringComparer.Ordinal);
        public bool HasCveData { get; private set; }

        public static Inventory Of(JsonObject graph)
        {
            var inv = new Inventory();
            var twins = (graph["twins"] as JsonArray ?? []).OfType<JsonObject>().ToList();
            var owner = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var rel in (graph["relationships"] as JsonArray ?? []).OfType<JsonObject>())
                if (Text(rel, "name") is NetworkModels.Runs or NetworkModels.HasVulnerability && Text(rel, "target") is { } target && Text(rel, "source") is { } source)
                    owner[target] = source;
            foreach (var t in twins)
            {
                var id = Text(t, "$dtId");
                if (id is null) continue;
                switch ((t["$metadata"] as JsonObject)?["$model"]?.GetValue<string>())
                {
                    case NetworkModels.Network:
                        inv.HasCveData |= Text(t, "cveFile") is not null;
                        break;
                    case NetworkModels.Host:
                        var names = t["hostnames"] is JsonArray a ? string.Join(", ", a.Select(n => n?.GetValue<string>()).OfType<string>()) : null;
                        inv.Hosts[id] = new HostEntry(string.IsNullOrEmpty(names) ? null : names);
                        break;
                    case NetworkModels.Service when owner.TryGetValue(id, out var host):
                        var port = $"{Text(t, "protocol")}/{Number(t, "port")}";
                        var label = string.Join(" ", new[] { Text(t, "product") ?? Text(t, "name"), Text(t, "version") }.OfType<string>());
                        inv.Services[id] = new ServiceEntry(host, port, Text(t, "state") ?? "", label.Length == 0 ? null : label);
                        break;
                    case NetworkModels.Vulnerability when owner.TryGetValue(id, out var service) && Text(t, "cveId") is { } cve:
                        var score = t["baseScore"] is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? v.GetValue<double>() : (double?)null;
                        var kev = t["inKev"] is JsonValue k && k.GetValueKind() == JsonValueKind.True;
                        var vlabel = Join(score is null ? null : $"CVSS {score.Value.ToString("0.0", CultureInfo.InvariantCulture)} {Text(t, "severity")}", kev ? "in KEV" : null);
                        inv.Vulnerabilities[id] = new VulnerabilityEntry(service, cve, vlabel);
                        break;
                }
            }
            return inv;
        }

        private static string? Text(JsonObject o, string name) =>
            o[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

        private static string Number(JsonObject o, string name) =>
            o[name] is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? v.ToJsonString() : "?";
    }
}
