using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Core.History;
using TwinLab.Core.Twins;
using TwinLab.Health.Calibration;
using TwinLab.Health.Models;
using TwinLab.Health.Patients;
using TwinLab.Health.Pharmacology;
using TwinLab.Health.Twin;

namespace TwinLab.Sync.Drift.Hypertension;

/// <summary>
/// What the hypertension twin knows about one person, for predicting single home readings: the stored profile
/// (medication history, readings) and its calibration (the posterior over untreated BP and class sensitivities, and the
/// person's noise), with the mean home BP and its posterior variance day by day.
/// </summary>
/// <remarks>
/// The mean on a day is the calibration's model: untreated − Σ_c s_c·e_c(d), where e_c(d) is class c's home effect at
/// sensitivity 1 on that day under the recorded medication, with build-up and wash-out
/// (<see cref="BpResponse.DailyEffects"/>), at the posterior mean's untreated BP. Its posterior variance is gᵀΣg with
/// g = ∂mean/∂θ = [1, 0, −e_1, …] for systolic (the delta method; the small dependence of e_c on the untreated BP through
/// Law 2003's pretreatment factor is left out).
/// </remarks>
internal sealed class HypertensionBasis
{
    private readonly Dictionary<DateOnly, (BpChange Mean, BpChange Variance)> _days = [];
    private readonly RegimenPeriod[][] _byClass;
    private readonly PatientPhysiology _unit;

    private HypertensionBasis(string stateTwinId, PatientProfile profile, CalibrationResult calibration, DateTimeOffset savedAt)
    {
        StateTwinId = stateTwinId;
        Profile = profile;
        Calibration = calibration;
        Basis = $"calibration stored {savedAt:yyyy-MM-dd'T'HH:mm:ss'Z'}";
        Offset = profile.Readings.Count > 0 ? profile.Readings[^1].Time.Offset : TimeSpan.Zero;
        LastReading = profile.Readings.Count > 0 ? profile.Readings[^1].Time : DateTimeOffset.MinValue;
        var posterior = calibration.Posterior;
        _unit = PatientPhysiology.Average(new BpChange(posterior.Mean[0], posterior.Mean[1]));
        _byClass = [.. DrugClassNames.All.Select(c => profile.Medication
            .Select(p => p with { Regimen = new Regimen(p.Regimen.Items.Where(i => i.Drug.Class == c)) })
            .Where(p => p.Regimen.Items.Count > 0)
            .ToArray())];
    }

    /// <summary>The blood-pressure state twin.</summary>
    public string StateTwinId { get; }

    /// <summary>The stored profile.</summary>
    public PatientProfile Profile { get; }

    /// <summary>The calibration.</summary>
    public CalibrationResult Calibration { get; }

    /// <summary>What forecasts rest on: when the calibration was stored.</summary>
    public string Basis { get; }

    /// <summary>The person's UTC offset (their wall clock), from their last reading.</summary>
    public TimeSpan Offset { get; }

    /// <summary>The time of the profile's last reading: readings up to it are the calibration's own data.</summary>
    public DateTimeOffset LastReading { get; }

    /// <summary>The noise the calibration used (the person's own when they had enough days).</summary>
    public NoiseModel Noise => Calibration.Noise.Used;

    /// <summary>The variance of the slow drift the calibration modelled (zero when none), shared by the readings of a day.</summary>
    public BpChange DriftVariance => Calibration.Noise.DriftSd is { } d ? new BpChange(d.Systolic * d.Systolic, d.Diastolic * d.Diastolic) : BpChange.Zero;

    /// <summary>Loads the twin of a blood-pressure state twin: its patient (over the <c>hasState</c> relationship), the stored
    /// profile and its calibration, calibrating now (and storing it, as the CLI does) when none fits the stored profile.</summary>
    /// <exception cref="TwinLabException">No patient links to the twin, or no profile is stored for that patient.</exception>
    public static HypertensionBasis Load(TwinService service, GraphSnapshot graph, string stateTwinId, TimeProvider time)
    {
        var patientId = PatientIdOf(graph, stateTwinId);
        var profile = new HealthTwinStore(service, time).LoadProfile(patientId)
            ?? throw new TwinLabException(ErrorCodes.InvalidArgument,
                $"Twin '{stateTwinId}': no stored profile for patient '{patientId}'; import the patient with 'twinlab health import'.");
        var calibration = HealthCalibrationStore.Load(service, profile, BranchInfo.Main);
        if (calibration is null)
        {
            calibration = PatientCalibration.Calibrate(profile);
            HealthCalibrationStore.Save(service, profile, BranchInfo.Main, calibration, time);
        }
        var saved = HealthCalibrationStore.SavedAt(service, profile.Id, BranchInfo.Main) ?? time.GetUtcNow();
        return new HypertensionBasis(stateTwinId, profile, calibration, saved);
    }

    /// <summary>Whether a patient twin points at the state twin with <c>hasState</c>.</summary>
    public static bool HasPatient(GraphSnapshot graph, string stateTwinId) =>
        graph.IncomingOf(stateTwinId).Any(r => r.Name == HealthModels.HasState && graph.Twins.ContainsKey(r.SourceId));

    /// <summary>The patient id of the patient twin whose <c>hasState</c> relationship points at the state twin.</summary>
    /// <exception cref="TwinLabException">None does, or it has no <c>patientId</c>.</exception>
    public static string PatientIdOf(GraphSnapshot graph, string stateTwinId)
    {
        foreach (var r in graph.IncomingOf(stateTwinId))
        {
            if (r.Name != HealthModels.HasState || !graph.Twins.TryGetValue(r.SourceId, out var patient)) continue;
            if (patient.Properties.TryGetValue("patientId", out var id) && id.Value.ValueKind == System.Text.Json.JsonValueKind.String)
                return id.Value.GetString()!;
        }
        throw new TwinLabException(ErrorCodes.InvalidArgument,
            $"Twin '{stateTwinId}': no patient twin points at it with '{HealthModels.HasState}'; import the patient with 'twinlab health import'.");
    }

    /// <summary>The person's local wall-clock time of a reading.</summary>
    public DateTimeOffset Local(DateTimeOffset time) => time.ToOffset(Offset);

    /// <summary>The predicted mean of a single home reading at a (local) time, before any reading of that day is known,
    /// and the posterior variance of the day's mean.</summary>
    public (BpChange Mean, BpChange PosteriorVariance) Marginal(DateTimeOffset local)
    {
        var day = DateOnly.FromDateTime(local.DateTime);
        var (mean, variance) = Day(day);
        return (mean + Noise.TimeOfDayOffset(local.Hour < 12), variance);
    }

    private (BpChange Mean, BpChange Variance) Day(DateOnly day)
    {
        if (_days.TryGetValue(day, out var known)) return known;
        var posterior = Calibration.Posterior;
        var n = PhysiologyPosterior.Dimension;
        var gs = new double[n];
        var gd = new double[n];
        gs[PhysiologyPosterior.SystolicIndex] = 1;
        gd[PhysiologyPosterior.DiastolicIndex] = 1;
        var mean = new BpChange(posterior.Mean[0], posterior.Mean[1]);
        foreach (var c in DrugClassNames.All)
        {
            var history = _byClass[(int)c];
            if (history.Length == 0) continue;
            var unit = BpResponse.DailyEffects(history, _unit, day, 1)[0];
            var i = PhysiologyPosterior.SensitivityIndex(c);
            mean -= unit * Math.Max(0.05, posterior.Mean[i]);
            gs[i] = -unit.Systolic;
            gd[i] = -unit.Diastolic;
        }
        var result = (mean, new BpChange(Quadratic(posterior.Covariance, gs), Quadratic(posterior.Covariance, gd)));
        if (_days.Count > 4096) _days.Clear();
        _days[day] = result;
        return result;
    }

    private static double Quadratic(double[,] m, double[] g)
    {
        var sum = 0.0;
        for (var i = 0; i < g.Length; i++)
        {
            if (g[i] == 0) continue;
            for (var j = 0; j < g.Length; j++) sum += g[i] * m[i, j] * g[j];
        }
        return Math.Max(0, sum);
    }
}
