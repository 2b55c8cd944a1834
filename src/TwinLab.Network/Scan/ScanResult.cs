using TwinLab.Network.Vulnerabilities;

namespace TwinLab.Network.Scan;

/// <summary>One nmap run read from its XML output (<c>-oX</c>).</summary>
/// <param name="File">Where it was read from.</param>
/// <param name="Scanner">The <c>scanner</c> attribute (<c>nmap</c>).</param>
/// <param name="Args">The command line nmap ran.</param>
/// <param name="Start">When the scan started (the <c>start</c> Unix time), if given.</param>
/// <param name="Version">The nmap version, such as <c>7.93</c>.</param>
/// <param name="XmlOutputVersion">The XML format version, such as <c>1.05</c>, if given.</param>
/// <param name="Hosts">The hosts in file order.</param>
/// <param name="RunStats">The closing statistics; null when the file has none.</param>
/// <param name="Notes">What was read but needs a look: unknown services, unreadable CPEs.</param>
public sealed record ScanResult(
    string File,
    string Scanner,
    string Args,
    DateTimeOffset? Start,
    string Version,
    string? XmlOutputVersion,
    IReadOnlyList<ScannedHost> Hosts,
    ScanRunStats? RunStats,
    IReadOnlyList<ScanNote> Notes);

/// <summary>A host of a scan.</summary>
/// <param name="State"><c>up</c>, <c>down</c>, <c>unknown</c> or <c>skipped</c>.</param>
/// <param name="StateReason">Why nmap thinks so (<c>syn-ack</c>, <c>user-set</c>, <c>conn-refused</c>…), if given.</param>
/// <param name="Addresses">IPv4, IPv6 and MAC addresses.</param>
/// <param name="Hostnames">Names (user-given or PTR).</param>
/// <param name="Ports">The ports listed one by one.</param>
/// <param name="ExtraPorts">Ports summarised by state (<c>&lt;extraports state="closed" count="995"&gt;</c>).</param>
/// <param name="OsGuesses">OS matches, best first as nmap lists them.</param>
/// <param name="OsClasses">All OS classes of the host: in the old layout those beside the matches, in the new one
/// the classes of every match.</param>
/// <param name="Line">The line of the <c>host</c> element.</param>
public sealed record ScannedHost(
    string State,
    string? StateReason,
    IReadOnlyList<HostAddress> Addresses,
    IReadOnlyList<HostName> Hostnames,
    IReadOnlyList<ScannedPort> Ports,
    IReadOnlyList<ExtraPorts> ExtraPorts,
    IReadOnlyList<OsGuess> OsGuesses,
    IReadOnlyList<OsClass> OsClasses,
    int Line)
{
    /// <summary>The first IPv4 address, if any.</summary>
    public string? Ipv4 => Addresses.FirstOrDefault(a => a.Type == AddressType.Ipv4)?.Address;

    /// <summary>The first IPv6 address, if any.</summary>
    public string? Ipv6 => Addresses.FirstOrDefault(a => a.Type == AddressType.Ipv6)?.Address;

    /// <summary>The MAC address, if any.</summary>
    public HostAddress? Mac => Addresses.FirstOrDefault(a => a.Type == AddressType.Mac);

    /// <summary>The address that names the host: IPv4, else IPv6, else MAC, else empty.</summary>
    public string PrimaryAddress => Ipv4 ?? Ipv6 ?? Mac?.Address ?? "";

    /// <summary>The CPEs of OS detection (every <see cref="OsClasses"/> CPE), without duplicates, best guess first.</summary>
    public IReadOnlyList<Cpe> OsCpes => OsClasses.SelectMany(c => c.Cpes).Distinct().ToList();
}

/// <summary>Kinds of host address.</summary>
public enum AddressType
{
    /// <summary>An IPv4 address.</summary>
    Ipv4,

    /// <summary>An IPv6 address.</summary>
    Ipv6,

    /// <summary>An Ethernet MAC address.</summary>
    Mac,
}

/// <summary>An address of a host.</summary>
/// <param name="Address">The address as nmap writes it.</param>
/// <param name="Type">Its kind.</param>
/// <param name="Vendor">For a MAC, the vendor of its OUI, if known.</param>
public sealed record HostAddress(string Address, AddressType Type, string? Vendor);

/// <summary>A name of a host.</summary>
/// <param name="Name">The name.</param>
/// <param name="Type"><c>user</c> (given on the command line) or <c>PTR</c> (reverse DNS), if given.</param>
public sealed record HostName(string Name, string? Type);

/// <summary>A port of a host.</summary>
/// <param name="Protocol"><c>tcp</c>, <c>udp</c>, <c>sctp</c> or <c>ip</c>.</param>
/// <param name="Number">The port number (the protocol number for <c>ip</c>).</param>
/// <param name="State"><c>open</c>, <c>closed</c>, <c>filtered</c>, <c>open|filtered</c>, …</param>
/// <param name="Reason">Why (<c>syn-ack</c>, <c>reset</c>, <c>no-response</c>…), if given.</param>
/// <param name="Service">What nmap found listening; null when it says nothing.</param>
/// <param name="Line">The line of the <c>port</c> element.</param>
public sealed record ScannedPort(string Protocol, int Number, string State, string? Reason, ServiceInfo? Service, int Line)
{
    /// <summary>Whether the port is open (<c>open</c>; <c>open|filtered</c> is not).</summary>
    public bool IsOpen => State == "open";
}

/// <summary>A service nmap identified on a port.</summary>
/// <param name="Name">The service name (<c>ssh</c>, <c>http</c>, <c>unknown</c>…), if given.</param>
/// <param name="Product">The product, such as <c>OpenSSH</c>.</param>
/// <param name="Version">The version as nmap writes it, such as <c>8.2p1 Ubuntu 4ubuntu0.5</c>.</param>
/// <param name="ExtraInfo">Extra information, such as <c>Ubuntu Linux; protocol 2.0</c>.</param>
/// <param name="OsType">The OS the service says it runs on.</param>
/// <param name="Method"><c>probed</c> (version detection) or <c>table</c> (guessed from the port number).</param>
/// <param name="Confidence">nmap's confidence 0–10 (<c>conf</c>).</param>
/// <param name="Tunnel"><c>ssl</c> when the service runs inside TLS.</param>
/// <param name="Hostname">A host name the service revealed, if any.</param>
/// <param name="DeviceType">The device type the service revealed, if any.</param>
/// <param name="Cpes">The service's CPEs, converted to CPE 2.3 (nmap writes CPE 2.2 URIs).</param>
public sealed record ServiceInfo(
    string? Name,
    string? Product,
    string? Version,
    string? ExtraInfo,
    string? OsType,
    string? Method,
    int? Confidence,
    string? Tunnel,
    string? Hostname,
    string? DeviceType,
    IReadOnlyList<Cpe> Cpes)
{
    /// <summary>Whether nmap did not name the service (no name, or <c>unknown</c>).</summary>
    public bool IsUnknown => string.IsNullOrEmpty(Name) || Name == "unknown";
}

/// <summary>Ports summarised by their state.</summary>
/// <param name="State">The state, such as <c>closed</c> or <c>filtered</c>.</param>
/// <param name="Count">How many ports.</param>
/// <param name="Reasons">Counts by reason (<c>reset</c> → 995), if given.</param>
public sealed record ExtraPorts(string State, int Count, IReadOnlyDictionary<string, int> Reasons);

/// <summary>One OS match of nmap's OS detection.</summary>
/// <param name="Name">The match, such as <c>Linux 4.15 - 5.6</c>.</param>
/// <param name="Accuracy">Accuracy in percent.</param>
/// <param name="Classes">Its OS classes (new layout); empty in the old layout, where the classes stand beside the
/// matches (see <see cref="ScannedHost.OsClasses"/>).</param>
public sealed record OsGuess(string Name, int Accuracy, IReadOnlyList<OsClass> Classes);

/// <summary>An OS class of nmap's OS detection.</summary>
/// <param name="Vendor">The vendor, such as <c>Microsoft</c>.</param>
/// <param name="Family">The OS family, such as <c>Windows</c>.</param>
/// <param name="Generation">The generation, such as <c>2019</c> or <c>4.X</c>.</param>
/// <param name="Type">The device type, such as <c>general purpose</c>.</param>
/// <param name="Accuracy">Accuracy in percent.</param>
/// <param name="Cpes">Its CPEs in CPE 2.3 (none in files older than nmap 6).</param>
public sealed record OsClass(string? Vendor, string? Family, string? Generation, string? Type, int Accuracy, IReadOnlyList<Cpe> Cpes);

/// <summary>The closing statistics of a run (<c>runstats</c>).</summary>
/// <param name="Finished">When it finished, if given.</param>
/// <param name="ElapsedSeconds">How long it took, if given.</param>
/// <param name="Summary">nmap's summary line, if given.</param>
/// <param name="Exit"><c>success</c> or <c>error</c>, if given.</param>
/// <param name="HostsUp">Hosts up.</param>
/// <param name="HostsDown">Hosts down.</param>
/// <param name="HostsTotal">Hosts scanned.</param>
public sealed record ScanRunStats(DateTimeOffset? Finished, double? ElapsedSeconds, string? Summary, string? Exit, int HostsUp, int HostsDown, int HostsTotal);

/// <summary>Kinds of <see cref="ScanNote"/>.</summary>
public enum ScanNoteKind
{
    /// <summary>An open port whose service nmap did not identify (no service, or <c>unknown</c>).</summary>
    UnknownService,

    /// <summary>A CPE nmap wrote that is not a valid CPE; it is left out of the service.</summary>
    InvalidCpe,
}

/// <summary>Something read from the scan that the user should see, such as an unknown service.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="File">The scan file.</param>
/// <param name="Line">The line of the element concerned.</param>
/// <param name="Host">The host's address.</param>
/// <param name="Port">The port, such as <c>49152/tcp</c>, if it concerns one.</param>
/// <param name="Message">What it is, in words.</param>
public sealed record ScanNote(ScanNoteKind Kind, string File, int Line, string Host, string? Port, string Message)
{
    /// <summary><c>file:line: host port: message</c>.</summary>
    public override string ToString() => $"{File}:{Line}: {Host}{(Port is null ? "" : " " + Port)}: {Message}";
}
