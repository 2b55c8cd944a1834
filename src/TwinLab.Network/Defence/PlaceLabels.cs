using System.Globalization;
using TwinLab.Network.AttackGraph;

namespace TwinLab.Network.Defence;

/// <summary>Names places as a user knows them: a host or zone by its name, a host group of the analysis (such as
/// <c>workstations-sources-6</c>, an internal name for hosts that reach the same services) by the hosts in it, or by
/// the caller's label (<see cref="CandidateOptions.PlaceNames"/>, which <c>NetworkStudy.PlaceNames</c> fills with zones).</summary>
internal static class PlaceLabels
{
    /// <summary>Hosts are listed in full up to this many; beyond, the first and last and the count.</summary>
    private const int Listed = 3;

    /// <summary>A readable name of every host group of the facts: its given label, else its hosts.</summary>
    public static Dictionary<string, string> Of(AttackFacts facts, IReadOnlyDictionary<string, string>? given)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in facts.HostGroups.GroupBy(g => g.Group, StringComparer.Ordinal))
            labels[group.Key] = given?.GetValueOrDefault(group.Key) ?? HostList(group.Select(g => g.Host));
        if (given is not null)
            foreach (var (place, label) in given) labels.TryAdd(place, label);
        return labels;
    }

    /// <summary>The hosts as <c>a, b, c</c> or, beyond three, <c>N hosts (first…last)</c>, in name order.</summary>
    public static string HostList(IEnumerable<string> hosts)
    {
        var sorted = Sorted(hosts);
        return sorted.Count <= Listed ? string.Join(", ", sorted) : $"{Count(sorted.Count)} ({Span(sorted)})";
    }

    /// <summary>Distinct hosts in name order, ignoring case (then ordinal, so the order is total).</summary>
    public static List<string> Sorted(IEnumerable<string> hosts) =>
        [.. hosts.Distinct(StringComparer.Ordinal).Order(StringComparer.OrdinalIgnoreCase).ThenBy(h => h, StringComparer.Ordinal)];

    /// <summary><c>a, b, c</c>, or <c>first…last</c> of more sorted hosts.</summary>
    public static string Span(IReadOnlyList<string> sorted) => sorted.Count <= Listed ? string.Join(", ", sorted) : $"{sorted[0]}…{sorted[^1]}";

    /// <summary><c>N hosts</c>.</summary>
    public static string Count(int n) => n.ToString(CultureInfo.InvariantCulture) + (n == 1 ? " host" : " hosts");
}
