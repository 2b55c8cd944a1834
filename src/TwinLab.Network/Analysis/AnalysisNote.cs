namespace TwinLab.Network.Analysis;

/// <summary>What an <see cref="AnalysisNote"/> reports.</summary>
public enum AnalysisNoteKind
{
    /// <summary>A scanned host whose address no topology host has; it was added to the zone of its address.</summary>
    UnknownScannedHost,
    /// <summary>A scanned host that is not up; its ports were ignored.</summary>
    HostNotUp,
    /// <summary>A service the topology declares that the scan did not find open (the scan's view is kept).</summary>
    DeclaredServiceNotSeen,
    /// <summary>An open port the scan found that the topology does not declare (kept).</summary>
    UndeclaredService,
    /// <summary>An open port of a protocol the twin does not model (neither TCP nor UDP); left out.</summary>
    UnsupportedProtocol,
    /// <summary>A service with a product but no CPE, or without product: no vulnerability could be looked up.</summary>
    NoCpe,
    /// <summary>A service CPE whose vendor and product no CVE of the data names.</summary>
    CpeNotInData,
    /// <summary>A service CPE without a version, so version ranges could not be checked.</summary>
    VersionUnknown,
    /// <summary>A CPE was looked up under another vendor:product name that NVD uses for the same software.</summary>
    CpeAlias,
    /// <summary>A CVE matched only possibly: the host's OS or platform is known less precisely than the criterion.</summary>
    UnconfirmedMatch,
    /// <summary>A CVE without a CVSS v3 vector: its range and consequence cannot be derived, so it is left out.</summary>
    CveWithoutVector,
    /// <summary>A CVE whose impact gives the attacker no privilege (availability only, or low impacts); left out of the graph.</summary>
    NoPrivilegeGained,
    /// <summary>A remote OS vulnerability for which no OS service listens on the host; left out of the graph.</summary>
    NoServiceForOsVulnerability,
    /// <summary>Something the scan reader reported (an unknown service, an unreadable CPE).</summary>
    ScanNote,
    /// <summary>No scan was given: services come from the topology and have no CPEs.</summary>
    NoScan,
}

/// <summary>Something the analysis could not use as is, reported rather than dropped.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Subject">What it concerns: a host, <c>host:port/proto</c>, a CVE id.</param>
/// <param name="Message">What happened, in words (with the file and line where one applies).</param>
public sealed record AnalysisNote(AnalysisNoteKind Kind, string Subject, string Message)
{
    /// <summary><c>Kind subject: message</c>.</summary>
    public override string ToString() => $"{Kind} {Subject}: {Message}";
}
