using System.Globalization;
using System.Text.Json.Nodes;
using TwinLab.Core.Application;
using TwinLab.Core.History;
using TwinLab.Health.Calibration;
using TwinLab.Health.Ingest;
using TwinLab.Health.Patients;
using TwinLab.Health.Prediction;
using TwinLab.Health.Recommendation;
using TwinLab.Health.Reporting;
using TwinLab.Health.Twin;

namespace TwinLab.Cli.Commands;

/// <summary>
/// The demo's patient study: imports Maria's FHIR bundle and home-monitor CSV from <c>examples/health/maria-fhir</c>
/// into the demo database, calibrates her twin, tries every allowed regimen on it and writes the report with the BP
/// trajectories under the top regimens. Fewer posterior samples than the CLI's default keep it to a few seconds.
/// </summary>
internal static class HealthDemo
{
    private const int Samples = 300;
    private const ulong Seed = 20261120;

    internal sealed record Outcome(
        PatientProfile Patient, HealthImportResult Import, CalibrationResult Calibration, Recommendation Recommendation, string ReportPath);

    public static Outcome Run(TwinService service, WriteContext context, string examplesRoot, string resultsRoot)
    {
        var folder = Path.Combine(examplesRoot, "health", "maria-fhir");
        var import = HealthImport.Import(folder);
        var patient = import.Profiles.Single();
        new HealthTwinStore(service).Import(patient, BranchInfo.Main, context);
        var calibration = PatientCalibration.Calibrate(patient);
        HealthCalibrationStore.Save(service, patient, BranchInfo.Main, calibration);
        var recommendation = RegimenRecommender.Recommend(patient, calibration.Posterior, new RecommendOptions
        {
            Prediction = new PredictionOptions { Samples = Samples, Seed = Seed },
            TopCount = 3,
        });
        var reportPath = Path.Combine(resultsRoot, "health", "report.html");
        HealthReport.WriteHtml(HealthRecommendVerb.Report(patient, calibration, recommendation,
            $"Imported from {folder}; {Samples} twin samples per regimen, seed {Seed}"), reportPath);
        return new Outcome(patient, import, calibration, recommendation, reportPath);
    }

    public static JsonObject Json(Outcome o)
    {
        var top = o.Recommendation.TopChoices.FirstOrDefault();
        return new JsonObject
        {
            ["disclaimer"] = HealthDisclaimer.Text,
            ["patient"] = o.Patient.Id,
            ["readingsAccepted"] = o.Import.Counts.Accepted,
            ["readingsRejected"] = o.Import.Counts.RejectedTotal,
            ["currentRegimen"] = o.Patient.CurrentRegimen.ToString(),
            ["fromPopulationOnly"] = o.Calibration.FromPopulationOnly,
            ["sensitivities"] = new JsonObject(o.Calibration.Classes.Select(c => KeyValuePair.Create(c.ClassName, (JsonNode?)new JsonObject
            {
                ["mean"] = c.Mean, ["lower80"] = c.Lower80, ["upper80"] = c.Upper80, ["fromReadings"] = c.Basis == SensitivityBasis.Data,
            }))),
            ["regimensSearched"] = o.Recommendation.Searched,
            ["regimensExcluded"] = o.Recommendation.Excluded.Count,
            ["top"] = new JsonArray([.. o.Recommendation.TopChoices.Select(c => (JsonNode)new JsonObject
            {
                ["rank"] = c.Rank, ["regimen"] = c.Best.Regimen.ToString(), ["probabilityAtTarget"] = c.Best.ProbabilityAtTarget,
                ["sideEffects"] = c.Best.SideEffects.AnySymptomatic, ["pills"] = c.Best.PillCount,
            })]),
            ["best"] = top?.Best.Regimen.ToString(),
            ["currentProbabilityAtTarget"] = o.Recommendation.Current.Prediction.Horizons.Count > 0 ? o.Recommendation.Current.Prediction.Horizons[^1].ProbabilityAtTarget : null,
            ["report"] = o.ReportPath,
        };
    }

    public static void Print(TextWriter w, Outcome o, string dbPath)
    {
        var c = o.Calibration;
        var p = o.Patient;
        w.WriteLine($"The hypertension twin (examples/health/maria-fhir): {p.Name} — {o.Import.Counts.Accepted} readings from her FHIR bundle and Omron CSV, on {p.CurrentRegimen}.");
        w.WriteLine($"  calibrated: untreated home BP {c.Untreated.Mean.Systolic.ToString("0", CultureInfo.InvariantCulture)}/{c.Untreated.Mean.Diastolic.ToString("0", CultureInfo.InvariantCulture)} mmHg; response " +
            string.Join(", ", c.Classes.Where(x => x.Basis == SensitivityBasis.Data).Select(x => $"{x.ClassName} {x.Mean.ToString("0.00", CultureInfo.InvariantCulture)} (80%: {x.Lower80.ToString("0.00", CultureInfo.InvariantCulture)}–{x.Upper80.ToString("0.00", CultureInfo.InvariantCulture)})")) +
            " × the population average; other classes at the population prior.");
        var r = o.Recommendation;
        var current = r.Current.Prediction.Horizons.Count > 0 ? r.Current.Prediction.Horizons[^1].ProbabilityAtTarget : double.NaN;
        w.WriteLine($"  {r.Searched:N0} regimens tried on her twin ({r.Excluded.Count:N0} excluded by safety rules); current regimen P(target) {HealthJson.Pct(current)}; top choices:");
        foreach (var choice in r.TopChoices)
            w.WriteLine($"    #{choice.Rank} {choice.Best.Regimen}: P(target) {HealthJson.Pct(choice.Best.ProbabilityAtTarget)}, side effects {HealthJson.Pct(choice.Best.SideEffects.AnySymptomatic)}, {choice.Best.PillCount} pills");
        w.WriteLine($"  Report (readings, calibration, BP trajectories under the top regimens): {o.ReportPath}");
        w.WriteLine($"  Try: twinlab --db {dbPath} health predict maria --regimen \"amlodipine 10mg + lisinopril 10mg\"");
        w.WriteLine($"  {HealthDisclaimer.Text}");
    }
}
