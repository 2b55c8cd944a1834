using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TwinLab.Health.Calibration;
using TwinLab.Health.Patients;
using TwinLab.Health.Pharmacology;
using TwinLab.Health.Prediction;
using TwinLab.Health.Safety;
using TwinLab.Health.SideEffects;

namespace TwinLab.Cli.Commands;

/// <summary>The JSON shapes and text fragments the health verbs share.</summary>
internal static class HealthJson
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public static string N(double v, string format = "0") => v.ToString(format, CultureInfo.InvariantCulture);

    public static string Pct(double p) => (p * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    public static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static JsonNode Calibration(CalibrationResult r, bool reused)
    {
        var node = JsonSerializer.SerializeToNode(r, Web)!.AsObject();
        node["reusedStoredCalibration"] = reused;
        node["text"] = r.ToText();
        node["disclaimer"] = HealthDisclaimer.Text;
        return node;
    }

    public static JsonObject Range(PredictedRange r) => new() { ["median"] = r.Median, ["low10"] = r.Low, ["high90"] = r.High };

    public static JsonObject Target(BpTarget t) => new()
    {
        ["name"] = t.Name, ["homeSystolic"] = t.Home.Systolic, ["homeDiastolic"] = t.Home.Diastolic, ["description"] = t.Description,
    };

    public static JsonObject Horizon(HorizonPrediction h) => new()
    {
        ["weeks"] = h.Weeks,
        ["firstDay"] = Date(h.FirstDay),
        ["lastDay"] = Date(h.LastDay),
        ["systolic"] = Range(h.Systolic),
        ["diastolic"] = Range(h.Diastolic),
        ["probabilityAtTarget"] = h.ProbabilityAtTarget,
    };

    /// <summary>A prediction; the daily trajectory only when asked (it is long).</summary>
    public static JsonObject Prediction(BpPrediction p, bool trajectory) => new()
    {
        ["regimen"] = p.Regimen.ToString(),
        ["startDay"] = Date(p.StartDay),
        ["target"] = Target(p.Target),
        ["horizons"] = new JsonArray([.. p.Horizons.Select(h => (JsonNode)Horizon(h))]),
        ["trajectory"] = trajectory
            ? new JsonArray([.. p.Trajectory.Select(t => (JsonNode)new JsonObject { ["day"] = Date(t.Day), ["systolic"] = Range(t.Systolic), ["diastolic"] = Range(t.Diastolic) })])
            : null,
        ["samples"] = p.Samples,
        ["seed"] = p.Seed,
        ["fromPopulationOnly"] = p.FromPopulationOnly,
        ["evidence"] = p.Evidence,
        ["intervalCoverage"] = p.IntervalCoverage,
        ["disclaimer"] = HealthDisclaimer.Text,
    };

    public static JsonObject Finding(SafetyFinding f) => new()
    {
        ["rule"] = f.Rule, ["severity"] = f.Severity.ToString().ToLowerInvariant(), ["explanation"] = f.Explanation, ["source"] = f.Source,
    };

    public static JsonArray Findings(IEnumerable<SafetyFinding> findings) => new([.. findings.Select(f => (JsonNode)Finding(f))]);

    public static JsonObject SideEffects(SideEffectEstimate s) => new()
    {
        ["anySymptomatic"] = s.AnySymptomatic,
        ["effects"] = new JsonArray([.. s.Effects.Select(e => (JsonNode)new JsonObject
        {
            ["name"] = e.Name, ["probability"] = e.Probability, ["cause"] = e.Cause, ["source"] = e.Source,
        })]),
    };

    /// <summary>One line per requested week: median (80% interval) of SBP/DBP and P(target).</summary>
    public static void PrintHorizons(TextWriter w, BpPrediction p)
    {
        Table.Write(w, ["week", "days", "home SBP median (80%)", "home DBP median (80%)", "P(target)"], p.Horizons.Select(h => (IReadOnlyList<string>)[
            h.Weeks.ToString(CultureInfo.InvariantCulture), $"{Date(h.FirstDay)}…{Date(h.LastDay)}",
            $"{N(h.Systolic.Median)} ({N(h.Systolic.Low)}–{N(h.Systolic.High)})", $"{N(h.Diastolic.Median)} ({N(h.Diastolic.Low)}–{N(h.Diastolic.High)})",
            Pct(h.ProbabilityAtTarget)]));
    }

    public static void PrintSideEffects(TextWriter w, SideEffectEstimate s, string indent = "  ")
    {
        w.WriteLine($"{indent}any symptomatic side effect (excess over placebo): {Pct(s.AnySymptomatic)}");
        foreach (var e in s.Effects.Take(6)) w.WriteLine($"{indent}{e.Name}: {Pct(e.Probability)} ({e.Cause}; {e.Source})");
    }

    /// <summary>The person in one line: name, id, age, sex, conditions.</summary>
    public static string Person(PatientProfile p, DateOnly today)
    {
        var age = p.AgeOn(today) is { } a ? $", {a} years" : "";
        var conditions = p.Conditions.Where(c => c.Active).Select(c => c.Display).ToList();
        return $"{p.Name ?? p.Id} ({p.Id}{age}, {p.Sex.ToString().ToLowerInvariant()}){(conditions.Count > 0 ? "; " + string.Join(", ", conditions) : "")}";
    }

    /// <summary>The last day with a reading, else today (UTC).</summary>
    public static DateOnly Today(PatientProfile p) =>
        p.Readings.Count > 0 ? p.Readings[^1].Day : DateOnly.FromDateTime(DateTime.UtcNow);
}
