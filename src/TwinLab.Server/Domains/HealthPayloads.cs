using System.Globalization;
using System.Text.Json.Nodes;
using TwinLab.Health.Calibration;
using TwinLab.Health.Patients;
using TwinLab.Health.Pharmacology;
using TwinLab.Health.Prediction;
using TwinLab.Health.Recommendation;
using TwinLab.Health.Safety;
using TwinLab.Health.SideEffects;

namespace TwinLab.Server.Domains;

/// <summary>The JSON of the hypertension endpoints. Blood pressures are mmHg, probabilities fractions in [0, 1].</summary>
internal static class HealthPayloads
{
    /// <summary>The units every answer names.</summary>
    public static JsonObject Units() => new()
    {
        ["bloodPressure"] = "mmHg",
        ["probability"] = "fraction 0–1",
        ["dose"] = "mg per day",
        ["pulse"] = "beats/min",
        ["sensitivity"] = "multiple of the Law 2003 population effect (1 = average)",
    };

    /// <summary>A finite number, or null (JSON has no NaN).</summary>
    public static JsonNode? Num(double value, int? digits = null) =>
        double.IsFinite(value) ? JsonValue.Create(digits is { } d ? Math.Round(value, d) : value) : null;

    public static string Date(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    public static JsonObject Bp(BpChange bp, int digits = 1) => new() { ["systolic"] = Num(bp.Systolic, digits), ["diastolic"] = Num(bp.Diastolic, digits) };

    public static JsonObject Regimen(Regimen r) => new()
    {
        ["text"] = r.ToString(),
        ["pills"] = r.PillCount,
        ["drugs"] = new JsonArray([.. r.Items.Select(i => (JsonNode)new JsonObject
        {
            ["drug"] = i.Drug.Name, ["class"] = i.Drug.Class.Name(), ["doseMg"] = i.DoseMg, ["relativeDose"] = Num(i.RelativeDose, 3),
        })]),
    };

    public static string Unit(LabKind kind) => kind switch
    {
        LabKind.Potassium => "mmol/L",
        LabKind.Creatinine => "µmol/L",
        LabKind.Egfr => "mL/min/1.73 m²",
        LabKind.HeartRate => "beats/min",
        _ => "",
    };

    /// <summary>Who the patient is, what they take, their readings and medication history.</summary>
    public static JsonObject Profile(PatientProfile p)
    {
        var today = p.Readings.Count > 0 ? p.Readings[^1].Day : (DateOnly?)null;
        return new JsonObject
        {
            ["id"] = p.Id,
            ["name"] = p.Name,
            ["birthDate"] = p.BirthDate is { } b ? Date(b) : null,
            ["ageAtLastReading"] = today is { } t ? p.AgeOn(t) : null,
            ["sex"] = p.Sex.ToString().ToLowerInvariant(),
            ["conditions"] = new JsonArray([.. p.Conditions.Select(c => (JsonNode)new JsonObject
            {
                ["kind"] = c.Kind.ToString(), ["display"] = c.Display, ["active"] = c.Active, ["onset"] = c.Onset is { } o ? Date(o) : null,
            })]),
            ["labs"] = new JsonArray([.. p.Labs.Select(l => (JsonNode)new JsonObject
            {
                ["kind"] = l.Kind.ToString(), ["value"] = Num(l.Value), ["unit"] = Unit(l.Kind), ["time"] = Time(l.Time),
            })]),
            ["currentRegimen"] = Regimen(p.CurrentRegimen),
            ["medication"] = new JsonArray([.. p.Medication.Select(m => (JsonNode)new JsonObject
            {
                ["regimen"] = Regimen(m.Regimen), ["start"] = Date(m.Start), ["end"] = m.End is { } e ? Date(e) : null, ["source"] = m.Source,
            })]),
            ["readings"] = new JsonObject
            {
                ["count"] = p.Readings.Count,
                ["home"] = p.Readings.Count(r => r.Setting == ReadingSetting.Home),
                ["office"] = p.Readings.Count(r => r.Setting == ReadingSetting.Clinic),
                ["first"] = p.Readings.Count > 0 ? Time(p.Readings[0].Time) : null,
                ["last"] = p.Readings.Count > 0 ? Time(p.Readings[^1].Time) : null,
                ["items"] = new JsonArray([.. p.Readings.Select(r => (JsonNode)new JsonObject
                {
                    ["time"] = Time(r.Time),
                    ["systolic"] = Num(r.Systolic),
                    ["diastolic"] = Num(r.Diastolic),
                    ["pulse"] = r.Pulse is { } pulse ? Num(pulse) : null,
                    ["setting"] = r.Setting == ReadingSetting.Home ? "home" : "office",
                })]),
            },
        };
    }

    public static JsonObject Estimate(BpEstimate e) => new()
    {
        ["mean"] = Bp(e.Mean), ["sd"] = Bp(e.Sd), ["lower80"] = Bp(e.Lower80), ["upper80"] = Bp(e.Upper80),
    };

    /// <summary>The calibration's summary: untreated BP and each class's sensitivity with 80% intervals, the evidence, the warnings.</summary>
    public static JsonObject Calibration(CalibrationResult c, string source, DateTimeOffset? savedAt) => new()
    {
        ["source"] = source,
        ["savedAt"] = savedAt is { } s ? s.ToString("O", CultureInfo.InvariantCulture) : null,
        ["fromPopulationOnly"] = c.FromPopulationOnly,
        ["evidence"] = c.Evidence,
        ["untreatedHome"] = Estimate(c.Untreated),
        ["classes"] = new JsonArray([.. c.Classes.Select(k => (JsonNode)new JsonObject
        {
            ["class"] = k.ClassName,
            ["mean"] = Num(k.Mean, 3),
            ["sd"] = Num(k.Sd, 3),
            ["lower80"] = Num(k.Lower80, 3),
            ["upper80"] = Num(k.Upper80, 3),
            ["priorSd"] = Num(k.PriorSd, 3),
            ["standardDoseEffect"] = Estimate(k.StandardDoseEffect),
            ["daysOfEvidence"] = k.DaysOfEvidence,
            ["basis"] = k.Basis == SensitivityBasis.Data ? "readings" : "population prior",
        })]),
        ["readingsUsed"] = c.ReadingsUsed,
        ["daysUsed"] = c.DaysUsed,
        ["officeReadingsExcluded"] = c.ClinicReadingsExcluded,
        ["firstDay"] = c.FirstDay is { } f ? Date(f) : null,
        ["lastDay"] = c.LastDay is { } l ? Date(l) : null,
        ["regimenChanges"] = c.RegimenChanges,
        ["noise"] = new JsonObject
        {
            ["residualSd"] = Bp(c.Noise.ResidualSd),
            ["modelSd"] = Bp(c.Noise.ModelSd),
            ["fromOwnReadings"] = c.Noise.FromOwnReadings,
            ["lag1Autocorrelation"] = Num(c.Noise.Lag1Autocorrelation, 3),
        },
        ["warnings"] = new JsonArray([.. c.Warnings.Select(w => (JsonNode)new JsonObject { ["code"] = w.Code, ["message"] = w.Message })]),
    };

    public static JsonObject Target(BpTarget t) => new()
    {
        ["name"] = t.Name, ["home"] = Bp(t.Home), ["description"] = t.Description,
    };

    public static JsonObject Finding(SafetyFinding f) => new()
    {
        ["rule"] = f.Rule, ["severity"] = f.Severity == SafetySeverity.Excluded ? "excluded" : "caution", ["explanation"] = f.Explanation, ["source"] = f.Source,
    };

    public static JsonArray Findings(IEnumerable<SafetyFinding> findings) => new([.. findings.Select(f => (JsonNode)Finding(f))]);

    public static JsonObject SideEffects(SideEffectEstimate s) => new()
    {
        ["anySymptomatic"] = Num(s.AnySymptomatic, 4),
        ["effects"] = new JsonArray([.. s.Effects.Select(e => (JsonNode)new JsonObject
        {
            ["name"] = e.Name, ["probability"] = Num(e.Probability, 4), ["cause"] = e.Cause, ["source"] = e.Source,
        })]),
    };

    public static JsonObject Range(PredictedRange r) => new() { ["median"] = Num(r.Median, 1), ["low80"] = Num(r.Low, 1), ["high80"] = Num(r.High, 1) };

    /// <summary>A prediction: the week averages at the reported weeks (80% intervals, noise included) and the daily trajectory
    /// with 80% and 95% bands (posterior only).</summary>
    public static JsonObject Prediction(BpPrediction p, TrajectoryBands bands) => new()
    {
        ["regimen"] = Regimen(p.Regimen),
        ["startDay"] = Date(p.StartDay),
        ["horizons"] = new JsonArray([.. p.Horizons.Select(h => (JsonNode)new JsonObject
        {
            ["week"] = h.Weeks,
            ["firstDay"] = Date(h.FirstDay),
            ["lastDay"] = Date(h.LastDay),
            ["systolic"] = Range(h.Systolic),
            ["diastolic"] = Range(h.Diastolic),
            ["probabilityAtTarget"] = Num(h.ProbabilityAtTarget, 4),
        })]),
        ["trajectory"] = new JsonObject
        {
            ["days"] = new JsonArray([.. bands.Days.Select(d => (JsonNode)Date(d))]),
            ["systolic"] = Series(bands.Systolic),
            ["diastolic"] = Series(bands.Diastolic),
        },
    };

    private static JsonObject Series(BandSeries s)
    {
        static JsonArray Values(double[] v) => new([.. v.Select(x => Num(x, 2))]);
        return new JsonObject
        {
            ["median"] = Values(s.Median), ["low80"] = Values(s.Low80), ["high80"] = Values(s.High80), ["low95"] = Values(s.Low95), ["high95"] = Values(s.High95),
        };
    }

    public static JsonObject Score(ScoreParts s) => new()
    {
        ["total"] = Num(s.Total, 4),
        ["target"] = Num(s.Target, 4),
        ["speed"] = Num(s.Speed, 4),
        ["sideEffects"] = Num(s.SideEffects, 4),
        ["cautions"] = Num(s.Cautions, 4),
        ["pills"] = Num(s.Pills, 4),
    };

    /// <summary>The exclusions grouped by rule: how many regimens each rule removed, with an example and why.</summary>
    public static JsonArray Exclusions(Recommendation r) => new([.. r.ExclusionsByRule
        .OrderByDescending(x => x.Value).ThenBy(x => x.Key, StringComparer.Ordinal)
        .Select(x =>
        {
            var example = r.Excluded.First(e => e.Findings.Any(f => f.Rule == x.Key));
            var finding = example.Findings.First(f => f.Rule == x.Key);
            return (JsonNode)new JsonObject
            {
                ["rule"] = x.Key,
                ["regimens"] = x.Value,
                ["example"] = example.Regimen.ToString(),
                ["explanation"] = finding.Explanation,
                ["source"] = finding.Source,
            };
        })]);
}
