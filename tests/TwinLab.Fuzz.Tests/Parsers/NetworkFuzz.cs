using TwinLab.Fuzz.Tests.Grammars;
using TwinLab.Fuzz.Tests.Harness;
using TwinLab.Network.Firewall;
using TwinLab.Network.Scan;
using TwinLab.Network.Topology;
using TwinLab.Network.Vulnerabilities;
using Xunit.Abstractions;

namespace TwinLab.Fuzz.Tests.Parsers;

/// <summary>The network twin's imports: nmap XML scans, iptables-save rule sets, NVD CVE JSON feeds, CISA KEV (JSON and
/// CSV), FIRST EPSS CSV and topology YAML.</summary>
public sealed class NetworkFuzz(ITestOutputHelper output)
{
    [Fact, Trait("Parser", "nmap-xml")]
    public void AnyScan_IsReadOrReportsAnError()
    {
        var seeds = Corpus.Files("examples/network/scan.xml", "tests/TwinLab.Network.Tests/Data/scan/enterprise-new-layout.xml",
            "tests/TwinLab.Network.Tests/Data/scan/metasploitable-old-layout.xml");
        new Fuzzer(output).Check("nmap-xml", Inputs.Xml(seeds.Select(s => s.Length > 40_000 ? s[..s.LastIndexOf("</host>", 40_000, StringComparison.Ordinal)] + "</host></nmaprun>" : s).ToArray()),
            300, text => NmapXmlReader.Parse(text, "fuzz.xml"));
    }

    [Fact, Trait("Parser", "iptables")]
    public void AnyRuleset_IsReadOrReportsTheLine()
    {
        var seeds = Corpus.Files("examples/network/firewall/*.rules");
        new Fuzzer(output).Check("iptables", Inputs.Text(seeds, IptablesGrammar.Tokens, IptablesGrammar.Ruleset), 1000,
            text => IptablesSaveParser.Parse(text, "fuzz.rules"));
    }

    [Fact, Trait("Parser", "nvd-json")]
    public void AnyNvdFeed_IsReadOrReportsAnError()
    {
        var seeds = Corpus.Files("examples/network/nvd.json", "tests/TwinLab.Network.Tests/Data/nvd/cves.json");
        new Fuzzer(output).Check("nvd-json", Inputs.Json(seeds), 300, text => NvdCveReader.Parse(text, "fuzz.json"));
    }

    [Fact, Trait("Parser", "kev")]
    public void AnyKevCatalog_IsReadOrReportsAnError()
    {
        new Fuzzer(output).Check("kev-json", Inputs.Json(Corpus.Files("examples/network/kev.json", "tests/TwinLab.Network.Tests/Data/nvd/kev.json")), 300,
            text => KevReader.ParseJson(text, "fuzz.json"));
        new Fuzzer(output).Check("kev-csv", Inputs.Csv(Corpus.Files("tests/TwinLab.Network.Tests/Data/nvd/kev.csv")), 300,
            text => KevReader.ReadCsv(new StringReader(text), "fuzz.csv"));
    }

    [Fact, Trait("Parser", "epss-csv")]
    public void AnyEpssFile_IsReadOrReportsTheLine() =>
        new Fuzzer(output).Check("epss-csv", Inputs.Csv(Corpus.Files("examples/network/epss.csv", "tests/TwinLab.Network.Tests/Data/nvd/epss.csv")), 400,
            text => EpssCsvReader.Read(new StringReader(text), "fuzz.csv"));

    [Fact, Trait("Parser", "topology-yaml")]
    public void AnyTopology_IsReadOrReportsTheLine()
    {
        var folder = Path.Combine(Corpus.Root, "examples", "network");
        new Fuzzer(output).Check("topology-yaml", Inputs.Yaml(Corpus.Files("examples/network/topology.yaml")), 400,
            text => TopologyFile.Parse(text, "fuzz.yaml", folder));
    }
}
