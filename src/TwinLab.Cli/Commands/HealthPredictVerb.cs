using System.CommandLine;
using System.Text.Json.Nodes;
using TwinLab.Health.Pharmacology;
using TwinLab.Health.Prediction;
using TwinLab.Health.Reporting;
using TwinLab.Health.Safety;
using TwinLab.Health.SideEffects;

namespace TwinLab.Cli.Commands;

/// <summary>
/// <c>twinlab health predict PATIENT --regimen TEXT [--weeks 12] [--target …] [--samples 1000] [--seed N] [--report FILE]</c>:
/// the week-average home BP at weeks 4, 8 and 12 (and --weeks) as median and 80% interval, P(target), the safety
/// findings and side effects of the regimen for this person. An excluded regimen is still predicted, and says so loudly.
/// </summary>
internal static class HealthPredictVerb
{
    public static Command Create(GlobalOptions g)
    {
        var patient = HealthCommand.PatientArgument();
        var regimen = new Option<string>("--regimen") { Description = "The regimen from today: drugs with doses joined by '+', e.g. \"amlodipine 5mg + lisinopril 10mg\" (or 'none' to stop everything)", Required = true };
        var weeks = new Option<int>("--weeks") { Description = "Last week to predict (weeks 4, 8 and 12 are always shown)", DefaultValueFactory = _ => 12 };
        var target = HealthCommand.TargetOption();
        var samples = HealthCommand.SamplesOption();
        var seed = HealthCommand.SeedOption();
        var report = HealthCommand.ReportOption();
        var cmd = new Command("predict", "Predict the patient's home BP over the weeks after starting a regimen, with 80% intervals, P(target), safety findings and side effects") { patient, regimen, weeks, target, samples, seed, report };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            ctx.RejectAsOf();
            var w = ctx.Get(weeks);
            if (w is < 1 or > 104) throw new CliUsageException($"--weeks {w}: give 1 to 104.");
            var n = HealthCommand.Samples(ctx.Get(samples));
            // Regimen and target are read before any work so that a typo fails fast and names the part.
            var text = ctx.Get(regimen);
            // An empty text (an unset shell variable) is a mistake, not a decision to stop every drug: that is 'none'.
            if (string.IsNullOrWhiteSpace(text))
                throw new CliUsageException("--regimen is empty: give drugs with doses such as \"amlodipine 5mg + lisinopril 10mg\", or 'none' to predict stopping everything.");
            var plan = Regimen.Parse(text);
            var who = HealthCommand.RequireReadings(HealthCommand.ResolvePatient(ctx, ctx.Get(patient)));
            var profile = who.Profile;
            var today = HealthJson.Today(profile);
            var goal = HealthCommand.Target(ctx.Get(target), profile, today);
            var (calibration, reused) = HealthCommand.Calibration(ctx, who, store: true);
            var options = new PredictionOptions
            {
                HorizonWeeks = [.. new[] { 4, 8, 12, w }.Where(x => x <= Math.Max(12, w)).Distinct().Order()],
                Samples = n,
                Seed = ctx.Get(seed),
                Target = goal,
            };
            var prediction = BpPredictor.Predict(profile, calibration.Posterior, plan, options);
            var detail = new PredictionDetail(prediction, SafetyRules.Check(plan, profile, prediction.StartDay), SideEffectModel.Estimate(plan, profile));
            var reportPath = ctx.Get(report);
            if (reportPath is not null)
            {
                var trajectories = new List<ReportTrajectory> { new(plan.ToString(), prediction) };
                if (!profile.CurrentRegimen.Equals(plan))
                    trajectories.Add(new ReportTrajectory($"current: {profile.CurrentRegimen}", BpPredictor.Predict(profile, calibration.Posterior, profile.CurrentRegimen, options)));
                HealthReport.WriteHtml(new HealthReportContent
                {
                    Title = $"{profile.Name ?? profile.Id}: {plan}",
                    Generated = $"twinlab health predict; {n} samples, seed {options.Seed}",
                    Patient = profile,
                    Calibration = calibration,
                    Trajectories = trajectories,
                    Prediction = detail,
                }, reportPath);
            }
            if (ctx.Json)
            {
                ctx.WriteJson(new JsonObject
                {
                    ["disclaimer"] = HealthDisclaimer.Text,
                    ["patient"] = profile.Id,
                    ["origin"] = who.Origin,
                    ["reusedStoredCalibration"] = reused,
                    ["excluded"] = detail.Excluded,
                    ["exclusionReasons"] = new JsonArray([.. detail.Findings.Where(f => f.Severity == SafetySeverity.Excluded).Select(f => (JsonNode)f.Explanation)]),
                    ["safety"] = HealthJson.Findings(detail.Findings),
                    ["sideEffects"] = HealthJson.SideEffects(detail.SideEffects),
                    ["prediction"] = HealthJson.Prediction(prediction, trajectory: true),
                    ["report"] = reportPath,
                });
                return 0;
            }
            Print(ctx.Out, profile, who, detail, reused, reportPath);
            return 0;
        }));
        return cmd;
    }

    private static void Print(TextWriter w, Health.Patients.PatientProfile profile, HealthPatient who, PredictionDetail d, bool reused, string? reportPath)
    {
        var p = d.Prediction;
        w.WriteLine(HealthDisclaimer.Text);
        w.WriteLine($"Prediction for {HealthJson.Person(profile, p.StartDay)}: {p.Regimen} from {HealthJson.Date(p.StartDay)} (current: {profile.CurrentRegimen}).");
        if (d.Excluded)
        {
            w.WriteLine($"!!! EXCLUDED for this person — predicted only for comparison; do not use:");
            foreach (var f in d.Findings.Where(f => f.Severity == SafetySeverity.Excluded)) w.WriteLine($"!!!   {f.Explanation} [{f.Rule}; {f.Source}]");
        }
        w.WriteLine($"Target: {p.Target.Description}.");
        w.WriteLine($"Twin: {p.Evidence}{(reused ? " (stored calibration)" : "")}.{(p.FromPopulationOnly ? " POPULATION PRIOR ONLY: these are population averages, not this person's response." : "")}");
        HealthJson.PrintHorizons(w, p);
        w.WriteLine($"Week-average home BP of {p.Samples} twin samples (seed {p.Seed}); 80% = 10th–90th percentile. {BpPrediction.IntervalCoverageText}");
        var cautions = d.Findings.Where(f => f.Severity != SafetySeverity.Excluded).ToList();
        if (cautions.Count > 0)
        {
            w.WriteLine("Safety cautions:");
            foreach (var f in cautions) w.WriteLine($"  {f.Explanation} [{f.Rule}; {f.Source}]");
        }
        else if (!d.Excluded) w.WriteLine("Safety: no rule excludes or cautions against this regimen for this person.");
        w.WriteLine("Side effects:");
        HealthJson.PrintSideEffects(w, d.SideEffects);
        if (who.Branch is null) w.WriteLine($"Patient {who.Origin}.");
        if (reportPath is not null) w.WriteLine($"Report: {reportPath}");
        w.WriteLine(HealthDisclaimer.Text);
    }
}
