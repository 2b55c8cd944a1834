using TwinLab.Network.Cvss;

namespace TwinLab.Network.Tests.Cvss;

/// <summary>Whole-space checks: every base vector of each version is scored and compared with figures computed by an
/// independent implementation of the same specifications (metaeffekt ae-cvss-calculator 1.0.13, which follows the
/// FIRST reference calculators including the 2024-11 v4.0 half-up rounding fix). Against it our scores agree on all
/// 104,976 v4.0 and 2 × 2,592 v3.x base vectors; these sums and severity counts pin that result.</summary>
public sealed class CvssBaseSpaceTests
{
    private static IEnumerable<string> Vectors(string prefix, (string Metric, string Values)[] metrics)
    {
        IEnumerable<string> acc = [prefix];
        foreach (var (metric, values) in metrics)
        {
            var m = metric;
            acc = acc.SelectMany(p => values.Select(v => $"{p}/{m}:{v}")).ToList();
        }
        return acc;
    }

    private static (long TenthsSum, int Count, Dictionary<CvssSeverity, int> Bands) Sweep(IEnumerable<string> vectors)
    {
        long sum = 0;
        var count = 0;
        var bands = Enum.GetValues<CvssSeverity>().ToDictionary(b => b, _ => 0);
        foreach (var v in vectors)
        {
            var s = TwinLab.Network.Cvss.Cvss.Score(v);
            sum += (long)Math.Round(s.Score * 10);
            bands[s.Severity]++;
            count++;
        }
        return (sum, count, bands);
    }

    [Theory]
    [InlineData("CVSS:3.1")]
    [InlineData("CVSS:3.0")]
    public void Score_EveryV3BaseVector_MatchesIndependentImplementation(string prefix)
    {
        var (sum, count, bands) = Sweep(Vectors(prefix,
            [("AV", "NALP"), ("AC", "LH"), ("PR", "NLH"), ("UI", "NR"), ("S", "UC"), ("C", "HLN"), ("I", "HLN"), ("A", "HLN")]));

        Assert.Equal(2592, count);
        Assert.Equal(142_706, sum);
        Assert.Equal(96, bands[CvssSeverity.None]);
        Assert.Equal(416, bands[CvssSeverity.Low]);
        Assert.Equal(1464, bands[CvssSeverity.Medium]);
        Assert.Equal(555, bands[CvssSeverity.High]);
        Assert.Equal(61, bands[CvssSeverity.Critical]);
    }

    [Fact]
    public void Score_EveryV4BaseVector_MatchesIndependentImplementation()
    {
        var (sum, count, bands) = Sweep(Vectors("CVSS:4.0",
        [
            ("AV", "NALP"), ("AC", "LH"), ("AT", "NP"), ("PR", "NLH"), ("UI", "NPA"),
            ("VC", "HLN"), ("VI", "HLN"), ("VA", "HLN"), ("SC", "HLN"), ("SI", "HLN"), ("SA", "HLN"),
        ]));

        Assert.Equal(104_976, count);
        Assert.Equal(5_964_883, sum);
        Assert.Equal(144, bands[CvssSeverity.None]);
        Assert.Equal(15_438, bands[CvssSeverity.Low]);
        Assert.Equal(57_559, bands[CvssSeverity.Medium]);
        Assert.Equal(29_278, bands[CvssSeverity.High]);
        Assert.Equal(2_557, bands[CvssSeverity.Critical]);
    }

    [Fact]
    public void Score_HighestSeverityVectorOfEachMacroVector_ScoresTheTableValue()
    {
        // §8.2: the MacroVector score is the score of its highest-severity vectors (distance 0 in every EQ).
        // Build one such vector per MacroVector from the EQ definitions and check all 270.
        string[] eq1 = ["AV:N/PR:N/UI:N", "AV:A/PR:N/UI:N", "AV:P/PR:N/UI:N"];
        string[] eq2 = ["AC:L/AT:N", "AC:H/AT:N"];
        string[] eq4 = ["SC:H/SI:H/SA:H/MSI:S/MSA:S", "SC:H/SI:H/SA:H", "SC:L/SI:L/SA:L"];
        string[] eq5 = ["E:A", "E:P", "E:U"];
        var eq36 = new Dictionary<(int, int), string>
        {
            [(0, 0)] = "VC:H/VI:H/VA:H/CR:H/IR:H/AR:H",
            [(0, 1)] = "VC:H/VI:H/VA:L/CR:M/IR:M/AR:H",
            [(1, 0)] = "VC:L/VI:H/VA:H/CR:H/IR:H/AR:H",
            [(1, 1)] = "VC:L/VI:H/VA:L/CR:H/IR:M/AR:H",
            [(2, 1)] = "VC:L/VI:L/VA:L/CR:H/IR:H/AR:H",
        };

        var checkedCount = 0;
        foreach (var (macro, expected) in Cvss4MacroVectorTable.Scores)
        {
            var d = macro.Select(c => c - '0').ToArray();
            var parts = string.Join('/', eq1[d[0]], eq2[d[1]], eq36[(d[2], d[5])], eq4[d[3]], eq5[d[4]]).Split('/');
            var vector = "CVSS:4.0/" + string.Join('/', parts);

            var s = TwinLab.Network.Cvss.Cvss.Score(vector);

            Assert.Equal(macro, s.MacroVector);
            Assert.Equal(expected, s.Score);
            checkedCount++;
        }
        Assert.Equal(270, checkedCount);
    }
}
