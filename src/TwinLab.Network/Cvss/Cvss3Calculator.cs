namespace TwinLab.Network.Cvss;

/// <summary>CVSS v3.0 and v3.1 base, temporal and environmental equations.</summary>
/// <remarks>
/// Equations: CVSS v3.1 specification §7.1–§7.3 (https://www.first.org/cvss/v3.1/specification-document).
/// v3.0 (specification §8.1–§8.3) differs in two places, both handled here:
/// <list type="number">
/// <item>the environmental modified impact with Modified Scope Changed is
/// <c>7.52·(MISS−0.029) − 3.25·(MISS−0.02)^15</c> in v3.0, and <c>7.52·(MISS−0.029) − 3.25·(MISS·0.9731−0.02)^13</c> in v3.1;</item>
/// <item>v3.0 defines Roundup only in words ("the smallest number, specified to one decimal place, that is equal to or
/// higher than its input"). We apply the v3.1 Appendix A Roundup to v3.0 vectors too: it is that same definition,
/// computed so that floating-point noise (an input of 4.000000000000001 meant as 4.0) does not round up a whole tenth.
/// A naive <c>ceil(x·10)/10</c>, as in the 2015 v3.0 calculator, can therefore be 0.1 higher on a few vectors.</item>
/// </list>
/// In v3.0 the Privileges Required weights under Scope Changed, the temporal equation and the 0.915 cap of the
/// modified impact sub-score are the same as in v3.1.
/// </remarks>
internal static class Cvss3Calculator
{
    /// <summary>The largest exploitability sub-score, 8.22 · 0.85 · 0.77 · 0.85 · 0.85 (AV:N/AC:L/PR:N/UI:N).</summary>
    public const double MaxExploitability = 8.22 * 0.85 * 0.77 * 0.85 * 0.85;

    public static CvssScore Score(CvssVectorParser.ParsedVector parsed)
    {
        var m = parsed.Metrics;
        var v31 = parsed.Version == CvssVersion.V3_1;

        // --- Base (§7.1)
        var scopeChanged = m["S"] == "C";
        var iss = 1 - (1 - Cvss3Metrics.Impact(m["C"])) * (1 - Cvss3Metrics.Impact(m["I"])) * (1 - Cvss3Metrics.Impact(m["A"]));
        var impact = scopeChanged
            ? 7.52 * (iss - 0.029) - 3.25 * Math.Pow(iss - 0.02, 15)
            : 6.42 * iss;
        var exploitability = 8.22 * Cvss3Metrics.AttackVector(m["AV"]) * Cvss3Metrics.AttackComplexity(m["AC"])
            * Cvss3Metrics.PrivilegesRequired(m["PR"], scopeChanged) * Cvss3Metrics.UserInteraction(m["UI"]);
        var baseScore = impact <= 0
            ? 0.0
            : scopeChanged
                ? Cvss.Roundup(Math.Min(1.08 * (impact + exploitability), 10))
                : Cvss.Roundup(Math.Min(impact + exploitability, 10));

        // --- Temporal (§7.2)
        var temporalFactor = Cvss3Metrics.ExploitCodeMaturity(m["E"]) * Cvss3Metrics.RemediationLevel(m["RL"])
            * Cvss3Metrics.ReportConfidence(m["RC"]);
        var hasTemporal = Defined(m, CvssMetricGroup.Temporal);
        double? temporal = hasTemporal ? Cvss.Roundup(baseScore * temporalFactor) : null;

        // --- Environmental (§7.3)
        var hasEnvironmental = Defined(m, CvssMetricGroup.Environmental);
        double? environmental = null, modifiedImpactSub = null, modifiedExploitabilitySub = null;
        if (hasEnvironmental)
        {
            string Mod(string metric) => m["M" + metric] is var v && v != "X" ? v : m[metric];
            var modifiedScopeChanged = Mod("S") == "C";
            var miss = Math.Min(1 - (1 - Cvss3Metrics.Requirement(m["CR"]) * Cvss3Metrics.Impact(Mod("C")))
                                  * (1 - Cvss3Metrics.Requirement(m["IR"]) * Cvss3Metrics.Impact(Mod("I")))
                                  * (1 - Cvss3Metrics.Requirement(m["AR"]) * Cvss3Metrics.Impact(Mod("A"))), 0.915);
            var modifiedImpact = !modifiedScopeChanged
                ? 6.42 * miss
                : v31
                    ? 7.52 * (miss - 0.029) - 3.25 * Math.Pow(miss * 0.9731 - 0.02, 13)
                    : 7.52 * (miss - 0.029) - 3.25 * Math.Pow(miss - 0.02, 15);
            var modifiedExploitability = 8.22 * Cvss3Metrics.AttackVector(Mod("AV")) * Cvss3Metrics.AttackComplexity(Mod("AC"))
                * Cvss3Metrics.PrivilegesRequired(Mod("PR"), modifiedScopeChanged) * Cvss3Metrics.UserInteraction(Mod("UI"));
            environmental = modifiedImpact <= 0
                ? 0.0
                : modifiedScopeChanged
                    ? Cvss.Roundup(Cvss.Roundup(Math.Min(1.08 * (modifiedImpact + modifiedExploitability), 10)) * temporalFactor)
                    : Cvss.Roundup(Cvss.Roundup(Math.Min(modifiedImpact + modifiedExploitability, 10)) * temporalFactor);
            modifiedImpactSub = SubScore(modifiedImpact);
            modifiedExploitabilitySub = SubScore(modifiedExploitability);
        }

        var overall = environmental ?? temporal ?? baseScore;
        return new CvssScore
        {
            Version = parsed.Version,
            Vector = parsed.Normalized,
            Metrics = parsed.Metrics,
            BaseScore = baseScore,
            BaseSeverity = Cvss.Rate(baseScore),
            TemporalScore = temporal,
            EnvironmentalScore = environmental,
            Score = overall,
            Severity = Cvss.Rate(overall),
            Nomenclature = "CVSS-B" + (hasTemporal ? "T" : "") + (hasEnvironmental ? "E" : ""),
            ImpactSubScore = SubScore(impact),
            ExploitabilitySubScore = SubScore(exploitability),
            ModifiedImpactSubScore = modifiedImpactSub,
            ModifiedExploitabilitySubScore = modifiedExploitabilitySub,
            ExploitabilityFraction = exploitability / MaxExploitability,
        };
    }

    private static bool Defined(IReadOnlyDictionary<string, string> m, CvssMetricGroup group) =>
        Cvss3Metrics.Table.Any(d => d.Group == group && m[d.Name] != "X");

    // Sub-scores are shown rounded to one decimal (half away from zero), as NVD and the FIRST calculator display
    // them; a negative impact (possible with Scope Changed and no C/I/A impact) is shown as 0.
    private static double SubScore(double value) => value <= 0 ? 0.0 : Math.Round(value * 10, MidpointRounding.AwayFromZero) / 10;
}
