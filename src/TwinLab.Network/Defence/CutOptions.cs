using TwinLab.Network.AttackGraph;

namespace TwinLab.Network.Defence;

/// <summary>Settings of <see cref="CheapestCut.Find(AttackFacts, IReadOnlyList{DefenceMeasure}, CutOptions?)"/>.</summary>
public sealed record CutOptions
{
    /// <summary>The facts to make unreachable; null means every crown jewel's <c>assetCompromised</c>.</summary>
    public IReadOnlyList<DerivedFact>? Goals { get; init; }

    /// <summary>Choose every <see cref="DefenceMeasure.Urgent"/> candidate (KEV patches) whatever it adds to the cost:
    /// CISA's BOD 22-01 requires known-exploited vulnerabilities to be remediated regardless.</summary>
    public bool IncludeUrgent { get; init; }

    /// <summary>Above this many rule applications in the goals' backward cone, the greedy method is used instead of
    /// CP-SAT (default 200,000).</summary>
    public int MaxExactRuleApplications { get; init; } = 200_000;

    /// <summary>Wall-clock limit of the CP-SAT search (default 20 s; a safety net — the deterministic limit normally
    /// ends it first, so results repeat).</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>CP-SAT's deterministic time limit (its own work units, about seconds; default 10).</summary>
    public double DeterministicTimeLimit { get; init; } = 10;

    /// <summary>CP-SAT's random seed (one worker, so the search repeats).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Bound of the minimal-path enumeration used to explain each measure (per goal); 0 skips the explanations
    /// (on big networks they cost more than the cut).</summary>
    public int ExplanationPathLimit { get; init; } = 50;

    /// <summary>Attack-graph options.</summary>
    public AttackGraphOptions? GraphOptions { get; init; }
}
