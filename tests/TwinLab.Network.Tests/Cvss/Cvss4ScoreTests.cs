using TwinLab.Network.Cvss;

namespace TwinLab.Network.Tests.Cvss;

/// <summary>CVSS v4.0 scores against published values. Sources, cited per row:
/// [FIRST-EX4] FIRST "CVSS v4.0 Examples" (https://www.first.org/cvss/v4.0/examples), the CVE named;
/// [NVD] the CNA's CVSS 4.0 score shown on the NVD page of the CVE named;
/// [RES-1] FIRSTdotorg/cvss-resources issue 1: first.org 4.0 calculator gives 8.7, MacroVector 001200;
/// [RH-48] RedHatProductSecurity/cvss-v4-calculator issue 48: unrounded 0.35 and 8.95 should round half up;
/// [RH-53] same repository, issue 53: first.org calculator gives 6.1 (the 5.9 seen then was a regression);
/// [RH-66] same repository, issue 66 and pull request 67 (FIRSTdotorg/cvss-v4-calculator pull request 4): 8.55 rounds to 8.6;
/// [RH-DOC] the reference calculator's own documented example in cvss40.js (8.7, CVSS-BTE);
/// [PY-60], [PY-63] RedHatProductSecurity/cvss (Python reference) issues 60 and 63: 8.5 and 8.6 after the rounding fix;
/// [POLY] the polycvss documentation example (reference-calculator value 6.9);
/// [XCHECK] value of the FIRST reference algorithm, identical in an independent implementation
/// (metaeffekt ae-cvss-calculator 1.0.13), with the MacroVector reasoning in the comment.</summary>
public sealed class Cvss4ScoreTests
{
    public static TheoryData<string, double> Scores => new()
    {
        // Highest-severity vector of MacroVector 000200: scores its table value exactly (§8.2) [XCHECK].
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 9.3 },
        // Highest-severity vector of MacroVector 000100 [XCHECK].
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H", 10.0 },
        // PAN-OS GlobalProtect CVE-2024-3400 [NVD] (Palo Alto Networks): 10.0, with supplemental metrics.
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:A/AU:Y/R:U/V:C/RE:M/U:Red", 10.0 },
        // nginx mp4 module CVE-2022-41741 [FIRST-EX4]: 7.3.
        { "CVSS:4.0/AV:L/AC:L/AT:P/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 7.3 },
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:L/SC:N/SI:N/SA:N", 6.9 }, // [POLY]
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:L/SC:N/SI:N/SA:N/E:A/MAV:A", 8.7 }, // [RH-DOC]
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:H/SC:N/SI:N/SA:N", 8.7 }, // [RES-1]
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:H/VI:L/VA:N/SC:H/SI:H/SA:H", 8.6 }, // [RH-66]
        { "CVSS:4.0/AV:N/AC:L/AT:P/PR:L/UI:A/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N/E:U", 0.4 }, // [RH-48]
        { "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:H/VA:N/SC:H/SI:H/SA:H/E:P", 9.0 }, // [RH-48]
        { "CVSS:4.0/AV:A/AC:L/AT:P/PR:N/UI:N/VC:H/VI:L/VA:L/SC:N/SI:N/SA:N", 6.1 }, // [RH-53]
        // [PY-60]: every metric group, MSI:S/MSA:S (EQ4 = 0).
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:A/VC:H/VI:H/VA:N/SC:N/SI:N/SA:N/E:P/CR:L/IR:L/AR:L/MAV:N/MAC:L/MAT:N/MPR:L/MUI:A/MVC:H/MVI:H/MVA:H/MSC:H/MSI:S/MSA:S/S:P/AU:Y/R:I/V:C/RE:H/U:Red", 8.5 },
        // [PY-63]: metrics out of the specification's order (E last), as published in the issue.
        { "CVSS:4.0/AV:L/AC:H/AT:N/PR:N/UI:N/VC:L/VI:H/VA:L/SC:N/SI:N/SA:H/S:N/AU:N/R:I/V:C/RE:M/U:Green/MAV:A/MAC:L/MAT:N/MPR:N/MUI:N/MVC:H/MVI:N/MVA:H/MSC:H/MSI:H/MSA:H/CR:H/IR:M/AR:H/E:A", 8.6 },
        // No impact on either system scores 0 (§8.2) [XCHECK].
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N", 0.0 },
        // MacroVector 100200 (PR:L), the common authenticated-RCE score [XCHECK].
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 8.7 },
        // Local privilege escalation, MacroVector 100200 with AV:L: 8.7 − mean distance [XCHECK].
        { "CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 8.5 },
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:L/VI:L/VA:L/SC:N/SI:N/SA:N", 5.3 }, // [XCHECK]
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:P/VC:N/VI:L/VA:N/SC:N/SI:N/SA:N", 5.1 }, // [XCHECK]
        { "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:N/VI:N/VA:N/SC:L/SI:L/SA:N", 5.3 }, // [XCHECK] reflected XSS shape
        { "CVSS:4.0/AV:N/AC:L/AT:P/PR:H/UI:N/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N", 2.1 }, // [XCHECK] polycvss's base-score example
    };

    [Theory]
    [MemberData(nameof(Scores))]
    public void Score_PublishedVector_MatchesPublishedScore(string vector, double expected)
    {
        var score = TwinLab.Network.Cvss.Cvss.Score(vector);

        Assert.Equal(CvssVersion.V4_0, score.Version);
        Assert.Equal(expected, score.Score);
        Assert.Equal(TwinLab.Network.Cvss.Cvss.Rate(expected), score.Severity);
    }

    [Fact]
    public void Score_BaseOnly_NamesCvssB()
    {
        var s = TwinLab.Network.Cvss.Cvss.Score("CVSS:4.0/AV:L/AC:L/AT:P/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N");

        Assert.Equal("CVSS-B", s.Nomenclature);
        Assert.Equal(7.3, s.BaseScore);
        Assert.Equal(CvssSeverity.High, s.BaseSeverity);
        Assert.Null(s.TemporalScore);
        Assert.Null(s.EnvironmentalScore);
        Assert.Null(s.ImpactSubScore);
        Assert.Null(s.ExploitabilitySubScore);
        Assert.Null(s.ExploitabilityFraction);
        // EQ1 = 1 (PR:L, no AV:P), EQ2 = 1 (AT:P), EQ3 = 0 (VC:H, VI:H), EQ4 = 2, EQ5 = 0 (E:X → A), EQ6 = 0 (CR:X → H).
        Assert.Equal("110200", s.MacroVector);
    }

    [Fact]
    public void Score_ThreatAndEnvironmental_ReportsEachNomenclature()
    {
        // [XCHECK] B: 9.3 (000200). BT with E:P: MacroVector 000210 = 8.9. BE with CR:M/IR:M/AR:L/MAV:L: EQ1 = 1
        // (AV:L), EQ6 = 1: MacroVector 100201 = 7.5 → 7.3. BTE: MacroVector 100211 = 6.3 → 6.1.
        var s = TwinLab.Network.Cvss.Cvss.Score(
            "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:P/CR:M/IR:M/AR:L/MAV:L");

        Assert.Equal("CVSS-BTE", s.Nomenclature);
        Assert.Equal(9.3, s.BaseScore);
        Assert.Equal(8.9, s.TemporalScore);
        Assert.Equal(7.3, s.EnvironmentalScore);
        Assert.Equal(6.1, s.Score);
        Assert.Equal("000200", s.BaseMacroVector);
        Assert.Equal("100211", s.MacroVector);
    }

    [Fact]
    public void Score_UnreportedExploitMaturity_LowersToBt()
    {
        // [XCHECK] E:U moves EQ5 to 2: MacroVector 000220 = 8.1, the vector is its highest → 8.1.
        var s = TwinLab.Network.Cvss.Cvss.Score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U");

        Assert.Equal("CVSS-BT", s.Nomenclature);
        Assert.Equal(9.3, s.BaseScore);
        Assert.Equal(8.1, s.TemporalScore);
        Assert.Equal(8.1, s.Score);
        Assert.Equal(CvssSeverity.High, s.Severity);
    }

    [Fact]
    public void Score_SafetyImpact_RaisesEq4ToZero()
    {
        // MSI:S puts EQ4 at 0 (Table 27): MacroVector 000000 = 10 [XCHECK].
        var s = TwinLab.Network.Cvss.Cvss.Score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/MSI:S");

        Assert.Equal("CVSS-BE", s.Nomenclature);
        Assert.Equal(9.3, s.BaseScore);
        Assert.Equal(10.0, s.EnvironmentalScore);
        Assert.Equal("000000", s.MacroVector);
    }

    [Fact]
    public void Score_LowRequirements_DropEq6()
    {
        // CR/IR/AR:L leave no High requirement on a High impact: EQ6 = 1, MacroVector 000201 = 9.0, minus the
        // requirement distance → 8.9 [XCHECK].
        var s = TwinLab.Network.Cvss.Cvss.Score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/CR:L/IR:L/AR:L");

        Assert.Equal(8.9, s.Score);
        Assert.Equal("000201", s.MacroVector);
    }

    [Fact]
    public void Score_SupplementalOnly_DoesNotChangeScoreOrNomenclature()
    {
        var plain = TwinLab.Network.Cvss.Cvss.Score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N");
        var supplemented = TwinLab.Network.Cvss.Cvss.Score(
            "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/S:N/AU:Y/R:U/V:D/RE:L/U:Amber");

        Assert.Equal(plain.Score, supplemented.Score);
        Assert.Equal("CVSS-B", supplemented.Nomenclature);
        Assert.EndsWith("/S:N/AU:Y/R:U/V:D/RE:L/U:Amber", supplemented.Vector);
    }

    [Fact]
    public void MacroVectorTable_HasEveryMacroVectorOnce()
    {
        // 3 (EQ1) × 2 (EQ2) × 5 (EQ3/EQ6: 00, 01, 10, 11, 21) × 3 (EQ4) × 3 (EQ5) = 270 MacroVectors.
        var table = Cvss4MacroVectorTable.Scores;

        Assert.Equal(270, table.Count);
        Assert.All(table, kv =>
        {
            Assert.Matches("^[0-2][01][0-2][0-2][0-2][01]$", kv.Key);
            Assert.False(kv.Key[2] == '2' && kv.Key[5] == '0', kv.Key);
            Assert.InRange(kv.Value, 0.1, 10.0);
        });
        Assert.Equal(10.0, table["000000"]);
        Assert.Equal(0.1, table["212221"]);
    }

    [Fact]
    public void MacroVectorTable_LoweringOneLevelNeverRaisesTheScore()
    {
        // A property of the published table: a less severe level in any single EQ never scores higher.
        var table = Cvss4MacroVectorTable.Scores;
        foreach (var (key, score) in table)
        {
            for (var i = 0; i < 6; i++)
            {
                var lower = key[..i] + (char)(key[i] + 1) + key[(i + 1)..];
                if (table.TryGetValue(lower, out var lowerScore))
                    Assert.True(lowerScore <= score, $"{lower} ({lowerScore}) > {key} ({score})");
            }
        }
    }
}
