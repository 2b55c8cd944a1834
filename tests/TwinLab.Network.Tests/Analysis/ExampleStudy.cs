using TwinLab.Network.Analysis;

namespace TwinLab.Network.Tests.Analysis;

/// <summary>The example network of examples/network/ loaded once with its scan, NVD, EPSS and KEV files.</summary>
internal static class ExampleStudy
{
    private static readonly Lazy<NetworkStudy> Full = new(() => Load());

    public static NetworkStudy Study => Full.Value;

    public static NetworkStudy Load(AttackFactsOptions? options = null) => NetworkStudy.Load(
        ExampleFiles.Path("topology.yaml"), ExampleFiles.Path("scan.xml"), ExampleFiles.Path("nvd.json"),
        ExampleFiles.Path("epss.csv"), ExampleFiles.Path("kev.json"), options);
}
