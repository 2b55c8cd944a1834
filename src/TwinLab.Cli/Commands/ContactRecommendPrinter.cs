using System.Globalization;
using TwinLab.ContactCenter.Recommendation;

namespace TwinLab.Cli.Commands;

/// <summary>The text output of <c>contact recommend</c>.</summary>
internal static class ContactRecommendPrinter
{
    public static void Print(TextWriter w, RecommendationResult r, string title, double targetSeconds)
    {
        var currency = r.Currency is { } c ? $" {c}" : "";
        w.WriteLine($"Centre: {title}.");
        w.WriteLine($"Candidate changes ranked by {r.Objective.Replace('_', ' ')} ({r.ObjectiveUnit}) per cost: {r.Replications} replications of {F(r.Days, "0.##")} day(s) from {r.StartDay}, seed {r.Seed}, common random numbers; "
            + $"{F(r.Confidence * 100, "0.#")}% paired confidence intervals; costs{currency} per day.");
        var unit = Unit(r.ObjectiveUnit);
        Table.Write(w, ["rank", "candidate", "verdict", $"improvement {unit}", $"{F(r.Confidence * 100, "0.#")}% CI", $"cost change/day{currency}", "per 1,000/day", "meets targets"],
            r.Ranking.Select(x => Row(x, x.Rank.ToString(CultureInfo.InvariantCulture))));
        var b = r.Baseline;
        w.WriteLine($"Baseline: service level {Pct(b.ServiceLevel)} (within {F(targetSeconds, "0.#")} s), ASA {Num(b.AsaSeconds, "0.0")} s, "
            + $"abandonment {Pct(b.AbandonmentRate)}, occupancy {Pct(b.Occupancy)}, handle time {Num(b.HandleTimeSeconds, "0")} s, "
            + $"satisfaction {Num(b.Satisfaction, "0.00")}, agent cost {Num(b.AgentCostPerDay, "#,0")}{currency}/day"
            + (r.BaselineMeetsTargets is { } meets ? $"; {(meets ? "meets" : "misses")} the targets." : "."));
        if (r.TargetServiceLevel is { } sl)
            w.WriteLine($"Targets: service level ≥ {Pct(sl)}{(r.MaxAbandonment is { } ab ? $", abandonment ≤ {Pct(ab)}" : "")}; meeting them, cheapest first: "
                + (r.MeetingTargets.Count == 0 ? "none." : string.Join(", ", r.MeetingTargets) + "."));
        if (r.Combination is { } combination)
        {
            w.WriteLine("Together:");
            Table.Write(w, ["candidates", "verdict", $"improvement {unit}", "CI", $"cost change/day{currency}", "per 1,000/day", "meets targets"],
                [Row(combination, null)]);
        }
        foreach (var note in r.Notes) w.WriteLine($"Note: {note}");
    }

    private static IReadOnlyList<string> Row(CandidateResult x, string? rank)
    {
        string[] cells =
        [
            x.Name, x.Verdict, Signed(x.Improvement), Ci(x.ImprovementCiLow, x.ImprovementCiHigh), Signed(x.CostChangePerDay, "#,0.00"),
            x.ImprovementPer1000 is { } per ? Signed(per) : x.CostChangePerDay <= 0 ? "no extra cost" : "–",
            x.MeetsTargets switch { true => "yes", false => "no", null => "–" },
        ];
        return rank is null ? cells : [rank, .. cells];
    }

    private static string Unit(string unit) => unit switch
    {
        "percentage points" => "(pp)",
        "seconds" => "(s less)",
        _ => $"({unit})",
    };

    private static string Ci(double? low, double? high) => low is { } l && high is { } h ? $"[{Signed(l)}, {Signed(h)}]" : "n/a";

    private static string Signed(double? v, string format = "0.00") =>
        v is { } x && double.IsFinite(x) ? (x > 0 ? "+" : "") + x.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    private static string Pct(double? v) => v is { } x && double.IsFinite(x) ? (x * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%" : "n/a";

    private static string Num(double? v, string format) => v is { } x && double.IsFinite(x) ? x.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    private static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);
}
