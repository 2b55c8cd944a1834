namespace TwinLab.Network.Analysis;

/// <summary>How <see cref="AttackFactsBuilder"/> turns scans and vulnerability data into attack-graph facts.</summary>
/// <remarks>The probability and time figures are modelling assumptions of this twin, not published values; see
/// <see cref="ExploitModel"/> for how they combine.</remarks>
public sealed record AttackFactsOptions
{
    /// <summary>The privileged account name (root, SYSTEM, Administrator all map to it); must equal
    /// <see cref="AttackGraph.AttackGraphOptions.RootUser"/> of the graph built from the facts.</summary>
    public string RootUser { get; init; } = "root";

    /// <summary>The account an attacker starting on a host runs as when the start is not privileged.</summary>
    public string StartUser { get; init; } = "user";

    /// <summary>Chance that one attempt at a vulnerability in CISA's KEV catalogue succeeds: exploitation in the wild is
    /// confirmed, so working exploit code exists (an assumption; CISA BOD 22-01 lists only such vulnerabilities).</summary>
    public double KevProbability { get; init; } = 0.9;

    /// <summary>Weight of the EPSS probability (FIRST: chance of exploitation activity in the next 30 days) in the
    /// per-attempt success chance.</summary>
    public double EpssWeight { get; init; } = 1.0;

    /// <summary>Weight of the CVSS v3 exploitability fraction (exploitability sub-score over its maximum 3.887) in the
    /// per-attempt success chance: the easiest vulnerability without other evidence succeeds with this chance.</summary>
    public double CvssWeight { get; init; } = 0.6;

    /// <summary>The lowest per-attempt success chance given to a vulnerability that is in the graph.</summary>
    public double MinProbability { get; init; } = 0.01;

    /// <summary>Mean hours of an attempt at a KEV vulnerability (public exploit code).</summary>
    public double KevExploitHours { get; init; } = 2;

    /// <summary>Mean hours of an attempt at a vulnerability of low attack complexity (AC:L).</summary>
    public double LowComplexityExploitHours { get; init; } = 8;

    /// <summary>Mean hours of an attempt at a vulnerability of high attack complexity (AC:H).</summary>
    public double HighComplexityExploitHours { get; init; } = 24;

    /// <summary>Also use CVEs that match only possibly (OS or platform known less precisely than the criterion, such as
    /// nmap's <c>windows_10</c> against NVD's <c>windows_10:1909</c>); each is reported as a note.</summary>
    public bool IncludeUnconfirmedMatches { get; init; } = true;

    /// <summary>Group sources and destinations of equal reachability so the number of <c>hacl</c> facts grows with the
    /// number of reachability classes, not host pairs. Off lists host-to-host facts (for small networks and tests).</summary>
    public bool GroupReachability { get; init; } = true;

    /// <summary>The defaults.</summary>
    public static AttackFactsOptions Default { get; } = new();
}
