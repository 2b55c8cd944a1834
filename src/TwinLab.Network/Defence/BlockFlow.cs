using TwinLab.Network.AttackGraph;

namespace TwinLab.Network.Defence;

/// <summary>
/// Add a firewall rule that blocks <paramref name="Source"/> → <paramref name="Destination"/> on
/// <paramref name="Protocol"/>/<paramref name="Port"/>. Places are hosts, host groups (zones) or <c>*</c>; protocol
/// <c>*</c> and port 0 mean any.
/// </summary>
/// <remarks>Hacls the rule covers entirely are removed. A hacl it covers only in part — a zone-level hacl when a
/// single member host is blocked, or a any-port hacl when one port is blocked — is split: it is replaced by the
/// member-level (and per-listening-port) hacls the rule leaves open, so the other members and ports keep their
/// reachability. Two groups that merely share members are not split against each other: name the group, a member
/// host or <c>*</c>. The result never gives the attacker more than before, but a split adds facts, so only rules
/// that match whole hacls take part in cuts; <see cref="RemoveAllowedFlow"/> removes one hacl and nothing else.</remarks>
/// <param name="Source">Where the blocked traffic comes from.</param>
/// <param name="Destination">Where it goes.</param>
/// <param name="Protocol">tcp, udp or <c>*</c>.</param>
/// <param name="Port">The port, or 0 for any.</param>
public sealed record BlockFlow(string Source, string Destination, string Protocol = "*", int Port = 0) : DefenceMeasure
{
    /// <inheritdoc />
    public override MeasureKind Kind => MeasureKind.BlockFlow;

    /// <inheritdoc />
    public override string Id => $"block:{Source}->{Destination}:{Protocol.ToLowerInvariant()}/{(Port == Hacl.AnyPort ? "*" : Port)}";

    /// <inheritdoc />
    public override string? Host => Destination;

    internal override FactChange Plan(FactLookup at)
    {
        var facts = at.Facts;
        var members = at.Members;
        bool Covers(string rule, string place) => rule == "*" || rule == place || (members.TryGetValue(rule, out var m) && m.Contains(place));
        bool Inside(string rule, string place) => members.TryGetValue(place, out var m) && m.Contains(rule);
        IEnumerable<string> Expand(string place) => members.TryGetValue(place, out var m) ? m.Order(StringComparer.Ordinal) : [place];

        var c = new FactChange();
        var added = new HashSet<Hacl>();
        foreach (var i in Relevant(at))
        {
            var h = facts.Hacls[i];
            bool srcCover = Covers(Source, h.Source), dstCover = Covers(Destination, h.Destination);
            bool protoCover = Protocol == "*" || Same(Protocol, h.Protocol), portCover = Port == Hacl.AnyPort || Port == h.Port;
            var overlaps = (srcCover || Inside(Source, h.Source)) && (dstCover || Inside(Destination, h.Destination))
                && (protoCover || h.Protocol == "*") && (portCover || h.Port == Hacl.AnyPort);
            if (!overlaps) continue;
            c.Hacls.Add(i);
            if (srcCover && dstCover && protoCover && portCover) continue;
            var sources = srcCover ? [h.Source] : Expand(h.Source).ToList();
            var destinations = dstCover ? [h.Destination] : Expand(h.Destination).ToList();
            List<(string Protocol, int Port)> endpoints = protoCover && portCover
                ? [(h.Protocol, h.Port)]
                : [.. Expand(h.Destination).SelectMany(d => facts.Services.Where(s => s.Host == d))
                    .Where(s => (h.Protocol == "*" || Same(h.Protocol, s.Protocol)) && (h.Port == Hacl.AnyPort || h.Port == s.Port))
                    .Select(s => (s.Protocol.ToLowerInvariant(), s.Port)).Distinct().OrderBy(e => e.Item1, StringComparer.Ordinal).ThenBy(e => e.Port)];
            foreach (var s in sources)
                foreach (var d in destinations)
                    foreach (var (p, port) in endpoints)
                    {
                        var blocked = Covers(Source, s) && Covers(Destination, d) && (Protocol == "*" || Same(Protocol, p))
                            && (Port == Hacl.AnyPort || Port == port);
                        var narrower = new Hacl(s, d, p, port);
                        if (!blocked && added.Add(narrower)) c.AddedHacls.Add(narrower);
                    }
        }
        return c;
    }

    /// <summary>The hacls that can overlap the rule: all of them for a <c>*</c> side, else those naming the rule's
    /// place or a group it belongs to (or, for a group, its members).</summary>
    private IEnumerable<int> Relevant(FactLookup at)
    {
        if (Source == "*" && Destination == "*") return Enumerable.Range(0, at.Facts.Hacls.Count);
        var useSource = Source != "*";
        var place = useSource ? Source : Destination;
        var places = new HashSet<string>(StringComparer.Ordinal) { place };
        foreach (var g in at.GroupsOf(place)) places.Add(at.Facts.HostGroups[g].Group);
        if (at.Members.TryGetValue(place, out var members)) places.UnionWith(members);
        return places.SelectMany(p => useSource ? at.HaclsFrom(p) : at.HaclsTo(p)).Distinct().Order();
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
