using TwinLab.Health.Patients;

namespace TwinLab.Health.Calibration;

/// <summary>
/// Fits a person's twin: a Bayesian update of the population prior over [untreated systolic, untreated diastolic,
/// sensitivity per class] from their home readings before and after their regimen changes.
/// </summary>
/// <remarks>
/// <para>Model, per day d with readings: daily mean of (reading − time-of-day offset) = untreated − Σ_c s_c · e_c(d) + day
/// noise + measurement noise / √n, where e_c(d) is the class's home effect at sensitivity 1 on that day, with build-up and
/// wash-out (<see cref="Pharmacology.BpResponse.DailyEffects"/>). Systolic and diastolic share the sensitivities. Given
/// e_c this is linear-Gaussian, so the posterior is the closed-form conjugate update; because e_c grows with the
/// untreated BP (Law 2003's pretreatment dependence) the update is repeated with e_c recomputed at the new estimate.</para>
/// <para>Robustness: with enough days the day-to-day and measurement SDs, the sys/dia noise correlation and the
/// morning-minus-evening difference are estimated from the person's own readings and used; a slow drift of the BP
/// (season, weight, adherence) is modelled as an AR(1) state in a Kalman filter when the marginal likelihood supports it,
/// and otherwise autocorrelated residuals inflate the noise (long-run variance); either widens the intervals and is
/// reported.</para>
/// <para>Clinic readings are left out unless <see cref="CalibrationOptions.IncludeClinicReadings"/>. With no medication
/// history the readings are taken as untreated, and every class keeps its population prior (the result says so).</para>
/// <para>Deterministic and thread-safe: no randomness, no shared state.</para>
/// </remarks>
public static class PatientCalibration
{
    /// <summary>Calibrates the twin of <paramref name="patient"/>.</summary>
    /// <exception cref="Core.Errors.TwinLabException">The options are invalid (code InvalidArgument).</exception>
    public static CalibrationResult Calibrate(PatientProfile patient, CalibrationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(patient);
        options ??= CalibrationOptions.Default;
        options.Validate();
        var clinicOnly = !options.IncludeClinicReadings && patient.Readings.Count > 0
            && patient.Readings.All(r => r.Setting == ReadingSetting.Clinic);
        if (!clinicOnly) return new CalibrationRun(patient, options).Run();
        // Clinic readings only (common in health records): leaving them out would put the population's BP in place of the
        // person's, so they are used — converted to home values, with the extra white-coat spread — and the result says so.
        var result = new CalibrationRun(patient, options with { IncludeClinicReadings = true }).Run();
        return result with
        {
            Warnings = [new CalibrationWarning(CalibrationWarningCodes.ClinicReadingsOnly,
                $"No home readings: the {patient.Readings.Count} clinic reading{(patient.Readings.Count == 1 ? " was" : "s were")} used instead, converted to home values with ACC/AHA 2017 Table 11 and an extra white-coat spread; home readings would make the twin much surer."),
                .. result.Warnings],
        };
    }
}
