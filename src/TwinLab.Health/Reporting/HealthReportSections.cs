using System.Globalization;
using TwinLab.Health.Calibration;
using TwinLab.Health.Patients;
using TwinLab.Health.Prediction;
using TwinLab.Health.Recommendation;
using TwinLab.Health.Safety;
using TwinLab.Simulation.Reports;

namespace TwinLab.Health.Reporting;

/// <summary>The sections of <see cref="HealthReport"/>.</summary>
internal static class HealthReportSections
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Patient(HtmlBuilder html, PatientProfile p)
    {
        html.Section("patient", "Patient");
        var today = p.Readings.Count > 0 ? p.Readings[^1].Day : (DateOnly?)null;
        var facts = new List<(string, Cell)>
        {
            ("name", p.Name ?? "(not given)"),
            ("id", p.Id),
            ("born", p.BirthDate is { } b ? $"{D(b)}{(today is { } t && p.AgeOn(t) is { } age ? $" ({age} years)" : "")}" : "(not given)"),
            ("sex", p.Sex.ToString().ToLowerInvariant()),
            ("conditions", p.Conditions.Count == 0 ? "none recorded" : string.Join("; ", p.Conditions.Select(c => $"{c.Display}{(c.Active ? "" : " (resolved)")}"))),
            ("current regimen", p.CurrentRegimen.ToString()),
            ("readings", p.Readings.Count == 0 ? "none" : $"{p.Readings.Count} ({p.Readings.Count(r => r.Setting == ReadingSetting.Home)} home) from {D(p.Readings[0].Day)} to {D(p.Readings[^1].Day)}"),
        };
        foreach (var kind in Enum.GetValues<LabKind>())
            if (p.Latest(kind) is { } lab) facts.Add(($"latest {kind.ToString().ToLowerInvariant()}", $"{lab.Value.ToString("0.##", Inv)} on {D(DateOnly.FromDateTime(lab.Time.DateTime))}"));
        html.Facts(facts);
        if (p.Medication.Count > 0)
            html.Table(["regimen", "from", "to", "source"], p.Medication.Select(m => (IReadOnlyList<Cell>)[m.Regimen.ToString(), D(m.Start), m.End is { } e ? D(e) : "(current)", m.Source]), "Medication history");
        html.EndSection();
    }

    public static void Readings(HtmlBuilder html, PatientProfile p)
    {
        html.Section("readings", "Readings");
        if (p.Readings.Count == 0) html.Element("p", "No readings.", "muted");
        else html.Figure(HealthCharts.Readings(p));
        html.EndSection();
    }

    public static void Calibration(HtmlBuilder html, CalibrationResult c)
    {
        html.Section("calibration", "Calibration: this person's response to each drug class");
        if (c.FromPopulationOnly)
            html.Element("p", "Population prior only: the twin has not seen this person's response to treatment; every class is at the population average (Law 2003) with its full spread.", "excluded");
        html.Facts([("evidence", c.Evidence), ("untreated home BP", c.Untreated.ToString()), ("readings used", $"{c.ReadingsUsed} on {c.DaysUsed} days")]);
        html.Table(["class", "sensitivity", "SD", "80% interval", "standard dose lowers home BP", "basis"], c.Classes.Select(x => (IReadOnlyList<Cell>)[
            x.ClassName, Cell.Numeric(x.Mean.ToString("0.00", Inv)), Cell.Numeric(x.Sd.ToString("0.00", Inv)),
            Cell.Numeric($"{x.Lower80.ToString("0.00", Inv)}–{x.Upper80.ToString("0.00", Inv)}"),
            $"{x.StandardDoseEffect.Mean.Systolic.ToString("0", Inv)}/{x.StandardDoseEffect.Mean.Diastolic.ToString("0", Inv)} mmHg",
            x.Basis == SensitivityBasis.Data ? $"readings ({x.DaysOfEvidence} days)" : "population prior"]));
        html.Figure(HealthCharts.Sensitivities(c));
        if (c.Warnings.Count > 0) html.Element("h3", "Warnings").List(c.Warnings.Select(w => w.Message));
        html.EndSection();
    }

    public static void Trajectories(HtmlBuilder html, IReadOnlyList<ReportTrajectory> trajectories)
    {
        html.Section("trajectories", "Predicted blood pressure under the top regimens");
        html.Element("p", BpPrediction.IntervalCoverageText, "muted");
        html.Figure(HealthCharts.Trajectory(trajectories, systolic: true));
        html.Figure(HealthCharts.Trajectory(trajectories, systolic: false));
        html.Table(["regimen", "week", "home SBP median (80%)", "home DBP median (80%)", "P(target)"],
            trajectories.Take(HealthReport.MaxTrajectories).SelectMany(t => t.Prediction.Horizons.Select(h => (IReadOnlyList<Cell>)[
                t.Label, Cell.Numeric(h.Weeks.ToString(Inv)), Cell.Numeric(h.Systolic.ToString()), Cell.Numeric(h.Diastolic.ToString()), Cell.Numeric(Pct(h.ProbabilityAtTarget))])));
        html.EndSection();
    }

    public static void Prediction(HtmlBuilder html, PredictionDetail d)
    {
        var p = d.Prediction;
        html.Section("prediction", $"Prediction: {p.Regimen}");
        if (d.Excluded)
            html.Element("p", $"EXCLUDED for this person by the safety rules — predicted only for comparison: {string.Join("; ", d.Findings.Where(f => f.Severity == SafetySeverity.Excluded).Select(f => f.Explanation))}", "excluded");
        html.Facts([("starts", D(p.StartDay)), ("target", p.Target.Description), ("evidence", p.Evidence), ("samples", $"{p.Samples} (seed {p.Seed})")]);
        html.Table(["week", "home SBP median (80%)", "home DBP median (80%)", "P(target)"], p.Horizons.Select(h => (IReadOnlyList<Cell>)[
            Cell.Numeric(h.Weeks.ToString(Inv)), Cell.Numeric(h.Systolic.ToString()), Cell.Numeric(h.Diastolic.ToString()), Cell.Numeric(Pct(h.ProbabilityAtTarget))]));
        if (d.Findings.Count > 0)
            html.Table(["severity", "rule", "why", "source"], d.Findings.Select(f => (IReadOnlyList<Cell>)[new Cell(f.Severity.ToString().ToLowerInvariant(), f.Severity == SafetySeverity.Excluded ? "excluded" : null), f.Rule, f.Explanation, f.Source]), "Safety findings");
        html.Table(["side effect", "probability", "cause", "source"],
            new[] { (IReadOnlyList<Cell>)["any symptomatic (excess over placebo)", Cell.Numeric(Pct(d.SideEffects.AnySymptomatic)), "", "Law 2003 Table 5"] }
                .Concat(d.SideEffects.Effects.Select(e => (IReadOnlyList<Cell>)[e.Name, Cell.Numeric(Pct(e.Probability)), e.Cause, e.Source])), "Side effects");
        html.EndSection();
    }

    public static void Recommendation(HtmlBuilder html, Recommendation.Recommendation r)
    {
        html.Section("ranking", "Ranking");
        html.Facts([("target", r.Target.Description), ("starts", D(r.StartDay)), ("searched", $"{r.Searched} regimens of one to three drugs, {r.Ranking.Count} allowed, {r.Excluded.Count} excluded"),
            ("uncertainty", r.Uncertainty), ("samples", $"{r.Samples} per regimen (seed {r.Seed})")]);
        if (r.TargetWarning is { } warning) html.Element("p", $"Warning: {warning}", "warning");
        html.Table(["choice", "regimen", "pattern", "P(target)", "side effects", "pills", "cautions", "score"], r.TopChoices.Select(c => (IReadOnlyList<Cell>)[
            Cell.Numeric(c.Rank.ToString(Inv)), c.Best.Regimen.ToString(), c.Pattern, Cell.Numeric(Pct(c.Best.ProbabilityAtTarget)),
            Cell.Numeric(Pct(c.Best.SideEffects.AnySymptomatic)), Cell.Numeric(c.Best.PillCount.ToString(Inv)), Cell.Numeric(c.Best.Cautions.Count.ToString(Inv)),
            Cell.Numeric(c.Best.Score.Total.ToString("0.000", Inv))]), "Top choices (best drug of each class-and-dose pattern)");
        html.Element("h3", "Why");
        html.List(r.TopChoices.Select(c => $"#{c.Rank} {c.Best.Regimen}: {c.Explanation}"));
        if (r.NotableLosers.Count > 0) html.Element("h3", "Ranked lower").List(r.NotableLosers.Select(l => $"{l.Regimen}: {l.Reason}"));
        var current = r.Current;
        html.Element("h3", "Current regimen");
        html.Element("p", $"{current.Regimen}{(current.Regimen.IsEmpty ? "" : $" ({r.CurrentStanding})")}: {current.AtTargetReason.TrimEnd('.')}" +
            (current.Prediction.Horizons.Count > 0 ? $"; if continued, P(target) {Pct(current.Prediction.Horizons[^1].ProbabilityAtTarget)} at week {current.Prediction.Horizons[^1].Weeks}." : "."));
        html.EndSection();

        html.Section("excluded", "Excluded regimens");
        if (r.Excluded.Count == 0) html.Element("p", "No regimen is excluded for this person.", "muted");
        else
        {
            html.Table(["rule", "regimens excluded"], r.ExclusionsByRule.OrderByDescending(x => x.Value).Select(x => (IReadOnlyList<Cell>)[x.Key, Cell.Numeric(x.Value.ToString(Inv))]));
            html.Table(["example regimen", "why"], r.Excluded.GroupBy(e => e.Reason).Select(g => (IReadOnlyList<Cell>)[g.First().Regimen.ToString(), g.Key]).Take(12), "One example per reason");
        }
        html.EndSection();

        if (r.StepDown.Count > 0)
        {
            html.Section("step-down", "Step-down options (fewer or lower-dose drugs)");
            html.Table(["regimen", "change", "P(target)", "side effects", "pills"], r.StepDown.Select(s => (IReadOnlyList<Cell>)[
                s.Regimen.ToString(), s.Change, Cell.Numeric(Pct(s.ProbabilityAtTarget)), Cell.Numeric(Pct(s.SideEffects.AnySymptomatic)), Cell.Numeric(s.PillCount.ToString(Inv))]));
            html.EndSection();
        }
    }

    private static string D(DateOnly d) => d.ToString("yyyy-MM-dd", Inv);

    private static string Pct(double p) => (p * 100).ToString("0", Inv) + "%";
}
