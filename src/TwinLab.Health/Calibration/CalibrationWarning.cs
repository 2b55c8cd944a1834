namespace TwinLab.Health.Calibration;

/// <summary>Something the readings could not support, or looked wrong, and what calibration did about it.</summary>
/// <param name="Code">A stable code: see <see cref="CalibrationWarningCodes"/>.</param>
/// <param name="Message">What is missing or odd and the fallback used, in a clinician's words.</param>
public sealed record CalibrationWarning(string Code, string Message);

/// <summary>The codes of <see cref="CalibrationWarning"/>.</summary>
public static class CalibrationWarningCodes
{
    /// <summary>No medication history, or no reading taken on treatment: the population priors are used for every class.</summary>
    public const string PopulationPriorOnly = "population-prior-only";
    /// <summary>No usable readings at all.</summary>
    public const string NoReadings = "no-readings";
    /// <summary>Few days of readings: the untreated BP and the noise rest mostly on the model.</summary>
    public const string FewReadings = "few-readings";
    /// <summary>Readings were taken on one regimen only: the response cannot be told apart from the untreated BP.</summary>
    public const string NoRegimenChange = "no-regimen-change";
    /// <summary>There were no home readings, so the clinic readings were used (converted to home values).</summary>
    public const string ClinicReadingsOnly = "clinic-readings-only";

    /// <summary>Clinic readings were left out.</summary>
    public const string ClinicReadingsExcluded = "clinic-readings-excluded";
    /// <summary>The residuals scatter much more or less than the noise model says.</summary>
    public const string NoiseMismatch = "noise-mismatch";
    /// <summary>The daily residuals are autocorrelated (slow drift): intervals were widened.</summary>
    public const string AutocorrelatedResiduals = "autocorrelated-residuals";
    /// <summary>The person's morning-minus-evening difference is far from the noise model's.</summary>
    public const string MorningEveningDifference = "morning-evening-difference";
}
