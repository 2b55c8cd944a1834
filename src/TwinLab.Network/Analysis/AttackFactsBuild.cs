using TwinLab.Network.AttackGraph;
using TwinLab.Network.Reachability;
using TwinLab.Network.Topology;

namespace TwinLab.Network.Analysis;

/// <summary>A CVE found on a host, as it enters the attack graph.</summary>
/// <param name="Host">The host.</param>
/// <param name="Service">The service it was matched on (<c>http/tcp/80</c>), or null for an OS-level finding.</param>
/// <param name="CveId">The CVE.</param>
/// <param name="Program">The program of the <c>vulExists</c> fact.</param>
/// <param name="Range">How it is reached.</param>
/// <param name="Consequence">What it gives.</param>
/// <param name="ExploitProbability">Per-attempt success chance (<see cref="ExploitModel"/>).</param>
/// <param name="CvssBaseScore">The CVSS v3 base score.</param>
/// <param name="Epss">The EPSS probability, if the EPSS data lists the CVE.</param>
/// <param name="InKev">Whether the CVE is in the KEV catalogue.</param>
/// <param name="Confirmed">False when the match is only possible (platform or OS version not known precisely).</param>
public sealed record VulnerabilityFinding(string Host, string? Service, string CveId, string Program, ExploitRange Range,
    ExploitConsequence Consequence, double ExploitProbability, double CvssBaseScore, double? Epss, bool InKev, bool Confirmed);

/// <summary>The outcome of <see cref="AttackFactsBuilder.Build"/>: the facts and everything they were built from.</summary>
/// <param name="Topology">The topology with the scan merged in (services from the scan, unknown scanned hosts added).</param>
/// <param name="Engine">The reachability engine of <paramref name="Topology"/> (not thread-safe).</param>
/// <param name="Matrix">The reachability matrix of the services.</param>
/// <param name="Facts">The attack-graph facts.</param>
/// <param name="Findings">The vulnerabilities found, by host then CVE.</param>
/// <param name="Notes">What could not be used as is.</param>
public sealed record AttackFactsBuild(NetworkTopology Topology, ReachabilityEngine Engine, ReachabilityMatrix Matrix, AttackFacts Facts,
    IReadOnlyList<VulnerabilityFinding> Findings, IReadOnlyList<AnalysisNote> Notes);
