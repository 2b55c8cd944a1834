using System.Globalization;
using System.Text.Json.Nodes;
using TwinLab.Network.Firewall;
using TwinLab.Network.Models;

namespace TwinLab.Network.Twin;

/// <summary>Adds an iptables-save ruleset's rules to a network graph file as FirewallRule twins of their owner (a host or
/// a firewall: <c>hasFirewallRule</c>), one per rule, plus one per built-in chain's policy.</summary>
/// <remarks>Ids are <c>OWNER:FAMILY:TABLE:CHAIN:N</c> (N the 1-based position in the chain) and
/// <c>OWNER:FAMILY:TABLE:CHAIN:policy</c>; the diff compares rules by text, so a rule inserted above others is one
/// change, not a shift of every rule below it.</remarks>
internal static class FirewallRuleTwins
{
    /// <summary>Adds the rules; returns how many rule twins (policies included) were added.</summary>
    public static int Add(GraphFileBuilder b, string owner, FirewallRuleset rules, string family)
    {
        var count = 0;
        foreach (var table in rules.Tables)
            foreach (var chain in table.Chains)
            {
                var prefix = $"{owner}:{family}:{table.Name}:{chain.Name}:";
                if (chain.Policy is { } policy)
                {
                    var id = prefix + "policy";
                    var target = policy == ChainPolicy.Accept ? "ACCEPT" : "DROP";
                    b.Twin(id, NetworkModels.FirewallRule, new JsonObject
                    {
                        ["table"] = table.Name, ["chain"] = chain.Name, ["position"] = chain.Rules.Count + 1, ["target"] = target,
                        ["text"] = $":{chain.Name} {target}", ["family"] = family, ["location"] = $"{rules.File}:{chain.Line.ToString(CultureInfo.InvariantCulture)}",
                        ["policy"] = true, ["enabled"] = true,
                    });
                    b.Relationship(owner, NetworkModels.HasFirewallRule, id);
                    count++;
                }
                for (var i = 0; i < chain.Rules.Count; i++)
                {
                    var r = chain.Rules[i];
                    var id = prefix + (i + 1).ToString(CultureInfo.InvariantCulture);
                    b.Twin(id, NetworkModels.FirewallRule, new JsonObject
                    {
                        ["table"] = table.Name,
                        ["chain"] = chain.Name,
                        ["position"] = i + 1,
                        ["protocol"] = r.ProtocolName.Length == 0 ? null : (r.Protocol.Negated ? "! " : "") + r.ProtocolName,
                        ["source"] = r.Source?.ToString(),
                        ["destination"] = r.Destination?.ToString(),
                        ["ports"] = r.DestinationPorts is { } p ? (p.Negated ? "! " : "") + string.Join(",", p.Value) : null,
                        ["states"] = r.States?.ToString(),
                        ["target"] = r.Target.Length == 0 ? null : r.Target,
                        ["text"] = r.Text,
                        ["family"] = family,
                        ["location"] = r.Location,
                        ["comment"] = r.Comment,
                        ["policy"] = false,
                        ["enabled"] = true,
                    });
                    b.Relationship(owner, NetworkModels.HasFirewallRule, id);
                    count++;
                }
            }
        return count;
    }

    /// <summary>ipv6 when the file's addresses are IPv6 (an ip6tables-save file), else ipv4.</summary>
    public static string FamilyOf(FirewallRuleset rules) =>
        rules.Rules.Any(r => r.Source?.Value.IsIPv6 == true || r.Destination?.Value.IsIPv6 == true) ? "ipv6" : "ipv4";
}
