namespace TwinLab.Network.Cvss;

/// <summary>CVSS v4.0 scoring by MacroVector lookup and severity-distance interpolation.</summary>
/// <remarks>
/// CVSS v4.0 specification §8 "CVSS v4.0 Scoring" (https://www.first.org/cvss/v4.0/specification-document):
/// <list type="number">
/// <item>the vector's effective metric values (a Modified metric, where defined, replaces its base metric; E:X counts as
/// E:A and CR/IR/AR:X as H, the worst case, §8.1) fall into six equivalence sets EQ1…EQ6 (Tables 24–29), whose levels
/// form the MacroVector;</item>
/// <item>the MacroVector's score comes from the expert table (<see cref="Cvss4MacroVectorTable"/>);</item>
/// <item>for each EQ whose next lower MacroVector exists, the available distance (this MacroVector's score minus the
/// lower one's) is scaled by the vector's severity distance from the MacroVector's highest-severity vector divided by
/// the MacroVector's depth (the "proportional distance"); the mean of these over the EQs that have a lower MacroVector
/// is subtracted from the MacroVector score, which is then rounded half-up to one decimal.</item>
/// </list>
/// The highest-severity vectors per EQ, the per-metric severity levels (steps of 0.1) and the depths are those of the
/// FIRST reference calculator (https://www.first.org/cvss/calculator/4.0, data <c>max_composed</c>, <c>max_severity</c>
/// and <c>METRIC_LEVELS</c>), which defines the published scores. The arithmetic is kept in the same order and in
/// binary double precision as the reference so that halfway cases round identically.
/// </remarks>
internal static class Cvss4Calculator
{
    private const double Step = 0.1;

    // Severity level of each value, 0 = most severe, in steps of 0.1 (reference calculator METRIC_LEVELS).
    private static readonly Dictionary<string, Dictionary<string, double>> Levels = new(StringComparer.Ordinal)
    {
        ["AV"] = new() { ["N"] = 0.0, ["A"] = 0.1, ["L"] = 0.2, ["P"] = 0.3 },
        ["PR"] = new() { ["N"] = 0.0, ["L"] = 0.1, ["H"] = 0.2 },
        ["UI"] = new() { ["N"] = 0.0, ["P"] = 0.1, ["A"] = 0.2 },
        ["AC"] = new() { ["L"] = 0.0, ["H"] = 0.1 },
        ["AT"] = new() { ["N"] = 0.0, ["P"] = 0.1 },
        ["VC"] = new() { ["H"] = 0.0, ["L"] = 0.1, ["N"] = 0.2 },
        ["VI"] = new() { ["H"] = 0.0, ["L"] = 0.1, ["N"] = 0.2 },
        ["VA"] = new() { ["H"] = 0.0, ["L"] = 0.1, ["N"] = 0.2 },
        ["SC"] = new() { ["H"] = 0.1, ["L"] = 0.2, ["N"] = 0.3 },
        ["SI"] = new() { ["S"] = 0.0, ["H"] = 0.1, ["L"] = 0.2, ["N"] = 0.3 },
        ["SA"] = new() { ["S"] = 0.0, ["H"] = 0.1, ["L"] = 0.2, ["N"] = 0.3 },
        ["CR"] = new() { ["H"] = 0.0, ["M"] = 0.1, ["L"] = 0.2 },
        ["IR"] = new() { ["H"] = 0.0, ["M"] = 0.1, ["L"] = 0.2 },
        ["AR"] = new() { ["H"] = 0.0, ["M"] = 0.1, ["L"] = 0.2 },
        ["E"] = new() { ["A"] = 0.0, ["P"] = 0.1, ["U"] = 0.2 },
    };

    // The highest-severity vectors of each EQ level (reference calculator max_composed). A vector is a list of
    // METRIC:VALUE pairs; the order of the alternatives matters (the first one that dominates is used).
    private static readonly string[][] Eq1Max =
    [
        ["AV:N/PR:N/UI:N"],
        ["AV:A/PR:N/UI:N", "AV:N/PR:L/UI:N", "AV:N/PR:N/UI:P"],
        ["AV:P/PR:N/UI:N", "AV:A/PR:L/UI:P"],
    ];

    private static readonly string[][] Eq2Max = [["AC:L/AT:N"], ["AC:H/AT:N", "AC:L/AT:P"]];

    // Indexed [EQ3][EQ6]; EQ3 = 2 with EQ6 = 0 cannot occur.
    private static readonly string[][][] Eq3Eq6Max =
    [
        [["VC:H/VI:H/VA:H/CR:H/IR:H/AR:H"], ["VC:H/VI:H/VA:L/CR:M/IR:M/AR:H", "VC:H/VI:H/VA:H/CR:M/IR:M/AR:M"]],
        [
            ["VC:L/VI:H/VA:H/CR:H/IR:H/AR:H", "VC:H/VI:L/VA:H/CR:H/IR:H/AR:H"],
            [
                "VC:L/VI:H/VA:L/CR:H/IR:M/AR:H", "VC:L/VI:H/VA:H/CR:H/IR:M/AR:M", "VC:H/VI:L/VA:H/CR:M/IR:H/AR:M",
                "VC:H/VI:L/VA:L/CR:M/IR:H/AR:H", "VC:L/VI:L/VA:H/CR:H/IR:H/AR:M",
            ],
        ],
        [[], ["VC:L/VI:L/VA:L/CR:H/IR:H/AR:H"]],
    ];

    private static readonly string[][] Eq4Max = [["SC:H/SI:S/SA:S"], ["SC:H/SI:H/SA:H"], ["SC:L/SI:L/SA:L"]];

    private static readonly string[][] Eq5Max = [["E:A"], ["E:P"], ["E:U"]];

    // Depth of each MacroVector per EQ, in severity steps, +1 (reference calculator max_severity).
    private static readonly int[] Eq1Depth = [1, 4, 5];
    private static readonly int[] Eq2Depth = [1, 2];
    private static readonly int[][] Eq3Eq6Depth = [[7, 6], [8, 8], [0, 10]];
    private static readonly int[] Eq4Depth = [6, 5, 4];

    private static readonly string[] DistanceMetrics =
        ["AV", "PR", "UI", "AC", "AT", "VC", "VI", "VA", "SC", "SI", "SA", "CR", "IR", "AR", "E"];

    private static readonly string[] ThreatAndEnvironmental =
        Cvss4Metrics.Table.Where(d => d.Group is CvssMetricGroup.Temporal or CvssMetricGroup.Environmental)
            .Select(d => d.Name).ToArray();

    public static CvssScore Score(CvssVectorParser.ParsedVector parsed)
    {
        var m = parsed.Metrics;
        var hasThreat = m["E"] != "X";
        var hasEnvironmental = Cvss4Metrics.Table.Any(d => d.Group == CvssMetricGroup.Environmental && m[d.Name] != "X");

        var full = Evaluate(m);
        var baseOnly = hasThreat || hasEnvironmental ? Evaluate(Without(m, ThreatAndEnvironmental)) : full;
        double? threat = hasThreat ? (hasEnvironmental ? Evaluate(Without(m, EnvironmentalNames)) : full).Score : null;
        double? environmental = hasEnvironmental ? (hasThreat ? Evaluate(Without(m, ["E"])) : full).Score : null;

        return new CvssScore
        {
            Version = CvssVersion.V4_0,
            Vector = parsed.Normalized,
            Metrics = parsed.Metrics,
            BaseScore = baseOnly.Score,
            BaseSeverity = Cvss.Rate(baseOnly.Score),
            TemporalScore = threat,
            EnvironmentalScore = environmental,
            Score = full.Score,
            Severity = Cvss.Rate(full.Score),
            Nomenclature = "CVSS-B" + (hasThreat ? "T" : "") + (hasEnvironmental ? "E" : ""),
            MacroVector = full.MacroVector,
            BaseMacroVector = baseOnly.MacroVector,
        };
    }

    private static readonly string[] EnvironmentalNames =
        Cvss4Metrics.Table.Where(d => d.Group == CvssMetricGroup.Environmental).Select(d => d.Name).ToArray();

    private static Dictionary<string, string> Without(IReadOnlyDictionary<string, string> metrics, string[] names)
    {
        var copy = new Dictionary<string, string>(metrics, StringComparer.Ordinal);
        foreach (var n in names) copy[n] = "X";
        return copy;
    }

    /// <summary>The effective value of a metric (§8.1): Modified overrides base; E, CR, IR, AR default to their worst case.</summary>
    private static string Effective(IReadOnlyDictionary<string, string> m, string metric)
    {
        var selected = m[metric];
        if (selected == "X")
        {
            switch (metric)
            {
                case "E": return "A";
                case "CR" or "IR" or "AR": return "H";
            }
        }
        return m.TryGetValue("M" + metric, out var modified) && modified != "X" ? modified : selected;
    }

    /// <summary>The six EQ levels (§8.2 Tables 24–29).</summary>
    internal static int[] EquivalenceLevels(IReadOnlyDictionary<string, string> m)
    {
        string E(string metric) => Effective(m, metric);
        var av = E("AV");
        var pr = E("PR");
        var ui = E("UI");
        var eq1 = av == "N" && pr == "N" && ui == "N" ? 0
            : (av == "N" || pr == "N" || ui == "N") && av != "P" ? 1
            : 2;
        var eq2 = E("AC") == "L" && E("AT") == "N" ? 0 : 1;
        var vc = E("VC");
        var vi = E("VI");
        var va = E("VA");
        var eq3 = vc == "H" && vi == "H" ? 0 : vc == "H" || vi == "H" || va == "H" ? 1 : 2;
        var eq4 = m["MSI"] == "S" || m["MSA"] == "S" ? 0
            : E("SC") == "H" || E("SI") == "H" || E("SA") == "H" ? 1
            : 2;
        var eq5 = E("E") switch { "A" => 0, "P" => 1, _ => 2 };
        var eq6 = (E("CR") == "H" && vc == "H") || (E("IR") == "H" && vi == "H") || (E("AR") == "H" && va == "H") ? 0 : 1;
        return [eq1, eq2, eq3, eq4, eq5, eq6];
    }

    private static string Key(int a, int b, int c, int d, int e, int f) => string.Concat(
        (char)('0' + a), (char)('0' + b), (char)('0' + c)) + string.Concat((char)('0' + d), (char)('0' + e), (char)('0' + f));

    private readonly record struct Result(double Score, string MacroVector);

    private static Result Evaluate(IReadOnlyDictionary<string, string> m)
    {
        var eq = EquivalenceLevels(m);
        var (eq1, eq2, eq3, eq4, eq5, eq6) = (eq[0], eq[1], eq[2], eq[3], eq[4], eq[5]);
        var macro = Key(eq1, eq2, eq3, eq4, eq5, eq6);

        // §8.2: no impact on the vulnerable or subsequent system scores 0 whatever the MacroVector.
        if (new[] { "VC", "VI", "VA", "SC", "SI", "SA" }.All(x => Effective(m, x) == "N"))
            return new Result(0.0, macro);

        var value = Cvss4MacroVectorTable.Scores[macro];

        // 1a. The next lower MacroVector of each EQ; missing ones drop out of the mean.
        var lower1 = Cvss4MacroVectorTable.Find(Key(eq1 + 1, eq2, eq3, eq4, eq5, eq6));
        var lower2 = Cvss4MacroVectorTable.Find(Key(eq1, eq2 + 1, eq3, eq4, eq5, eq6));
        double? lower36 = (eq3, eq6) switch
        {
            // From 00 two MacroVectors are one step lower (01 and 10): the higher-scoring one is taken.
            (0, 0) => Max(Cvss4MacroVectorTable.Find(Key(eq1, eq2, eq3, eq4, eq5, eq6 + 1)),
                          Cvss4MacroVectorTable.Find(Key(eq1, eq2, eq3 + 1, eq4, eq5, eq6))),
            (1, 0) => Cvss4MacroVectorTable.Find(Key(eq1, eq2, eq3, eq4, eq5, eq6 + 1)),
            (0, 1) or (1, 1) => Cvss4MacroVectorTable.Find(Key(eq1, eq2, eq3 + 1, eq4, eq5, eq6)),
            _ => null, // 21 is the lowest
        };
        var lower4 = Cvss4MacroVectorTable.Find(Key(eq1, eq2, eq3, eq4 + 1, eq5, eq6));
        var lower5 = Cvss4MacroVectorTable.Find(Key(eq1, eq2, eq3, eq4, eq5 + 1, eq6));

        // 1b. Severity distance from a highest-severity vector of this MacroVector that the vector does not exceed.
        var level = EffectiveLevels(m);
        var d1 = Distance(level, Eq1Parts[eq1]);
        var d2 = Distance(level, Eq2Parts[eq2]);
        var d36 = Distance(level, Eq3Eq6Parts[eq3][eq6]);
        var d4 = Distance(level, Eq4Parts[eq4]);
        if (double.IsNaN(d1) || double.IsNaN(d2) || double.IsNaN(d36) || double.IsNaN(d4) || double.IsNaN(Distance(level, Eq5Parts[eq5])))
        {
            // No composed highest-severity vector dominates: the reference then keeps the distances to the last
            // one it tried, the last alternative of every EQ.
            d1 = Distance(level, Eq1Parts[eq1], last: true);
            d2 = Distance(level, Eq2Parts[eq2], last: true);
            d36 = Distance(level, Eq3Eq6Parts[eq3][eq6], last: true);
            d4 = Distance(level, Eq4Parts[eq4], last: true);
        }

        // 1c–d. Proportional distance × available distance, per EQ; EQ5 has depth 0 and contributes 0 when present.
        var count = 0;
        double n1 = 0, n2 = 0, n36 = 0, n4 = 0, n5 = 0;
        if (lower1 is { } l1) { count++; n1 = (value - l1) * (d1 / (Eq1Depth[eq1] * Step)); }
        if (lower2 is { } l2) { count++; n2 = (value - l2) * (d2 / (Eq2Depth[eq2] * Step)); }
        if (lower36 is { } l36) { count++; n36 = (value - l36) * (d36 / (Eq3Eq6Depth[eq3][eq6] * Step)); }
        if (lower4 is { } l4) { count++; n4 = (value - l4) * (d4 / (Eq4Depth[eq4] * Step)); }
        if (lower5 is { } l5) { count++; n5 = (value - l5) * 0; }

        // 2–3. Mean of the proportional distances, subtracted; clamp to [0, 10]; round half up to one decimal.
        var mean = count == 0 ? 0 : (n1 + n2 + n36 + n4 + n5) / count;
        var score = Math.Max(0, Math.Min(10, value - mean));
        return new Result(RoundHalfUp(score), macro);
    }

    /// <summary>Rounds half up to one decimal, lifting the value by 1e-6 first so that a tie the exact arithmetic
    /// lands on (x.x5) but binary floating point lands one ulp below (8.549999999999999) still rounds up.</summary>
    /// <remarks>The reference calculator's fix of 2024-11 (github.com/RedHatProductSecurity/cvss-v4-calculator
    /// issue 66, pull request 67; the Python reference <c>cvss</c> library computes in exact decimals to the same end).
    /// Every unrounded score is a rational with a small denominator, so no true value lies within 1e-6 below a tie.
    /// The calculator hosted at first.org predated that fix when we wrote this and shows 0.1 less on those ties
    /// (522 of the 104,976 base vectors, FIRSTdotorg/cvss-v4-calculator pull request 4).</remarks>
    internal static double RoundHalfUp(double value) =>
        Math.Round((value + 1e-6) * 10, MidpointRounding.AwayFromZero) / 10;

    private static double? Max(double? a, double? b) => a is { } x && b is { } y ? Math.Max(x, y) : null;

    /// <summary>One EQ's share of a highest-severity vector: metric indexes (into <see cref="DistanceMetrics"/>) and levels.</summary>
    private sealed record MaxPart(int[] Metrics, double[] Levels);

    private static MaxPart[] Parts(string[] alternatives) => alternatives.Select(alternative =>
    {
        var pairs = alternative.Split('/').Select(p => p.Split(':')).ToArray();
        return new MaxPart(
            pairs.Select(p => Array.IndexOf(DistanceMetrics, p[0])).ToArray(),
            pairs.Select(p => Levels[p[0]][p[1]]).ToArray());
    }).ToArray();

    private static readonly MaxPart[][] Eq1Parts = Eq1Max.Select(Parts).ToArray();
    private static readonly MaxPart[][] Eq2Parts = Eq2Max.Select(Parts).ToArray();
    private static readonly MaxPart[][][] Eq3Eq6Parts = Eq3Eq6Max.Select(r => r.Select(Parts).ToArray()).ToArray();
    private static readonly MaxPart[][] Eq4Parts = Eq4Max.Select(Parts).ToArray();
    private static readonly MaxPart[][] Eq5Parts = Eq5Max.Select(Parts).ToArray();

    private static double[] EffectiveLevels(IReadOnlyDictionary<string, string> m)
    {
        var levels = new double[DistanceMetrics.Length];
        for (var i = 0; i < levels.Length; i++)
            levels[i] = Levels[DistanceMetrics[i]][Effective(m, DistanceMetrics[i])];
        return levels;
    }

    /// <summary>The EQ's severity distance, summed over its metrics in order: to its first highest-severity alternative
    /// that the vector does not exceed in any metric (NaN when there is none), or to its last alternative.</summary>
    /// <remarks>The reference composes whole vectors EQ1 outermost … EQ5 innermost and takes the first that no metric
    /// exceeds. As each EQ constrains only its own metrics, that is the first dominating alternative of each EQ.</remarks>
    private static double Distance(double[] level, MaxPart[] alternatives, bool last = false)
    {
        foreach (var part in last ? alternatives[^1..] : alternatives)
        {
            double sum = 0;
            var dominated = true;
            for (var i = 0; i < part.Metrics.Length; i++)
            {
                var d = level[part.Metrics[i]] - part.Levels[i];
                dominated &= d >= 0;
                sum += d;
            }
            if (dominated || last) return sum;
        }
        return double.NaN;
    }
}
