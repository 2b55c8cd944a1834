using System.Globalization;
using System.Text.Json;
using TwinLab.Core.History;
using TwinLab.Core.Twins;
using TwinLab.Health.Calibration;
using TwinLab.Health.Models;
using TwinLab.Health.Patients;
using TwinLab.Health.Twin;

namespace TwinLab.Sync.Drift.Hypertension;

/// <summary>
/// The hypertension twin's prediction of each home blood-pressure reading (systolic and diastolic telemetry of a
/// <c>BloodPressureState</c> twin): the calibrated mean home BP under the recorded medication for that day and time of
/// day, with a 95% interval for a single reading.
/// </summary>
/// <remarks>
/// <para>A single reading = the day's mean + a day effect (the person's day-to-day variation, and the slow drift when the
/// calibration modelled one) + measurement error, with the calibration's own noise estimates (<see cref="NoiseSummary"/>).
/// Its predictive variance adds the posterior variance of the day's mean (<see cref="HypertensionBasis"/>). Morning and
/// evening readings of one day share the day effect (for the default noise their correlation is about 0.78), so the
/// second reading of a day is predicted given the first: the day effect's conditional mean τ²Σr/(nτ² + σ²) and variance
/// τ²σ²/(nτ² + σ²) for n earlier residuals r of that day (the normal random-effects result). The residuals the CUSUM sums
/// are then one-step prediction errors, independent while the twin fits, as the CUSUM's false-alarm rate assumes.</para>
/// <para>Readings up to the last one in the calibrated profile are the calibration's own data and are not judged; clinic
/// readings (<c>setting: clinic</c>) are not judged either (the twin predicts home readings).</para>
/// <para>Re-calibration (<see cref="Recalibrate"/>) runs the same calibration as <c>twinlab health calibrate</c> on the
/// home readings from the one that raised the drift on (Page's change point is an estimate, and readings from before
/// the change would bias the new level), once they cover 7 days (ESH 2021 practice guidelines for home monitoring: 7
/// days of morning and evening readings), and stores it with the profile, which gains the readings that arrived as
/// telemetry. The twin then explains the new level with the recorded medication; if the cause is a change of medication
/// (stopped, new dose), importing the new record lets the calibration use it instead.</para>
/// </remarks>
public sealed class HypertensionPredictor(TimeProvider? time = null) : IDriftPredictor
{
    /// <summary>Days of home readings since the change needed before re-calibrating (ESH 2021: 7 days).</summary>
    public const int RecalibrationDays = 7;

    /// <summary>
    /// The false-alarm spacing the rule is set for: 3,650 readings, five years of morning and evening readings per
    /// series (h ≈ 7). A false alarm costs a clinician's time, and a real change of 15 mmHg is still found within about a
    /// week of readings (the tests check both); the default 465 readings would raise one every eight months.
    /// </summary>
    public const double FalseAlarmEvery = 3650;

    private static readonly CusumRule Rule = CusumRule.ForFalseAlarmEvery(FalseAlarmEvery);

    // A stored calibration changed by another process (the CLI) is seen within this time.
    private static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(30);

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Dictionary<string, (HypertensionBasis Basis, DateTimeOffset Loaded)> _cache = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public string Name => "hypertension";

    /// <inheritdoc />
    public bool CanRecalibrate => true;

    /// <inheritdoc />
    public CusumRule RuleFor(string twinId, string? component, string telemetry) => Rule;

    /// <summary>The systolic and diastolic readings of a <c>BloodPressureState</c> twin that a patient twin points at with
    /// <c>hasState</c> (as <c>twinlab health import</c> makes them); a state twin of its own (a ward's cuff) is not
    /// covered, as no calibrated person stands behind it.</summary>
    public bool Covers(Twin twin, string? component, string telemetry, DriftContext context) =>
        component is null && telemetry is "systolic" or "diastolic"
        && context.Graph.Models.IsAssignableTo(twin.ModelId, HealthModels.BloodPressureState)
        && HypertensionBasis.HasPatient(context.Graph, twin.Id);

    /// <inheritdoc />
    public DriftForecast? Predict(DriftReading reading, IReadOnlyList<DriftResidual> recent, DriftContext context)
    {
        if (reading.Message.TryGetValue("setting", out var setting) && setting.ValueKind == JsonValueKind.String
            && string.Equals(setting.GetString(), "clinic", StringComparison.OrdinalIgnoreCase)) return null;
        var twin = BasisOf(reading.TwinId, context);
        if (reading.Time <= twin.LastReading) return null;
        var local = twin.Local(reading.Time);

        var systolic = reading.Telemetry == "systolic";
        double Pick(Health.Pharmacology.BpChange v) => systolic ? v.Systolic : v.Diastolic;
        var (mean, posterior) = twin.Marginal(local);
        var dayToDay = Pick(twin.Noise.DayToDay);
        var measurement = Pick(twin.Noise.Measurement);
        var shared = dayToDay * dayToDay + Pick(twin.DriftVariance);
        var error = measurement * measurement;

        // Earlier readings of the same day tell the day effect (all readings of a day share it).
        var day = DateOnly.FromDateTime(local.DateTime);
        var n = 0;
        var sum = 0.0;
        foreach (var r in recent)
        {
            if (r.Time >= reading.Time) continue;
            var earlier = twin.Local(r.Time);
            if (DateOnly.FromDateTime(earlier.DateTime) != day) continue;
            n++;
            sum += r.Value - Pick(twin.Marginal(earlier).Mean);
        }
        var dayMean = n == 0 ? 0 : shared * sum / (n * shared + error);
        var dayVariance = n == 0 ? shared : shared * error / (n * shared + error);
        var sd = Math.Sqrt(Pick(posterior) + dayVariance + error);
        return new NormalForecast(Pick(mean) + dayMean, sd) { Basis = twin.Basis };
    }

    /// <inheritdoc />
    public DriftRecalibration Recalibrate(DriftRecalibrationRequest request, DriftContext context)
    {
        var twin = HypertensionBasis.Load(context.Service, context.Graph, request.TwinId, _time);
        var profile = twin.Profile;
        var arrived = ArrivedReadings(context, twin, request.Until);
        var all = profile.Readings.Concat(arrived).OrderBy(r => r.Time).ToList();
        var window = all.Where(r => r.Time >= request.DetectedAt && r.Setting == ReadingSetting.Home).ToList();
        var days = window.Select(r => r.Day).Distinct().Count();
        if (days < RecalibrationDays)
            return DriftRecalibration.Pending(string.Create(CultureInfo.InvariantCulture,
                $"waiting for home readings on {RecalibrationDays} days since the drift was detected on {twin.Local(request.DetectedAt):yyyy-MM-dd} (ESH 2021 home monitoring); {days} so far"));

        var updated = profile with { Readings = all };
        var calibration = PatientCalibration.Calibrate(profile with { Readings = window });
        new HealthTwinStore(context.Service, _time).SaveProfile(updated);
        HealthCalibrationStore.Save(context.Service, updated, BranchInfo.Main, calibration, _time);
        Forget(request.TwinId);
        var u = calibration.Untreated;
        return new DriftRecalibration(true, string.Create(CultureInfo.InvariantCulture,
            $"re-calibrated from {window.Count} home readings on {days} days since the drift was detected on {twin.Local(request.DetectedAt):yyyy-MM-dd}: untreated home BP {u.Mean.Systolic:0}/{u.Mean.Diastolic:0} mmHg under {profile.CurrentRegimen}; stored with the patient"),
            window[0].Time, window.Count);
    }

    /// <inheritdoc />
    public void Forget(string twinId) => _cache.Remove(twinId);

    private HypertensionBasis BasisOf(string twinId, DriftContext context)
    {
        var now = _time.GetUtcNow();
        if (_cache.TryGetValue(twinId, out var cached) && now - cached.Loaded < CacheLifetime) return cached.Basis;
        var basis = HypertensionBasis.Load(context.Service, context.Graph, twinId, _time);
        _cache[twinId] = (basis, now);
        return basis;
    }

    /// <summary>The readings that arrived as telemetry after the profile's last reading, up to <paramref name="until"/>
    /// (a message needs systolic and diastolic).</summary>
    private static List<BpReading> ArrivedReadings(DriftContext context, HypertensionBasis twin, DateTimeOffset until)
    {
        var points = context.Service.ReadTelemetry(twin.StateTwinId, null, twin.LastReading.AddTicks(1), until.AddTicks(1));
        var result = new List<BpReading>();
        foreach (var message in points.GroupBy(p => p.Timestamp))
        {
            double? sys = null, dia = null, pulse = null;
            var setting = ReadingSetting.Home;
            var source = "telemetry";
            foreach (var p in message)
            {
                switch (p.Name)
                {
                    case "systolic" when p.Value.ValueKind == JsonValueKind.Number: sys = p.Value.GetDouble(); break;
                    case "diastolic" when p.Value.ValueKind == JsonValueKind.Number: dia = p.Value.GetDouble(); break;
                    case "pulse" when p.Value.ValueKind == JsonValueKind.Number: pulse = p.Value.GetDouble(); break;
                    case "setting" when p.Value.ValueKind == JsonValueKind.String && string.Equals(p.Value.GetString(), "clinic", StringComparison.OrdinalIgnoreCase):
                        setting = ReadingSetting.Clinic;
                        break;
                    case "source" when p.Value.ValueKind == JsonValueKind.String: source = p.Value.GetString() ?? source; break;
                }
            }
            if (sys is { } s && dia is { } d) result.Add(new BpReading(twin.Local(message.Key), s, d, pulse, setting, source));
        }
        return result;
    }
}
