using TwinLab.Network.AttackGraph;
using TwinLab.Network.Scan;
using TwinLab.Network.Topology;
using TwinLab.Network.Vulnerabilities;

namespace TwinLab.Network.Analysis;

/// <summary>Builds the facts of a MulVAL-style attack graph from a topology, an optional nmap scan and vulnerability
/// data (NVD CVEs, optionally EPSS and KEV).</summary>
/// <remarks>
/// <para>Hosts come from the topology. A scanned host is matched to a topology host by address; one that matches none
/// is added to the zone of its address (and reported), and one in no zone is an error. For a scanned host, its open
/// TCP/UDP ports are its services; declared services of a protocol the scan covered (a port of that protocol is listed,
/// or for TCP an <c>extraports</c> summary) but not open are dropped, those of an unscanned protocol kept — each
/// difference is reported. Hosts without a scan keep their declared services.</para>
/// <para>Facts: <c>networkServiceInfo</c> per service, its program the service's application CPE product (else nmap's
/// service name, else the declared name) and its account from <see cref="ServiceAccounts"/>; <c>vulExists</c> from
/// <see cref="VulnerabilityMatcher"/> matches per service and from OS-level matches per host (local CVEs on the OS,
/// remote ones on the OS's own services); <c>vulProperty</c> from <see cref="ExploitModel"/>; <c>hacl</c> from the
/// <see cref="Reachability.ReachabilityMatrix"/>, per reachability class as host groups; <c>attackerLocated</c>,
/// credentials, trust and assets from the topology (administrator accounts map to the root user).</para>
/// <para>nmap names MySQL <c>mysql:mysql</c> while NVD files versions since Oracle's acquisition under
/// <c>oracle:mysql</c>; such known renamings are looked up under NVD's name and reported.</para>
/// </remarks>
public static class AttackFactsBuilder
{
    /// <summary>Builds the facts.</summary>
    /// <param name="topology">The network.</param>
    /// <param name="scan">An nmap scan of it, or null to use the declared services.</param>
    /// <param name="cves">The vulnerability data, or null for none.</param>
    /// <param name="epss">EPSS scores, or null.</param>
    /// <param name="kev">The KEV catalogue, or null.</param>
    /// <param name="options">The options; <see cref="AttackFactsOptions.Default"/> when null.</param>
    /// <returns>The facts with the merged topology, the reachability, the findings and the notes.</returns>
    /// <exception cref="AnalysisException">A scanned address lies in no zone of the topology.</exception>
    public static AttackFactsBuild Build(NetworkTopology topology, ScanResult? scan = null, IEnumerable<CveRecord>? cves = null,
        EpssData? epss = null, KevCatalog? kev = null, AttackFactsOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(topology);
        return new FactsAssembler(topology, scan, cves?.ToList() ?? [], epss, kev, options ?? AttackFactsOptions.Default).Run();
    }
}
