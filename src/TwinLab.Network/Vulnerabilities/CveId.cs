using System.Text.RegularExpressions;

namespace TwinLab.Network.Vulnerabilities;

/// <summary>CVE identifiers: <c>CVE-YYYY-NNNN</c> with four or more digits in the sequence number (CVE ID syntax,
/// cve.org, since 2014).</summary>
internal static partial class CveId
{
    [GeneratedRegex("^CVE-[0-9]{4}-[0-9]{4,}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static bool IsValid(string text) => Pattern().IsMatch(text);
}
