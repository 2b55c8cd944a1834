using TwinLab.Network.Analysis;
using TwinLab.Network.Defence;
using TwinLab.Network.Tests.Analysis;
using TwinLab.Network.Tests.Reachability;

namespace TwinLab.Network.Tests.Defence;

/// <summary>Recommendations on the example network name host groups by their zone and hosts, while their ids stay
/// measure texts that <c>network whatif --measure</c> reads back.</summary>
public sealed class ReadableMeasuresTests
{
    private static NetworkStudy Study => ExampleStudy.Study;

    private static DefenceCut Cut(IReadOnlyDictionary<string, string>? names)
    {
        var costs = DefenceCostModel.Load(ExampleFiles.Path("costs.yaml"));
        var kev = Study.Findings.Where(f => f.InKev).Select(f => f.CveId).ToHashSet(StringComparer.Ordinal);
        return CheapestCut.Find(Study.Graph(), DefenceCandidates.Generate(Study.Graph(), new CandidateOptions { Costs = costs, KnownExploited = kev, PlaceNames = names }));
    }

    [Fact]
    public void PlaceNames_ExampleNetwork_NameTheZoneAndHostsOfEveryGroup()
    {
        var names = Study.PlaceNames;
        var groups = Study.Facts.HostGroups.Select(g => g.Group).Distinct(StringComparer.Ordinal).ToList();

        Assert.Equal(groups.Order(StringComparer.Ordinal), names.Keys.Order(StringComparer.Ordinal));
        Assert.All(names.Values, label => Assert.DoesNotContain("-sources-", label, StringComparison.Ordinal));
        var workstations = Study.Facts.HostGroups.Where(g => g.Group.StartsWith("workstations-sources-", StringComparison.Ordinal))
            .GroupBy(g => g.Group).First();
        // The HR, developer and finance laptops and the printer the scan found reach the same services; it-laptop
        // reaches a different set, so it is a source of its own.
        Assert.Equal("5 of 6 workstations hosts (dev-laptop-01…NPI3E7702)", names[workstations.Key]);
        Assert.Equal("2 of 3 servers hosts (dc01, files01)", names["servers-tcp-445-2"]);
    }

    [Fact]
    public void Recommend_WithPlaceNames_ExplainsFlowsByZoneAndHosts_IdsUnchanged()
    {
        var plain = Cut(null);
        var named = Cut(Study.PlaceNames);

        Assert.Equal(plain.Measures.Select(m => m.Id), named.Measures.Select(m => m.Id));
        var flows = named.Measures.Where(m => m is RemoveAllowedFlow).ToList();
        Assert.NotEmpty(flows);
        Assert.Contains(flows, m => m.Id.Contains("-sources-", StringComparison.Ordinal)); // the id keeps the group's name
        Assert.All(flows, m =>
        {
            Assert.StartsWith("firewall: drop ", m.Description, StringComparison.Ordinal);
            Assert.DoesNotContain("-sources-", m.Description, StringComparison.Ordinal);
            Assert.StartsWith("firewall: drop 5 of 6 workstations hosts (dev-laptop-01…NPI3E7702) → ", m.Description, StringComparison.Ordinal);
        });
        // Without the study's names a group is still described by its hosts, never by its internal name.
        Assert.All(plain.Measures.Where(m => m is RemoveAllowedFlow), m =>
        {
            Assert.StartsWith("firewall: drop 5 hosts (dev-laptop-01…NPI3E7702) → ", m.Description, StringComparison.Ordinal);
            Assert.DoesNotMatch(@"-sources-|-tcp-\d+-\d", m.Description!);
        });
    }

    [Fact]
    public void Recommend_MeasureTexts_ParseBackAndApplyInAWhatIf()
    {
        var cut = Cut(Study.PlaceNames);

        var parsed = cut.Measures.Select(m => DefenceMeasure.Parse(m.Id)).ToList();
        var result = WhatIf.Compare(Study.Facts, parsed);

        Assert.Equal(cut.Measures.Select(m => m.Id), parsed.Select(m => m.Id));
        Assert.All(result.Measures, m => Assert.True(m.FactsRemoved > 0, m.Measure.Id));
        Assert.All(result.After.Assets.Where(a => a.CrownJewel), a => Assert.False(a.Reachable, a.Host));
    }
}
