namespace TwinLab.Network.Twin;

/// <summary>What one import put into the twin: where it came from and how much of each kind, with its notes.</summary>
/// <param name="ScanFile">The nmap XML file.</param>
/// <param name="Scanner">Scanner and version, such as <c>nmap 7.93</c>.</param>
/// <param name="ScanArgs">The scanner's command line.</param>
/// <param name="ScanStarted">When the scan started, if the file says.</param>
/// <param name="CveFile">The NVD CVE file, if one was given.</param>
/// <param name="CveCount">CVEs in it (0 when none was given).</param>
/// <param name="EpssFile">The EPSS file, if one was given.</param>
/// <param name="KevFile">The KEV catalogue, if one was given.</param>
/// <param name="Hosts">Host twins (hosts up with an address).</param>
/// <param name="HostsSkipped">Hosts of the scan left out (see the notes).</param>
/// <param name="Ports">Ports listed one by one (every state); each is a Service twin.</param>
/// <param name="OpenPorts">Ports in state <c>open</c>.</param>
/// <param name="Services">Open ports whose service the scanner identified.</param>
/// <param name="UnknownServices">Open ports whose service it did not identify.</param>
/// <param name="Vulnerabilities">Vulnerability twins (one per CVE per service).</param>
/// <param name="DistinctCves">Different CVEs among them.</param>
/// <param name="KnownExploited">Vulnerability twins whose CVE is in the KEV catalogue.</param>
/// <param name="BySeverity">Vulnerability twins per CVSS base severity (<c>critical</c>, <c>high</c>, <c>medium</c>,
/// <c>low</c>, <c>none</c>, and <c>unscored</c> for those without a score); only severities that occur.</param>
/// <param name="Notes">Unknown services, invalid and unmatched CPEs, skipped hosts, unscored CVEs.</param>
/// <param name="HostOverviews">One line per host twin, in scan order.</param>
/// <param name="Topology">What the topology and firewall files added; null when neither was given.</param>
public sealed record NetworkScanSummary(
    string ScanFile,
    string Scanner,
    string ScanArgs,
    DateTimeOffset? ScanStarted,
    string? CveFile,
    int CveCount,
    string? EpssFile,
    string? KevFile,
    int Hosts,
    int HostsSkipped,
    int Ports,
    int OpenPorts,
    int Services,
    int UnknownServices,
    int Vulnerabilities,
    int DistinctCves,
    int KnownExploited,
    IReadOnlyDictionary<string, int> BySeverity,
    IReadOnlyList<ImportNote> Notes,
    IReadOnlyList<HostOverview> HostOverviews,
    TopologyImportSummary? Topology = null);

/// <summary>A host of an import at a glance.</summary>
/// <param name="Id">The host's twin id (its primary address).</param>
/// <param name="Name">Its first host name, if any.</param>
/// <param name="Os">The best OS guess, if any.</param>
/// <param name="OpenPorts">Open ports.</param>
/// <param name="Vulnerabilities">Vulnerability twins on its services.</param>
/// <param name="MaxBaseScore">The highest CVSS base score among them, if any is scored.</param>
/// <param name="KnownExploited">Vulnerabilities among them in the KEV catalogue.</param>
public sealed record HostOverview(string Id, string? Name, string? Os, int OpenPorts, int Vulnerabilities, double? MaxBaseScore, int KnownExploited);

/// <summary>What a topology and firewall rules added to an import.</summary>
/// <param name="TopologyFile">The topology file, if one was given.</param>
/// <param name="Zones">Zones, each a Subnet twin.</param>
/// <param name="DeclaredHosts">Topology hosts the scan did not find, in the twin as declared.</param>
/// <param name="Assets">Asset twins (hosts with a value or crown jewels).</param>
/// <param name="Credentials">Credential twins.</param>
/// <param name="Trusts">Trust relationships.</param>
/// <param name="Firewalls">Firewall devices of the topology.</param>
/// <param name="Rules">FirewallRule twins (chain policies included).</param>
/// <param name="FirewallFiles">The iptables-save files read.</param>
public sealed record TopologyImportSummary(string? TopologyFile, int Zones, int DeclaredHosts, int Assets, int Credentials, int Trusts,
    int Firewalls, int Rules, IReadOnlyList<string> FirewallFiles);
