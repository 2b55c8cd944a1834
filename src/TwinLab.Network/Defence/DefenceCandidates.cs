using TwinLab.Network.AttackGraph;

namespace TwinLab.Network.Defence;

/// <summary>Which candidate measures <see cref="DefenceCandidates"/> proposes.</summary>
public sealed record CandidateOptions
{
    /// <summary>Costs and exclusions; null uses <see cref="DefenceCostModel.Default"/>.</summary>
    public DefenceCostModel? Costs { get; init; }

    /// <summary>CVE ids known to be exploited (CISA KEV); their patches are marked <see cref="DefenceMeasure.Urgent"/>.</summary>
    public IReadOnlySet<string>? KnownExploited { get; init; }

    /// <summary>Propose removing every allowed flow (hacl) the attacker uses (<see cref="RemoveAllowedFlow"/>; default true).</summary>
    public bool FirewallBlocks { get; init; } = true;

    /// <summary>Propose isolating every host the attacker can run code on (default false: isolation is drastic).</summary>
    public bool Isolation { get; init; }

    /// <summary>Readable names of places (host groups, zones) for the descriptions, such as
    /// <c>5 of 6 workstations hosts (dev-laptop-01…NPI3E7702)</c> (<c>NetworkStudy.PlaceNames</c>); a host group
    /// without one is described by its hosts. The measure ids keep the places' own names, so they can be given to
    /// <c>network whatif --measure</c> as they are.</summary>
    public IReadOnlyDictionary<string, string>? PlaceNames { get; init; }
}

/// <summary>Proposes the candidate measures of a network.</summary>
public static class DefenceCandidates
{
    /// <summary>
    /// The measures that would remove a fact the attack graph uses: a patch for every vulnerability instance, a
    /// closed port for every service the attacker can reach, the removal of every allowed flow (hacl) on an attack path, the
    /// removal of every trust and stored credential the attacker can use, and optionally the isolation of every
    /// compromisable host. Facts the attacker never touches give no candidate. Each measure is priced by the cost
    /// model; excluded ones are left out. Sorted by id. Descriptions name host groups by
    /// <see cref="CandidateOptions.PlaceNames"/> or by their hosts; ids keep the groups' names.
    /// </summary>
    /// <exception cref="AttackFactException">The facts are malformed.</exception>
    public static IReadOnlyList<DefenceMeasure> Generate(AttackFacts facts, CandidateOptions? options = null,
        AttackGraphOptions? graphOptions = null) =>
        Generate(LogicalAttackGraph.Build(facts, graphOptions), options);

    /// <summary>The candidate measures of an attack graph already built (see the other overload).</summary>
    public static IReadOnlyList<DefenceMeasure> Generate(LogicalAttackGraph graph, CandidateOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(graph);
        options ??= new CandidateOptions();
        var costs = options.Costs ?? DefenceCostModel.Default;
        var f = graph.Facts;
        var labels = PlaceLabels.Of(f, options.PlaceNames);
        string Place(string name) => labels.GetValueOrDefault(name) ?? name;
        var found = new Dictionary<string, DefenceMeasure>(StringComparer.Ordinal);
        void Add(DefenceMeasure m, string description, bool urgent = false)
        {
            if (found.ContainsKey(m.Id) || !costs.Allows(m)) return;
            found.Add(m.Id, m with { Cost = costs.CostOf(m), Description = description, Urgent = urgent });
        }
        foreach (var (kind, i) in graph.Store.Leaves)
        {
            switch (kind)
            {
                case LeafKind.Vulnerability:
                    var v = f.Vulnerabilities[i];
                    var kev = options.KnownExploited?.Contains(v.VulnId) == true;
                    Add(new PatchVulnerability(v.VulnId, v.Host), $"patch {v.Program} on {v.Host} against {v.VulnId}{(kev ? " (CISA KEV: known exploited)" : "")}", kev);
                    break;
                case LeafKind.Service:
                    var s = f.Services[i];
                    Add(new ClosePort(s.Host, s.Port, s.Protocol.ToLowerInvariant()), $"close {s.Protocol.ToLowerInvariant()}/{s.Port} ({s.Program}) on {s.Host}");
                    break;
                case LeafKind.Hacl when options.FirewallBlocks:
                    var h = f.Hacls[i];
                    Add(new RemoveAllowedFlow(h.Source, h.Destination, h.Protocol.ToLowerInvariant(), h.Port),
                        $"firewall: drop {Place(h.Source)} → {Place(h.Destination)} {h.Protocol.ToLowerInvariant()}/{(h.Port == Hacl.AnyPort ? "any" : h.Port)}");
                    break;
                case LeafKind.Trust:
                    var t = f.Trusts[i];
                    Add(new RemoveTrust(t.FromHost, t.ToHost, t.User), $"remove the {t.Kind} trust {t.FromHost} → {t.User}@{t.ToHost}");
                    break;
                case LeafKind.StoredCredential:
                    var c = f.StoredCredentials[i];
                    Add(new RemoveStoredCredential(c.Credential, c.Host), $"purge the cached {c.Credential} credential from {c.Host}");
                    break;
            }
        }
        if (options.Isolation)
        {
            var connected = new HashSet<string>(StringComparer.Ordinal);
            foreach (var g in f.HostGroups) connected.Add(g.Host);
            foreach (var x in f.Hacls) { connected.Add(x.Source); connected.Add(x.Destination); }
            foreach (var fact in graph.DerivedFacts)
                if (fact.Kind == DerivedFactKind.ExecCode && connected.Contains(fact.Subject))
                    Add(new IsolateHost(fact.Subject), $"isolate {fact.Subject} from the network");
        }
        return [.. found.Values.OrderBy(m => m.Id, StringComparer.Ordinal)];
    }
}
