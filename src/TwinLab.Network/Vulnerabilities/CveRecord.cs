namespace TwinLab.Network.Vulnerabilities;

/// <summary>One CVE as the NVD CVE API 2.0 describes it, with what vulnerability matching and scoring need.</summary>
/// <param name="Id">The CVE id, such as <c>CVE-2021-44228</c>.</param>
/// <param name="Published">When NVD published it (NVD timestamps carry no offset; they are UTC).</param>
/// <param name="LastModified">When NVD last changed it.</param>
/// <param name="VulnStatus">NVD's analysis status (<c>Analyzed</c>, <c>Modified</c>, <c>Awaiting Analysis</c>…), if given.</param>
/// <param name="Description">The English description (empty when there is none).</param>
/// <param name="Weaknesses">CWE ids such as <c>CWE-22</c>, from every source, without duplicates; NVD's
/// <c>NVD-CWE-Other</c> and <c>NVD-CWE-noinfo</c> are kept as written.</param>
/// <param name="CvssV31">The CVSS v3.1 metric: the Primary one, else the first.</param>
/// <param name="CvssV30">The CVSS v3.0 metric: the Primary one, else the first.</param>
/// <param name="CvssV40">The CVSS v4.0 metric: the Primary one, else the first.</param>
/// <param name="Configurations">Which platforms are vulnerable; empty when NVD has not analysed the CVE yet.</param>
public sealed record CveRecord(
    string Id,
    DateTimeOffset Published,
    DateTimeOffset LastModified,
    string? VulnStatus,
    string Description,
    IReadOnlyList<string> Weaknesses,
    CvssMetric? CvssV31,
    CvssMetric? CvssV30,
    CvssMetric? CvssV40,
    IReadOnlyList<CveConfiguration> Configurations)
{
    /// <summary>The newest CVSS v3 metric there is (v3.1, else v3.0), or null.</summary>
    public CvssMetric? CvssV3 => CvssV31 ?? CvssV30;
}

/// <summary>A CVSS metric of a CVE as NVD lists it.</summary>
/// <param name="Source">Who scored it, such as <c>nvd@nist.gov</c>.</param>
/// <param name="Type"><c>Primary</c> or <c>Secondary</c>.</param>
/// <param name="Version">The CVSS version, such as <c>3.1</c>.</param>
/// <param name="VectorString">The vector, such as <c>CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H</c>.</param>
/// <param name="BaseScore">The base score NVD gives.</param>
/// <param name="BaseSeverity">The severity NVD gives (<c>CRITICAL</c>…), if any.</param>
/// <param name="ExploitabilityScore">The exploitability sub-score, if given (v3 only).</param>
/// <param name="ImpactScore">The impact sub-score, if given (v3 only).</param>
public sealed record CvssMetric(
    string Source,
    string Type,
    string Version,
    string VectorString,
    double BaseScore,
    string? BaseSeverity,
    double? ExploitabilityScore,
    double? ImpactScore);

/// <summary>How the parts of a configuration or node combine.</summary>
public enum CveOperator
{
    /// <summary>Any of them.</summary>
    Or,

    /// <summary>All of them.</summary>
    And,
}

/// <summary>One configuration of a CVE: its nodes combined by <see cref="Operator"/> (NVD writes AND for "vulnerable
/// software running on/with a platform"; without an operator there is one node).</summary>
/// <param name="Operator">How the nodes combine.</param>
/// <param name="Negate">Whether the result is inverted.</param>
/// <param name="Nodes">The nodes.</param>
public sealed record CveConfiguration(CveOperator Operator, bool Negate, IReadOnlyList<CveNode> Nodes);

/// <summary>A node of a configuration: CPE match criteria combined by <see cref="Operator"/>.</summary>
/// <param name="Operator">How the criteria combine.</param>
/// <param name="Negate">Whether the result is inverted.</param>
/// <param name="Matches">The criteria.</param>
public sealed record CveNode(CveOperator Operator, bool Negate, IReadOnlyList<CpeMatchCriterion> Matches);

/// <summary>One CPE match criterion: a CPE (often with ANY as version) and an optional version range.</summary>
/// <param name="Vulnerable">True when matching software is vulnerable; false for a platform it must run on.</param>
/// <param name="Criteria">The criteria CPE.</param>
/// <param name="MatchCriteriaId">NVD's id of the criterion, if given.</param>
/// <param name="VersionStartIncluding">Lowest vulnerable version, inclusive.</param>
/// <param name="VersionStartExcluding">Lowest bound, exclusive.</param>
/// <param name="VersionEndIncluding">Highest vulnerable version, inclusive.</param>
/// <param name="VersionEndExcluding">First fixed version (exclusive bound).</param>
public sealed record CpeMatchCriterion(
    bool Vulnerable,
    Cpe Criteria,
    string? MatchCriteriaId = null,
    string? VersionStartIncluding = null,
    string? VersionStartExcluding = null,
    string? VersionEndIncluding = null,
    string? VersionEndExcluding = null)
{
    /// <summary>Whether any version bound is set.</summary>
    public bool HasVersionRange =>
        VersionStartIncluding is not null || VersionStartExcluding is not null || VersionEndIncluding is not null || VersionEndExcluding is not null;

    /// <summary>Whether <paramref name="version"/> lies within the bounds (compared by <see cref="VersionComparer"/>);
    /// true when there are no bounds.</summary>
    public bool InRange(string version)
    {
        var c = VersionComparer.Instance;
        if (VersionStartIncluding is not null && c.Compare(version, VersionStartIncluding) < 0) return false;
        if (VersionStartExcluding is not null && c.Compare(version, VersionStartExcluding) <= 0) return false;
        if (VersionEndIncluding is not null && c.Compare(version, VersionEndIncluding) > 0) return false;
        if (VersionEndExcluding is not null && c.Compare(version, VersionEndExcluding) >= 0) return false;
        return true;
    }
}

/// <summary>A file of the NVD CVE API 2.0 (one response page, or a saved list of them merged).</summary>
/// <param name="File">Where it was read from.</param>
/// <param name="Timestamp">The response's <c>timestamp</c>, if given.</param>
/// <param name="TotalResults">The response's <c>totalResults</c>, if given (may exceed the CVEs in this page).</param>
/// <param name="Cves">The CVEs, in file order.</param>
public sealed record NvdCveFeed(string File, DateTimeOffset? Timestamp, int? TotalResults, IReadOnlyList<CveRecord> Cves);
