using TwinLab.Network.AttackGraph;
using TwinLab.Network.Defence;
using TwinLab.Network.Topology;

namespace TwinLab.Network.Analysis;

/// <summary>Readable names of the host groups the analysis makes when it groups reachability (hosts reaching, or
/// reached on, the same services): the zone and hosts behind each, as a user knows them.</summary>
/// <remarks>A group holding every host of one zone is <c>workstations zone, 6 hosts (dev-laptop-01…NPI3E7702)</c>;
/// part of a zone is <c>2 of 3 servers hosts (dc01, files01)</c>; hosts of several zones are
/// <c>7 hosts in dmz, servers (db01…web01)</c>. Hosts are listed in full up to three.</remarks>
internal static class GroupLabels
{
    public static IReadOnlyDictionary<string, string> Of(NetworkTopology topology, AttackFacts facts)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in facts.HostGroups.GroupBy(g => g.Group, StringComparer.Ordinal))
        {
            var members = PlaceLabels.Sorted(group.Select(g => g.Host));
            var zones = members.Select(h => topology.FindHost(h)?.Zone).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            labels[group.Key] = Label(topology, members, zones);
        }
        return labels;
    }

    private static string Label(NetworkTopology topology, List<string> members, List<string> zones)
    {
        var list = PlaceLabels.Span(members);
        if (zones.Count == 0) return PlaceLabels.HostList(members);
        if (zones.Count > 1) return $"{PlaceLabels.Count(members.Count)} in {string.Join(", ", zones)} ({list})";
        var zone = zones[0];
        var inZone = topology.Hosts.Count(h => h.Zone == zone);
        if (members.Count < inZone) return $"{members.Count} of {inZone} {zone} hosts ({list})";
        return members.Count <= 3 ? $"{zone} zone ({list})" : $"{zone} zone, {PlaceLabels.Count(members.Count)} ({list})";
    }
}
