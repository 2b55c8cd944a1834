using TwinLab.Network.Scan;
using TwinLab.Network.Tests.Scan;
using TwinLab.Network.Twin;
using TwinLab.Network.Vulnerabilities;

namespace TwinLab.Network.Tests.Twin;

/// <summary>The enterprise scan, its rescan a week later and the NVD/EPSS/KEV test files, read once.</summary>
internal static class TwinTestData
{
    private static readonly Lazy<VulnerabilityFeeds> LazyFeeds = new(() => new VulnerabilityFeeds(
        NvdCveReader.Read(ScanDataFiles.Nvd("cves.json")), EpssCsvReader.Read(ScanDataFiles.Nvd("epss.csv")), KevReader.Read(ScanDataFiles.Nvd("kev.json"))));

    public static VulnerabilityFeeds Feeds => LazyFeeds.Value;

    public static ScanResult Enterprise => NmapXmlReader.Read(ScanDataFiles.Scan("enterprise-new-layout.xml"));

    public static ScanResult Rescan => NmapXmlReader.Read(ScanDataFiles.Scan("enterprise-rescan.xml"));

    public static NetworkGraph EnterpriseGraph(VulnerabilityFeeds? feeds = null) => NetworkGraph.FromScan(Enterprise, feeds ?? Feeds);

    public static NetworkGraph RescanGraph(VulnerabilityFeeds? feeds = null) => NetworkGraph.FromScan(Rescan, feeds ?? Feeds);
}
