using System.Globalization;
using System.Text.Json;
using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Core.History;
using TwinLab.Core.Twins;
using TwinLab.Network.Defence;
using TwinLab.Network.Models;

namespace TwinLab.Network.Twin;

/// <summary>One change a what-if made to the twin graph on its branch.</summary>
/// <param name="Measure">The measure's id, such as <c>patch:CVE-2021-41773@web01</c>.</param>
/// <param name="Change">What changed in the twin, in words (or why nothing did).</param>
/// <param name="Applied">False when the twin has nothing the measure applies to (the measure then only changes the analysis).</param>
public sealed record TwinWhatIfChange(string Measure, string Change, bool Applied);

/// <summary>What <see cref="WhatIfBranch.Apply"/> did.</summary>
/// <param name="Branch">The branch written.</param>
/// <param name="BranchCreated">True when the branch was forked from main for this what-if.</param>
/// <param name="Changes">The changes, per measure.</param>
/// <param name="FirstSequence">First sequence number of the write.</param>
/// <param name="LastSequence">Last sequence number of the write.</param>
public sealed record TwinWhatIfOutcome(string Branch, bool BranchCreated, IReadOnlyList<TwinWhatIfChange> Changes, long FirstSequence, long LastSequence);

/// <summary>
/// Records a what-if's measures on the network twin of a branch, so that <c>twinlab branch diff</c> shows exactly the
/// what-if and main (production's twin) never changes.
/// </summary>
/// <remarks>
/// <para>Hosts are named as in the topology (the Host twin's <c>name</c>) or by twin id (address). Per measure:
/// patch — the CVE's Vulnerability twins on the host's services (every host without <c>@host</c>) and their
/// relationships are removed; close — the Service twin's <c>state</c> becomes <c>closed</c>; block and unallow — a
/// DROP FirewallRule twin (<c>whatif:…</c>, its <c>whatIf</c> the measure) is added to the destination host (or zone;
/// for a host group of the analysis, such as <c>network recommend</c> proposes, to no twin);
/// untrust — the <c>trusts</c> relationship is removed; uncredential — the host's <c>storesCredential</c>
/// relationship is removed (without a host: every copy, and the Credential is marked <c>revoked</c>); isolate — the
/// host leaves its subnets (<c>hasHost</c> and its interfaces' <c>attachedTo</c> are removed) and is marked
/// <c>isolated</c>; move — it leaves its zone for the other one's Subnet twin (<c>zone:NAME</c>).</para>
/// <para>All measures are written in one atomic write; a measure the twin has nothing for is reported, not an error
/// (the analysis may know facts the twin does not hold, such as CVEs matched on the operating system).</para>
/// </remarks>
public static class WhatIfBranch
{
    /// <summary>Applies <paramref name="measures"/> to the network twin on <paramref name="branch"/>, forking it from main when it does not exist.</summary>
    /// <param name="service">The database.</param>
    /// <param name="branch">The what-if's branch; never main.</param>
    /// <param name="measures">The measures.</param>
    /// <param name="context">Actor and idempotency key.</param>
    /// <exception cref="TwinLabException">The branch is main, main holds no network twin, or a host or zone is unknown.</exception>
    public static TwinWhatIfOutcome Apply(TwinService service, string branch, IEnumerable<DefenceMeasure> measures, WriteContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(branch);
        ArgumentNullException.ThrowIfNull(measures);
        if (branch == BranchInfo.Main) throw new TwinLabException(ErrorCodes.InvalidArgument, "what-ifs never change main; give --branch NAME");
        var list = measures.ToList();
        var created = false;
        if (!service.Branches.Any(b => b.Name == branch))
        {
            service.CreateBranch(branch, BranchInfo.Main);
            created = true;
        }
        var outcome = service.Write(branch, context ?? WriteContext.Default, g =>
        {
            if (g.FindTwin(NetworkGraph.NetworkId) is not { ModelId: NetworkModels.Network })
                throw new TwinLabException(ErrorCodes.InvalidArgument, $"branch '{branch}' holds no network twin; run 'twinlab network import' first.");
            var editor = new Editor(g);
            return list.Select(editor.Apply).ToList();
        });
        return new TwinWhatIfOutcome(branch, created, outcome.Value ?? [], outcome.FirstSequence, outcome.LastSequence);
    }

    private sealed class Editor(TwinGraph g)
    {
        private readonly Dictionary<string, string> _hosts = Hosts(g);

        public TwinWhatIfChange Apply(DefenceMeasure m) => m switch
        {
            PatchVulnerability p => Patch(p),
            ClosePort c => Close(c),
            BlockFlow b => Block(m.Id, b.Source, b.Destination, b.Protocol, b.Port),
            RemoveAllowedFlow u => Block(m.Id, u.Source, u.Destination, u.Protocol, u.Port),
            RemoveTrust t => Untrust(t),
            RemoveStoredCredential c => Uncredential(c),
            IsolateHost i => Isolate(i),
            MoveHost mv => Move(mv),
            _ => new TwinWhatIfChange(m.Id, "not represented in the twin", false),
        };

        private TwinWhatIfChange Patch(PatchVulnerability p)
        {
            var hosts = p.OnHost is null ? _hosts.Values.Distinct(StringComparer.Ordinal).ToList() : [Host(p.OnHost)];
            var removed = new List<string>();
            foreach (var host in hosts)
                foreach (var service in g.ListRelationships(host, NetworkModels.Runs).Select(r => r.TargetId))
                    foreach (var rel in g.ListRelationships(service, NetworkModels.HasVulnerability).ToList())
                    {
                        if (g.FindTwin(rel.TargetId) is not { } v || !v.Properties.TryGetValue("cveId", out var cve) || cve.Value.GetString() != p.VulnId) continue;
                        g.DeleteRelationship(rel.SourceId, rel.Id);
                        foreach (var incoming in g.ListIncomingRelationships(v.Id).ToList()) g.DeleteRelationship(incoming.SourceId, incoming.Id);
                        g.DeleteTwin(v.Id);
                        removed.Add(v.Id);
                    }
            return removed.Count == 0
                ? new TwinWhatIfChange(p.Id, $"no Vulnerability twin of {p.VulnId}{(p.OnHost is null ? "" : $" on {p.OnHost}")} (the analysis may match it on the OS)", false)
                : new TwinWhatIfChange(p.Id, $"removed {string.Join(", ", removed)}", true);
        }

        private TwinWhatIfChange Close(ClosePort c)
        {
            var id = NetworkGraph.ServiceId(Host(c.OnHost), c.Protocol.ToLowerInvariant(), c.Port);
            if (g.FindTwin(id) is null) return new TwinWhatIfChange(c.Id, $"no Service twin {id}", false);
            Set(id, "state", "closed");
            return new TwinWhatIfChange(c.Id, $"{id} state closed", true);
        }

        private TwinWhatIfChange Block(string measure, string source, string destination, string protocol, int port)
        {
            // A place that is neither a host nor a zone of the twin is a host group of the analysis (such as
            // workstations-sources-6, which network recommend proposes): the rule is recorded, attached to nothing.
            var owner = _hosts.GetValueOrDefault(destination) ?? (g.FindTwin("zone:" + destination) is not null ? "zone:" + destination : null);
            var id = "whatif:" + measure;
            var portText = port == 0 ? null : port.ToString(CultureInfo.InvariantCulture);
            var proto = protocol is "*" or "" ? null : protocol.ToLowerInvariant();
            var text = $"-A FORWARD -s {Address(source)} -d {Address(destination)}{(proto is null ? "" : $" -p {proto}")}{(portText is null ? "" : $" --dport {portText}")} -j DROP";
            g.CreateOrReplaceTwin(id, JsonSerializer.SerializeToElement(new Dictionary<string, object?>
            {
                ["$metadata"] = new Dictionary<string, string> { ["$model"] = NetworkModels.FirewallRule },
                ["table"] = "filter", ["chain"] = "FORWARD", ["position"] = 1, ["protocol"] = proto, ["source"] = source, ["destination"] = destination,
                ["ports"] = portText, ["target"] = "DROP", ["text"] = text, ["whatIf"] = measure, ["policy"] = false, ["enabled"] = true,
            }.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value)));
            if (owner is null) return new TwinWhatIfChange(measure, $"added FirewallRule {id} ({text}); {destination} is a host group of the analysis, not a twin, so the rule is attached to no host", true);
            Relate(owner, NetworkModels.HasFirewallRule, id);
            return new TwinWhatIfChange(measure, $"added FirewallRule {id} ({text}) to {owner}", true);
        }

        private TwinWhatIfChange Untrust(RemoveTrust t)
        {
            var to = Host(t.ToHost);
            var rel = g.FindRelationship(to, $"{NetworkModels.Trusts}:{Host(t.FromHost)}");
            if (rel is null) return new TwinWhatIfChange(t.Id, $"no trust of {t.ToHost} in {t.FromHost} in the twin", false);
            g.DeleteRelationship(rel.SourceId, rel.Id);
            return new TwinWhatIfChange(t.Id, $"removed {rel.SourceId} {rel.Id}", true);
        }

        private TwinWhatIfChange Uncredential(RemoveStoredCredential c)
        {
            var id = "credential:" + c.Credential;
            if (g.FindTwin(id) is null) return new TwinWhatIfChange(c.Id, $"no Credential twin {id}", false);
            var rels = g.ListIncomingRelationships(id).Where(r => r.Name == NetworkModels.StoresCredential && (c.OnHost is null || r.SourceId == Host(c.OnHost))).ToList();
            foreach (var r in rels) g.DeleteRelationship(r.SourceId, r.Id);
            if (c.OnHost is null) Set(id, "revoked", true);
            return new TwinWhatIfChange(c.Id, $"removed {rels.Count} storesCredential relationship(s){(c.OnHost is null ? $"; {id} revoked" : "")}", rels.Count > 0 || c.OnHost is null);
        }

        private TwinWhatIfChange Isolate(IsolateHost i)
        {
            var host = Host(i.OnHost);
            var removed = LeaveSubnets(host);
            Set(host, "isolated", true);
            return new TwinWhatIfChange(i.Id, $"{host} isolated: left {(removed.Count == 0 ? "no subnet" : string.Join(", ", removed))}", true);
        }

        private TwinWhatIfChange Move(MoveHost m)
        {
            var host = Host(m.OnHost);
            var zone = "zone:" + m.Zone;
            if (g.FindTwin(zone) is null) throw new TwinLabException(ErrorCodes.InvalidArgument, $"move:{m.OnHost}->{m.Zone}: no zone '{m.Zone}' in the twin (import with --topology)");
            var left = LeaveSubnets(host);
            Relate(zone, NetworkModels.HasHost, host);
            foreach (var nic in g.ListRelationships(host, NetworkModels.HasInterface).Select(r => r.TargetId)) Relate(nic, NetworkModels.AttachedTo, zone);
            return new TwinWhatIfChange(m.Id, $"{host} moved from {(left.Count == 0 ? "no subnet" : string.Join(", ", left))} to {zone}", true);
        }

        private List<string> LeaveSubnets(string host)
        {
            var left = new List<string>();
            foreach (var r in g.ListIncomingRelationships(host).Where(r => r.Name == NetworkModels.HasHost).ToList())
            {
                g.DeleteRelationship(r.SourceId, r.Id);
                left.Add(r.SourceId);
            }
            foreach (var nic in g.ListRelationships(host, NetworkModels.HasInterface).Select(r => r.TargetId).ToList())
                foreach (var r in g.ListRelationships(nic, NetworkModels.AttachedTo).ToList()) g.DeleteRelationship(r.SourceId, r.Id);
            return left;
        }

        private void Relate(string source, string name, string target) =>
            g.CreateOrReplaceRelationship(source, $"{name}:{target}", JsonSerializer.SerializeToElement(new Dictionary<string, string>
            {
                ["$relationshipName"] = name, ["$targetId"] = target,
            }));

        private void Set<T>(string id, string property, T value) =>
            g.UpdateTwin(id, [new JsonPatchOperation(PatchOp.Add, "/" + property, JsonSerializer.SerializeToElement(value))]);

        private string Address(string name) =>
            _hosts.TryGetValue(name, out var id) && g.FindTwin(id)?.Properties.TryGetValue("address", out var a) == true ? a.Value.GetString() ?? name : name;

        private string Host(string name) => _hosts.GetValueOrDefault(name) ?? throw Unknown(name);

        private TwinLabException Unknown(string name) => new(ErrorCodes.InvalidArgument,
            $"no host or zone '{name}' in the network twin; hosts: {string.Join(", ", _hosts.Keys.Where(k => !char.IsDigit(k[0])).Order(StringComparer.Ordinal).Take(20))}");

        /// <summary>Host twins by topology name and by id.</summary>
        private static Dictionary<string, string> Hosts(TwinGraph g)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var t in g.Twins.Where(t => t.ModelId == NetworkModels.Host))
            {
                map.TryAdd(t.Id, t.Id);
                if (t.Properties.TryGetValue("name", out var n) && n.Value.GetString() is { } name) map.TryAdd(name, t.Id);
            }
            return map;
        }
    }
}
