using TwinLab.Network.Tests.Scan;
using TwinLab.Network.Vulnerabilities;

namespace TwinLab.Network.Tests.Vulnerabilities;

public sealed class NvdCveReaderTests
{
    internal static NvdCveFeed Feed() => NvdCveReader.Read(ScanDataFiles.Nvd("cves.json"));

    [Fact]
    public void Read_ReadsTheResponse()
    {
        var feed = Feed();
        Assert.Equal(6, feed.TotalResults);
        Assert.Equal(new DateTimeOffset(2024, 3, 4, 9, 0, 0, TimeSpan.Zero), feed.Timestamp);
        Assert.Equal(["CVE-2021-41773", "CVE-2021-44228", "CVE-2023-38408", "CVE-2024-6387", "CVE-2017-7269", "CVE-2017-7494"],
            feed.Cves.Select(c => c.Id));
    }

    [Fact]
    public void Read_Cve_TakesEnglishTextWeaknessesAndThePrimaryMetric()
    {
        var cve = Feed().Cves[0];
        Assert.Equal(new DateTimeOffset(2021, 10, 5, 9, 15, 7, 593, TimeSpan.Zero), cve.Published);
        Assert.Equal("Analyzed", cve.VulnStatus);
        Assert.StartsWith("A flaw was found in a change made to path normalization", cve.Description);
        Assert.Equal(["CWE-22"], cve.Weaknesses);
        // The Secondary (9.8) is listed first; the Primary NVD metric wins.
        Assert.Equal(("nvd@nist.gov", "Primary", 7.5, "HIGH"), (cve.CvssV31!.Source, cve.CvssV31.Type, cve.CvssV31.BaseScore, cve.CvssV31.BaseSeverity));
        Assert.Equal("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", cve.CvssV31.VectorString);
        Assert.Equal((3.9, 3.6), (cve.CvssV31.ExploitabilityScore, cve.CvssV31.ImpactScore));

        var log4j = Feed().Cves[1];
        Assert.Equal(10.0, log4j.CvssV3!.BaseScore);
        Assert.Equal(["CWE-502", "CWE-400", "CWE-20", "CWE-917"], log4j.Weaknesses);

        var regresshion = Feed().Cves[3];
        Assert.Equal(("Secondary", 8.1), (regresshion.CvssV31!.Type, regresshion.CvssV31.BaseScore)); // no Primary: the first

        var iis = Feed().Cves[4];
        Assert.Null(iis.CvssV31);
        Assert.Equal(("3.0", 9.8), (iis.CvssV30!.Version, iis.CvssV30.BaseScore));
        Assert.Same(iis.CvssV30, iis.CvssV3);
        Assert.Null(iis.CvssV40);
    }

    [Fact]
    public void Read_Configurations_KeepOperatorsRangesAndPlatforms()
    {
        var log4j = Feed().Cves[1];
        Assert.Equal(2, log4j.Configurations.Count);
        var ranges = log4j.Configurations[0].Nodes.Single().Matches;
        Assert.Equal(7, ranges.Count);
        Assert.Equal(("2.4.0", "2.12.2"), (ranges[1].VersionStartIncluding, ranges[1].VersionEndExcluding));
        Assert.True(ranges[1].HasVersionRange);
        Assert.Equal("beta9", ranges[4].Criteria.Update);
        Assert.False(ranges[4].HasVersionRange);
        var siemens = log4j.Configurations[1];
        Assert.Equal(CveOperator.And, siemens.Operator);
        Assert.Equal([true, false], siemens.Nodes.Select(n => n.Matches.Single().Vulnerable));
        Assert.Equal("h", siemens.Nodes[1].Matches[0].Criteria.Part);

        var iis = Feed().Cves[4].Configurations.Single();
        Assert.Equal(CveOperator.And, iis.Operator);
        Assert.Equal("cpe:2.3:o:microsoft:windows_server_2003:r2:*:*:*:*:*:*:*", iis.Nodes[1].Matches[0].Criteria.ToString());
        Assert.Equal(CveOperator.Or, Feed().Cves[0].Configurations[0].Operator);
    }

    [Fact]
    public void Parse_SyntaxError_NamesFileAndLine()
    {
        const string json = "{\n  \"vulnerabilities\": [\n    { \"cve\": { \"id\": \"CVE-2021-41773\", }\n  ]\n}";
        var e = Assert.Throws<VulnerabilityDataException>(() => NvdCveReader.Parse(json, "bad.json"));
        Assert.Equal(("bad.json", 3L), (e.File, e.Line));
        Assert.StartsWith("bad.json:3: ", e.Message);
        Assert.Contains("not valid JSON", e.Message);
    }

    [Theory]
    [InlineData("{\"cve\":{\"id\":\"CVE-2021-1\",\"published\":\"2021-01-01T00:00:00\",\"lastModified\":\"2021-01-01T00:00:00\"}}", "$.cve.id", "not a CVE id")]
    [InlineData("{\"results\":[]}", "$.vulnerabilities", "missing")]
    [InlineData("{\"vulnerabilities\":[{\"cve\":{\"id\":\"CVE-2021-0001\",\"published\":\"yesterday\",\"lastModified\":\"2021-01-01T00:00:00\"}}]}", "$.vulnerabilities[0].cve.published", "not an ISO 8601")]
    [InlineData("{\"vulnerabilities\":[{\"cve\":{\"id\":\"CVE-2021-0001\",\"published\":\"2021-01-01T00:00:00\",\"lastModified\":\"2021-01-01T00:00:00\",\"configurations\":[{\"nodes\":[{\"operator\":\"OR\",\"cpeMatch\":[{\"vulnerable\":true}]}]}]}}]}",
        "$.vulnerabilities[0].cve.configurations[0].nodes[0].cpeMatch[0].criteria", "missing")]
    [InlineData("{\"vulnerabilities\":[{\"cve\":{\"id\":\"CVE-2021-0001\",\"published\":\"2021-01-01T00:00:00\",\"lastModified\":\"2021-01-01T00:00:00\",\"configurations\":[{\"nodes\":[{\"operator\":\"XOR\",\"cpeMatch\":[]}]}]}}]}",
        "$.vulnerabilities[0].cve.configurations[0].nodes[0].operator", "not AND or OR")]
    [InlineData("{\"vulnerabilities\":[{\"cve\":{\"id\":\"CVE-2021-0001\",\"published\":\"2021-01-01T00:00:00\",\"lastModified\":\"2021-01-01T00:00:00\",\"configurations\":[{\"nodes\":[{\"operator\":\"OR\",\"cpeMatch\":[{\"vulnerable\":true,\"criteria\":\"cpe:2.3:a:x:y\"}]}]}]}}]}",
        "$.vulnerabilities[0].cve.configurations[0].nodes[0].cpeMatch[0].criteria", "11 attributes")]
    [InlineData("{\"vulnerabilities\":[{\"cve\":{\"id\":\"CVE-2021-0001\",\"published\":\"2021-01-01T00:00:00\",\"lastModified\":\"2021-01-01T00:00:00\",\"metrics\":{\"cvssMetricV31\":[{\"type\":\"Primary\",\"cvssData\":{\"version\":\"3.1\",\"vectorString\":\"CVSS:3.1/AV:N\",\"baseScore\":\"high\"}}]}}}]}",
        "$.vulnerabilities[0].cve.metrics.cvssMetricV31[0].cvssData.baseScore", "expected a number, found a string")]
    public void Parse_BadShape_NamesTheJsonPath(string json, string path, string problem)
    {
        var e = Assert.Throws<VulnerabilityDataException>(() => NvdCveReader.Parse(json, "nvd.json"));
        Assert.Equal(path, e.Location);
        Assert.Contains(problem, e.Problem);
        Assert.StartsWith($"nvd.json: {path}: ", e.Message);
    }

    [Fact]
    public void Read_MissingFile_Fails() =>
        Assert.Contains("file not found", Assert.Throws<VulnerabilityDataException>(() => NvdCveReader.Read("/nonexistent/nvd.json")).Message);
}
