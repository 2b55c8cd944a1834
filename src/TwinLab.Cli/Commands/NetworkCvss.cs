using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using TwinLab.Network.Cvss;

namespace TwinLab.Cli.Commands;

/// <summary><c>twinlab network cvss VECTOR</c>: the scores of a CVSS v3.0, v3.1 or v4.0 vector.</summary>
internal static class NetworkCvss
{
    public static Command Create(GlobalOptions g)
    {
        var vector = new Argument<string>("vector") { Description = "A CVSS vector string, such as CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H or CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N" };
        var cmd = new Command("cvss", "Score a CVSS vector exactly as the FIRST specification does: v3.x base, temporal and environmental scores with sub-scores; v4.0 CVSS-B/BT/BE/BTE with the MacroVector") { vector };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            var score = Cvss.Score(ctx.Get(vector));
            if (ctx.Json) ctx.WriteJson(Json(score));
            else Print(ctx.Out, score);
            return 0;
        }));
        return cmd;
    }

    internal static string VersionText(CvssVersion v) => v switch
    {
        CvssVersion.V3_0 => "3.0",
        CvssVersion.V3_1 => "3.1",
        _ => "4.0",
    };

    private static void Print(TextWriter w, CvssScore s)
    {
        w.WriteLine($"CVSS {VersionText(s.Version)}: {s.Vector}");
        var rows = new List<(string Label, double? Value, CvssSeverity? Severity)>();
        if (s.Version == CvssVersion.V4_0)
        {
            rows.Add(("CVSS-B (base)", s.BaseScore, s.BaseSeverity));
            if (s.TemporalScore is { } bt) rows.Add(("CVSS-BT (base + threat)", bt, Cvss.Rate(bt)));
            if (s.EnvironmentalScore is { } be) rows.Add(("CVSS-BE (base + environmental)", be, Cvss.Rate(be)));
            if (s.Nomenclature == "CVSS-BTE") rows.Add(("CVSS-BTE (all metrics)", s.Score, s.Severity));
        }
        else
        {
            rows.Add(("base score", s.BaseScore, s.BaseSeverity));
            rows.Add(("  impact sub-score", s.ImpactSubScore, null));
            rows.Add(("  exploitability sub-score", s.ExploitabilitySubScore, null));
            if (s.TemporalScore is { } t) rows.Add(("temporal score", t, Cvss.Rate(t)));
            if (s.EnvironmentalScore is { } e)
            {
                rows.Add(("environmental score", e, Cvss.Rate(e)));
                rows.Add(("  modified impact sub-score", s.ModifiedImpactSubScore, null));
                rows.Add(("  modified exploitability sub-score", s.ModifiedExploitabilitySubScore, null));
            }
        }
        var width = rows.Max(r => r.Label.Length) + 2;
        foreach (var (label, value, severity) in rows)
            w.WriteLine($"{label.PadRight(width)}{Number(value),4}{(severity is { } sev ? "  " + sev : "")}");
        if (s.Version == CvssVersion.V4_0)
        {
            w.WriteLine($"{"MacroVector".PadRight(width)}{s.MacroVector}");
            if (s.BaseMacroVector != s.MacroVector) w.WriteLine($"{"base MacroVector".PadRight(width)}{s.BaseMacroVector}");
        }
        w.WriteLine($"Score ({s.Nomenclature}): {Number(s.Score)} {s.Severity}");
    }

    private static JsonObject Json(CvssScore s) => new()
    {
        ["version"] = VersionText(s.Version),
        ["vector"] = s.Vector,
        ["score"] = s.Score,
        ["severity"] = Lower(s.Severity),
        ["nomenclature"] = s.Nomenclature,
        ["baseScore"] = s.BaseScore,
        ["baseSeverity"] = Lower(s.BaseSeverity),
        ["temporalScore"] = s.TemporalScore,
        ["environmentalScore"] = s.EnvironmentalScore,
        ["impactSubScore"] = s.ImpactSubScore,
        ["exploitabilitySubScore"] = s.ExploitabilitySubScore,
        ["modifiedImpactSubScore"] = s.ModifiedImpactSubScore,
        ["modifiedExploitabilitySubScore"] = s.ModifiedExploitabilitySubScore,
        ["exploitabilityFraction"] = s.ExploitabilityFraction,
        ["macroVector"] = s.MacroVector,
        ["baseMacroVector"] = s.BaseMacroVector,
        ["metrics"] = new JsonObject(s.Metrics.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)JsonValue.Create(kv.Value)))),
    };

    private static string Lower(CvssSeverity s) => s.ToString().ToLowerInvariant();

    private static string Number(double? value) => value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) : "";
}
