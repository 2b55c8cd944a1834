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
        if (a.HasTopology && b.HasTopology) CompareZones(a, b, changes);
        if (a.HasRules && b.HasRules) CompareRules(a, b, changes);
        changes.Sort(Order);
        return new NetworkDiff(changes, compareVulnerabilities);
    }

    private static void CompareZones(Inventory a, Inventory b, List<NetworkChange> changes)
    {
        foreach (var (zone, cidrs) in b.Zones)
            if (!a.Zones.TryGetValue(zone, out var old)) changes.Add(new NetworkChange(NetworkChangeKind.ZoneAdded, zone, null, null, null, cidrs));
            else if (old != cidrs) changes.Add(new NetworkChange(NetworkChangeKind.ZoneChanged, zone, null, null, old, cidrs));
        foreach (var (zone, cidrs) in a.Zones.Where(z => !b.Zones.ContainsKey(z.Key)))
            changes.Add(new NetworkChange(NetworkChangeKind.ZoneRemoved, zone, null, null, cidrs, null));
        foreach (var (host, zone) in b.HostZones)
            if (a.HostZones.TryGetValue(host, out var old) && old != zone)
                changes.Add(new NetworkChange(NetworkChangeKind.HostMoved, host, null, null, old, zone));
    }

    /// <summary>Rules compared by text per owner and chain (a multiset), so that inserting a rule is one change.</summary>
    private static void CompareRules(Inventory a, Inventory b, List<NetworkChange> changes)
    {
        foreach (var key in a.Rules.Keys.Union(b.Rules.Keys))
        {
            var before = a.Rules.GetValueOrDefault(key) ?? [];
            var after = b.Rules.GetValueOrDefault(key) ?? [];
            var left = before.GroupBy(t => t, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            foreach (var text in after)
                if (left.TryGetValue(text, out var n) && n > 0) left[text] = n - 1;
                else changes.Add(new NetworkChange(NetworkChangeKind.RuleAdded, key.Owner, key.Chain, null, null, text));
            foreach (var (text, n) in left)
                for (var i = 0; i < n; i++) changes.Add(new NetworkChange(NetworkChangeKind.RuleRemoved, key.Owner, key.Chain, null, text, null));
        }
        foreach (var (key, policy) in b.Policies)
            if (a.Policies.TryGetValue(key, out var old) && old != policy)
                changes.Add(new NetworkChange(NetworkChangeKind.PolicyChanged, key.Owner, key.Chain, null, old, policy));
    }

    private static int Order(NetworkChange x, NetworkChange y)
    {
        var c = x.Kind.CompareTo(y.Kind);
        if (c == 0) c = AddressOrder.Compare(x.Host, y.Host);
        if (c == 0) c = PortOrder(x.Port).CompareTo(PortOrder(y.Port));
        if (c == 0) c = string.CompareOrdinal(x.Port, y.Port);
        if (c == 0) c = string.CompareOrdinal(x.Cve, y.Cve);
        return c != 0 ? c : string.CompareOrdinal(x.Before ?? x.After, y.Before ?? y.After);
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
        public bool HasTopology { get; private set; }
        public bool HasRules { get; private set; }
        public Dictionary<string, string> Zones { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, string> HostZones { get; } = new(StringComparer.Ordinal);
        public Dictionary<(string Owner, string Chain), List<string>> Rules { get; } = [];
        public Dictionary<(string Owner, string Chain), string> Policies { get; } = [];

        public static Inventory Of(JsonObject graph)
        {
            var inv = new Inventory();
            var twins = (graph["twins"] as JsonArray ?? []).OfType<JsonObject>().ToList();
            var owner = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var rel in (graph["relationships"] as JsonArray ?? []).OfType<JsonObject>())
                if (Text(rel, "name") is NetworkModels.Runs or NetworkModels.HasVulnerability or NetworkModels.HasFirewallRule && Text(rel, "target") is { } target && Text(rel, "source") is { } source)
                    owner[target] = source;
                else if (Text(rel, "name") == NetworkModels.HasHost && Text(rel, "source") is { } subnet && subnet.StartsWith("zone:", StringComparison.Ordinal) && Text(rel, "target") is { } member)
                    inv.HostZones[member] = subnet["zone:".Length..];
            foreach (var t in twins)
            {
                var id = Text(t, "$dtId");
                if (id is null) continue;
                switch ((t["$metadata"] as JsonObject)?["$model"]?.GetValue<string>())
                {
                    case NetworkModels.Network:
                        inv.HasCveData |= Text(t, "cveFile") is not null;
                        inv.HasTopology |= Text(t, "topologyFile") is not null;
                        inv.HasRules |= t["firewallFiles"] is JsonArray;
                        break;
                    case NetworkModels.Subnet when t["inferred"] is JsonValue inferred && inferred.GetValueKind() == JsonValueKind.False && Text(t, "zone") is { } zone:
                        inv.Zones[zone] = t["cidrs"] is JsonArray cidrs ? string.Join(", ", cidrs.Select(c => c?.GetValue<string>())) : Text(t, "cidr") ?? "";
                        break;
                    case NetworkModels.FirewallRule when owner.TryGetValue(id, out var device):
                        var chain = $"{Text(t, "family")} {Text(t, "table")}/{Text(t, "chain")}";
                        if (t["policy"] is JsonValue pv && pv.GetValueKind() == JsonValueKind.True)
                            inv.Policies[(device, chain)] = Text(t, "target") ?? "";
                        else
                        {
                            if (!inv.Rules.TryGetValue((device, chain), out var list)) inv.Rules[(device, chain)] = list = [];
                            list.Add(Text(t, "text") ?? "");
                        }
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
