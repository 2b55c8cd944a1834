namespace TwinLab.Network.Capacity;

/// <summary>N-1: every single link and node failure, with what it cuts off and what it overloads.</summary>
public sealed record NMinusOneResult
{
    /// <summary>The utilisation target links are checked against.</summary>
    public required double Target { get; init; }

    /// <summary>Every failure: single points of failure first (most traffic cut off first), then by worst utilisation.</summary>
    public required IReadOnlyList<FailureImpact> Failures { get; init; }

    /// <summary>Each link's worst utilisation over all failures, busiest first.</summary>
    public required IReadOnlyList<WorstCaseLoad> WorstCase { get; init; }

    /// <summary>Failures that cut off demands between surviving endpoints.</summary>
    public IReadOnlyList<FailureImpact> SinglePointsOfFailure => [.. Failures.Where(f => f.IsSinglePointOfFailure)];

    /// <summary>Failures that push some surviving link (further) over the target.</summary>
    public IReadOnlyList<FailureImpact> Overloading => [.. Failures.Where(f => f.OverTarget.Count > 0)];

    /// <summary>The highest utilisation of any link under any single failure.</summary>
    public double WorstUtilisation => WorstCase.Count == 0 ? 0 : WorstCase.Max(w => w.Utilisation);
}
