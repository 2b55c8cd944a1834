using TwinLab.Network.Analysis;
using TwinLab.Network.Defence;

namespace TwinLab.Network.Reporting;

/// <summary>What the network security report shows; sections appear only for the parts given.</summary>
public sealed record NetworkReportContent
{
    /// <summary>The report's title.</summary>
    public required string Title { get; init; }

    /// <summary>A line under the title: the inputs, seeds and, if wanted, a time (the report reads no clock).</summary>
    public string? Generated { get; init; }

    /// <summary>Facts about the network shown at the top (hosts, zones, vulnerabilities, attacker starts).</summary>
    public IReadOnlyList<(string Name, string Value)> Facts { get; init; } = [];

    /// <summary>Attack paths to each crown jewel; their most likely (and shortest) paths are drawn as the attack graph.</summary>
    public IReadOnlyList<AttackPathsReport> Paths { get; init; } = [];

    /// <summary>The compromise probability of every asset.</summary>
    public RiskReport? Risk { get; init; }

    /// <summary>The Monte Carlo attacker: time to compromise per asset and the most frequent paths.</summary>
    public SimulationSummary? Simulation { get; init; }

    /// <summary>The recommended fixes: the cheapest set of measures cutting every path to the crown jewels.</summary>
    public DefenceCut? Cut { get; init; }

    /// <summary>Measures the cost file excluded (ports the business needs open), listed under the fixes.</summary>
    public IReadOnlyList<string> Excluded { get; init; } = [];

    /// <summary>Notes shown at the top.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
