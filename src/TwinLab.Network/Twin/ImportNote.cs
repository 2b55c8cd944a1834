namespace TwinLab.Network.Twin;

/// <summary>Kinds of <see cref="ImportNote"/>.</summary>
public enum ImportNoteKind
{
    /// <summary>An open port whose service the scanner did not identify; it is a Service twin named <c>unknown</c>.</summary>
    UnknownService,

    /// <summary>A CPE the scanner wrote that is not a valid CPE; it is left off the service.</summary>
    InvalidCpe,

    /// <summary>A service CPE (or a product without one) that could not be checked against the CVE data.</summary>
    UnmatchedCpe,

    /// <summary>A host of the scan that is not in the twin (down, no address, or listed twice).</summary>
    HostSkipped,

    /// <summary>A matched CVE whose CVSS vector could not be scored (or that has none); its score is NVD's or absent.</summary>
    ScoreUnavailable,

    /// <summary>A scanned host the topology does not list; it joins the zone its address lies in, without a role or value.</summary>
    NotInTopology,

    /// <summary>A topology host the scan did not find up; it is in the twin as declared, with its declared services.</summary>
    NotScanned,
}

/// <summary>Something an import read but could not fully use: reported, never dropped silently.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Location"><c>file:line</c> of the element concerned, when known.</param>
/// <param name="Host">The host's address, if it concerns one.</param>
/// <param name="Port">The port, such as <c>tcp/445</c>, if it concerns one.</param>
/// <param name="Message">What it is, in words.</param>
public sealed record ImportNote(ImportNoteKind Kind, string? Location, string? Host, string? Port, string Message)
{
    /// <summary><c>file:line: host port: message</c>, leaving out what is unknown.</summary>
    public override string ToString()
    {
        var where = string.Join(" ", new[] { Host, Port }.Where(s => !string.IsNullOrEmpty(s)));
        var prefix = Location is null ? "" : Location + ": ";
        return where.Length == 0 ? prefix + Message : $"{prefix}{where}: {Message}";
    }
}
