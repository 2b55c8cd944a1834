using TwinLab.Network.Cvss;

namespace TwinLab.Network.Tests.Cvss;

/// <summary>CVSS v3.1 / v3.0 scores against published values. Sources, cited per row:
/// [FIRST-EX] FIRST "CVSS v3.1: Examples" (https://www.first.org/cvss/v3.1/examples), the vulnerability named;
/// [NVD] the NIST CVSS 3.x score on the NVD page of the CVE named;
/// [ADV-7119] github/advisory-database issue 7119: NVD and FIRST 3.1 calculators give 9.6;
/// [VR-333] cisagov/vulnrichment issue 333: FIRST 3.1 §7.1 equations give 6.5;
/// [VR-224] cisagov/vulnrichment issue 224: CISA ADP corrected score 4.3;
/// [CSAF-865] oasis-tcs/csaf issue 865: first.org 3.1 and 3.0 calculators give 6.5;
/// [SERPICO-351] BuffaloWill/Serpico pull request 351: first.org 3.0 calculator gives environmental 8.8;
/// [CVSSRUST] moor84/cvssrust README: first.org 3.1 calculator gives 6.1 / 5.6 / 5.6;
/// [XCHECK] worked by hand from the specification's §7 equations (steps in the comment) and identical in an
/// independent implementation (metaeffekt ae-cvss-calculator 1.0.13).</summary>
public sealed class Cvss3ScoreTests
{
    public static TheoryData<string, double> BaseScores => new()
    {
        // Log4Shell CVE-2021-44228 [NVD] 10.0; also Zerologon CVE-2020-1472 [NVD].
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0 },
        // BlueKeep CVE-2019-0708, Shellshock CVE-2014-6271 [NVD], [FIRST-EX] Shellshock.
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8 },
        // Heartbleed CVE-2014-0160 [NVD], [FIRST-EX].
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5 },
        // EternalBlue CVE-2017-0144 [NVD].
        { "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H", 8.1 },
        // PrintNightmare CVE-2021-34527 [NVD]; Cisco IOS CVE-2012-0384 [FIRST-EX].
        { "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 8.8 },
        // Dirty COW CVE-2016-5195 [NVD].
        { "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H", 7.8 },
        // libwebp CVE-2023-4863 [NVD]; Chrome PDFium CVE-2016-1645 [FIRST-EX].
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", 8.8 },
        // HTTP/2 Rapid Reset CVE-2023-44487 [NVD].
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 7.5 },
        // phpMyAdmin reflected XSS CVE-2013-1937 [FIRST-EX].
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1 },
        // MySQL stored SQL injection CVE-2013-0375 [FIRST-EX].
        { "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:L/A:N", 6.4 },
        // SSLv3 POODLE CVE-2014-3566 [FIRST-EX].
        { "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N", 3.1 },
        // VMware guest-to-host escape CVE-2012-1516 [FIRST-EX].
        { "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", 9.9 },
        // Apple iWork denial of service CVE-2015-1098 [FIRST-EX].
        { "CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", 7.8 },
        // DNS Kaminsky bug CVE-2008-1447 [FIRST-EX].
        { "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:C/C:N/I:H/A:N", 6.8 },
        // Sophos disk-encryption bypass CVE-2014-2005 [FIRST-EX].
        { "CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 6.8 },
        // Joomla directory traversal CVE-2010-0467 [FIRST-EX].
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:L/I:N/A:N", 5.8 },
        // Cisco ASR ACL bypass CVE-2012-1342 [FIRST-EX].
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:N/I:L/A:N", 5.8 },
        // Juniper proxy ARP CVE-2013-6014 [FIRST-EX].
        { "CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:C/C:H/I:N/A:H", 9.3 },
        // DokuWiki reflected XSS CVE-2014-9253 [FIRST-EX].
        { "CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:N", 5.4 },
        // Microsoft Windows Bluetooth CVE-2011-1265 [FIRST-EX].
        { "CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 8.8 },
        // Apple iOS security-control bypass CVE-2014-2019 [FIRST-EX].
        { "CVSS:3.1/AV:P/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:N", 4.6 },
        // OpenSSL CCS injection CVE-2014-0224 [FIRST-EX].
        { "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:N", 7.4 },
        // Google Chrome sandbox bypass CVE-2012-5376 [FIRST-EX]; [ADV-7119].
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:H", 9.6 },
        // Badlock CVE-2016-0128 [FIRST-EX].
        { "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:H/I:H/A:N", 6.8 },
        // Apache Tomcat XML parser CVE-2009-0783 [FIRST-EX].
        { "CVSS:3.1/AV:L/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:L", 4.2 },
        // Lenovo ThinkPwn CVE-2016-5729 [FIRST-EX].
        { "CVSS:3.1/AV:L/AC:L/PR:H/UI:N/S:C/C:H/I:H/A:H", 8.2 },
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:L/A:L", 6.5 }, // [VR-333]
        { "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:L/I:N/A:N", 4.3 }, // [VR-224]
        { "CVSS:3.1/AV:L/AC:L/PR:H/UI:R/S:U/C:H/I:H/A:H", 6.5 }, // [CSAF-865]
        { "CVSS:3.0/AV:L/AC:L/PR:H/UI:R/S:U/C:H/I:H/A:H", 6.5 }, // [CSAF-865], v3.0 calculator
        // No impact: the base score is 0 whatever the exploitability (§7.1 "If Impact <= 0 then 0").
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0.0 },
        { "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:N/I:N/A:N", 0.0 },
    };

    [Theory]
    [MemberData(nameof(BaseScores))]
    public void Score_PublishedBaseVector_MatchesPublishedScore(string vector, double expected)
    {
        var score = TwinLab.Network.Cvss.Cvss.Score(vector);

        Assert.Equal(expected, score.BaseScore);
        Assert.Equal(expected, score.Score);
        Assert.Equal("CVSS-B", score.Nomenclature);
        Assert.Null(score.TemporalScore);
        Assert.Null(score.EnvironmentalScore);
    }

    [Fact]
    public void Score_Log4Shell_IsCriticalWithNvdSubScores()
    {
        // NVD CVE-2021-44228: 10.0 CRITICAL, impact 6.0, exploitability 3.9.
        var s = TwinLab.Network.Cvss.Cvss.Score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H");

        Assert.Equal(CvssVersion.V3_1, s.Version);
        Assert.Equal(CvssSeverity.Critical, s.Severity);
        Assert.Equal(6.0, s.ImpactSubScore);
        Assert.Equal(3.9, s.ExploitabilitySubScore);
        Assert.Equal(1.0, s.ExploitabilityFraction!.Value, 12);
        Assert.Null(s.MacroVector);
    }

    [Fact]
    public void Score_NineEight_HasNvdSubScores()
    {
        // NVD shows impact 5.9 and exploitability 3.9 for every 9.8 vector (e.g. CVE-2019-0708).
        var s = TwinLab.Network.Cvss.Cvss.Score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");

        Assert.Equal(5.9, s.ImpactSubScore);
        Assert.Equal(3.9, s.ExploitabilitySubScore);
        Assert.Equal(CvssSeverity.Critical, s.BaseSeverity);
    }

    [Fact]
    public void Score_ExploitabilityFraction_FollowsTheExploitabilityWeights()
    {
        // 8.22 · 0.55 (AV:L) · 0.44 (AC:H) · 0.27 (PR:H, S:U) · 0.62 (UI:R) over 8.22 · 0.85 · 0.77 · 0.85 · 0.85.
        var s = TwinLab.Network.Cvss.Cvss.Score("CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:H/I:H/A:H");

        var expected = 0.55 * 0.44 * 0.27 * 0.62 / (0.85 * 0.77 * 0.85 * 0.85);
        Assert.Equal(expected, s.ExploitabilityFraction!.Value, 12);
        Assert.Equal(0.3, s.ExploitabilitySubScore); // 8.22·0.55·0.44·0.27·0.62 = 0.3330
    }

    [Theory]
    // Privileges Required weighs more when Scope is Changed (§7.4: L 0.62 → 0.68, H 0.27 → 0.5). Pairs differing only
    // in S: [FIRST-EX] VMware 9.9 vs Cisco IOS 8.8 (PR:L); [VR-224] 4.3 vs 5.0 (PR:L, C:L); 7.2 vs 9.1 (PR:H) [XCHECK].
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:N/A:N", 5.0)]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H", 7.2)]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:C/C:H/I:H/A:H", 9.1)]
    public void Score_ScopeChanged_UsesHigherPrivilegeWeights(string vector, double expected)
    {
        // [XCHECK] PR:L/S:C/C:L: ISS 0.22, impact 7.52·0.191 − 3.25·0.2^15 = 1.43632, exploitability
        // 8.22·0.85·0.77·0.68·0.85 = 3.10963, 1.08 · 4.54595 = 4.90963 → Roundup 5.0 (with PR 0.62: 4.61330 → 4.7).
        Assert.Equal(expected, TwinLab.Network.Cvss.Cvss.Score(vector).BaseScore);
    }

    [Fact]
    public void Score_TemporalExample_MatchesFirstCalculator()
    {
        // [CVSSRUST] first.org 3.1 calculator: base 6.1, temporal 5.6, environmental 5.6.
        var s = TwinLab.Network.Cvss.Cvss.Score("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N/E:P/RL:W/RC:C");

        Assert.Equal(6.1, s.BaseScore);
        Assert.Equal(5.6, s.TemporalScore);
        Assert.Null(s.EnvironmentalScore); // no environmental metric in the vector
        Assert.Equal(5.6, s.Score);
        Assert.Equal("CVSS-BT", s.Nomenclature);
        Assert.Equal(CvssSeverity.Medium, s.Severity);
    }

    [Theory]
    // Roundup edge cases (§7.2 with Appendix A): base × E × RL × RC is a whole tenth mathematically but not in binary
    // floating point; a naive ceil(x·10)/10 gives 0.1 more. [XCHECK] and the products:
    // 10.0 · 0.92 = 9.200000000000001 → 9.2 (naive 9.3);
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H/E:H/RL:U/RC:U", 10.0, 9.2)]
    // 5.0 · 0.92 = 4.6000000000000005 → 4.6 (naive 4.7);
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:C/C:L/I:N/A:N/E:H/RL:U/RC:U", 5.0, 4.6)]
    // 2.5 · 0.92 = 2.3000000000000003 → 2.3 (naive 2.4).
    [InlineData("CVSS:3.1/AV:L/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N/E:H/RL:U/RC:U", 2.5, 2.3)]
    public void Score_TemporalOnFloatingPointNoise_RoundsUpOnlyRealExcess(string vector, double baseScore, double temporal)
    {
        var s = TwinLab.Network.Cvss.Cvss.Score(vector);

        Assert.Equal(baseScore, s.BaseScore);
        Assert.Equal(temporal, s.TemporalScore);
    }

    [Theory]
    // Appendix A and the v3.0 wording ("Round up (4.02) is 4.1; and Round up (4.00) is 4.0", NVD v3 equations page).
    [InlineData(4.02, 4.1)]
    [InlineData(4.00, 4.0)]
    [InlineData(4.000000000000001, 4.0)]
    [InlineData(9.200000000000001, 9.2)]
    [InlineData(4.0001, 4.1)]
    [InlineData(0.0, 0.0)]
    [InlineData(9.95, 10.0)]
    public void Roundup_AppendixA_RoundsUpToOneDecimal(double input, double expected)
    {
        Assert.Equal(expected, TwinLab.Network.Cvss.Cvss.Roundup(input));
    }

    [Fact]
    public void Score_EnvironmentalRequirementOnly_CapsModifiedImpact()
    {
        // [XCHECK] MISS = min(1 − (1 − 1.5·0.56)(1 − 0.56)(1 − 0.56), 0.915) = min(0.969, 0.915) = 0.915;
        // M.Impact 6.42·0.915 = 5.8743; + exploitability 3.887 = 9.761 → Roundup 9.8; × E:P 0.94 = 9.212 → 9.3.
        var s = TwinLab.Network.Cvss.Cvss.Score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/CR:H");

        Assert.Equal(9.8, s.BaseScore);
        Assert.Equal(9.3, s.TemporalScore);
        Assert.Equal(9.3, s.EnvironmentalScore);
        Assert.Equal(5.9, s.ModifiedImpactSubScore);
        Assert.Equal("CVSS-BTE", s.Nomenclature);
    }

    [Fact]
    public void Score_EnvironmentalLowersReachAndRequirements()
    {
        // [XCHECK] MISS = 1 − (1 − 0.5·0.56)³ = 0.626752; M.Impact 6.42·0.626752 = 4.02375;
        // M.Exploitability 8.22·0.55 (MAV:L)·0.77·0.62 (MPR:L)·0.85 = 1.83458; sum 5.85832 → 5.9.
        var s = TwinLab.Network.Cvss.Cvss.Score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/MAV:L/MPR:L/CR:L/IR:L/AR:L");

        Assert.Equal(9.8, s.BaseScore);
        Assert.Null(s.TemporalScore);
        Assert.Equal(5.9, s.EnvironmentalScore);
        Assert.Equal(5.9, s.Score);
        Assert.Equal(CvssSeverity.Medium, s.Severity);
        Assert.Equal(CvssSeverity.Critical, s.BaseSeverity);
        Assert.Equal("CVSS-BE", s.Nomenclature);
    }

    [Fact]
    public void Score_EnvironmentalModifiedScopeChanged_UsesV31Formula()
    {
        // [XCHECK] MISS = min(1 − (1 − 1.5·0.56)(1 − 1.5·0.56)(1 − 0.5·0.56), 0.915) = 0.915;
        // v3.1 M.Impact = 7.52·(0.915 − 0.029) − 3.25·(0.915·0.9731 − 0.02)^13 = 6.66272 − 3.25·0.164535 = 6.12798;
        // M.Exploitability (MAV:A, PR:L weighed 0.68 under MS:C) = 8.22·0.62·0.77·0.68·0.85 = 2.26820;
        // Roundup(1.08·8.39618 = 9.06788) = 9.1; × E:F 0.97 × RL:O 0.95 = 8.38565 → 8.4.
        var s = TwinLab.Network.Cvss.Cvss.Score("CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H/E:F/RL:O/RC:C/CR:H/IR:H/AR:L/MAV:A/MS:C");

        Assert.Equal(8.8, s.BaseScore);
        Assert.Equal(8.2, s.TemporalScore);
        Assert.Equal(8.4, s.EnvironmentalScore);
    }

    [Fact]
    public void Score_EnvironmentalNoModifiedImpact_IsZero()
    {
        var s = TwinLab.Network.Cvss.Cvss.Score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/MC:N/MI:N/MA:N");

        Assert.Equal(9.8, s.BaseScore);
        Assert.Equal(0.0, s.EnvironmentalScore);
        Assert.Equal(CvssSeverity.None, s.Severity);
    }

    [Fact]
    public void Score_V30Environmental_MatchesFirstV30Calculator()
    {
        // [SERPICO-351] first.org 3.0 calculator: 8.8.
        var s = TwinLab.Network.Cvss.Cvss.Score(
            "CVSS:3.0/AV:A/AC:L/PR:H/UI:R/S:U/C:H/I:L/A:L/E:H/RC:C/CR:H/IR:H/AR:H/MAC:L/MPR:N/MUI:N/MC:H/MI:H/MA:H");

        Assert.Equal(CvssVersion.V3_0, s.Version);
        Assert.Equal(5.4, s.BaseScore);
        Assert.Equal(8.8, s.EnvironmentalScore);
    }

    [Theory]
    // The modified impact under MS:C differs between v3.0 (exponent 15) and v3.1 (0.9731, exponent 13) [XCHECK].
    [InlineData("AV:L/AC:L/PR:L/UI:R/S:U/C:N/I:H/A:L/CR:X/IR:H/AR:M/MS:C/MC:H/MI:N/MA:H", 7.9, 7.8)]
    [InlineData("AV:A/AC:L/PR:N/UI:R/S:C/C:L/I:H/A:L/CR:M/IR:X/AR:H/MS:C/MC:H/MI:N/MA:H", 8.8, 8.9)]
    public void Score_ModifiedScopeChanged_DiffersBetweenV30AndV31(string metrics, double v30, double v31)
    {
        Assert.Equal(v30, TwinLab.Network.Cvss.Cvss.Score("CVSS:3.0/" + metrics).EnvironmentalScore);
        Assert.Equal(v31, TwinLab.Network.Cvss.Cvss.Score("CVSS:3.1/" + metrics).EnvironmentalScore);
    }

    [Theory]
    [InlineData(0.0, CvssSeverity.None)]
    [InlineData(0.1, CvssSeverity.Low)]
    [InlineData(3.9, CvssSeverity.Low)]
    [InlineData(4.0, CvssSeverity.Medium)]
    [InlineData(6.9, CvssSeverity.Medium)]
    [InlineData(7.0, CvssSeverity.High)]
    [InlineData(8.9, CvssSeverity.High)]
    [InlineData(9.0, CvssSeverity.Critical)]
    [InlineData(10.0, CvssSeverity.Critical)]
    public void Rate_SpecificationBands(double score, CvssSeverity expected)
    {
        // v3.1 specification §5 Table 14.
        Assert.Equal(expected, TwinLab.Network.Cvss.Cvss.Rate(score));
    }
}
