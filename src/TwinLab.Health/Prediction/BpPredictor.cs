using TwinLab.Core.Errors;
using TwinLab.Health.Calibration;
using TwinLab.Health.Patients;
using TwinLab.Health.Pharmacology;

namespace TwinLab.Health.Prediction;

/// <summary>
/// Predicts a person's home blood pressure under a regimen: the week-average at chosen weeks as a distribution, the
/// probability of reaching the target, and the day-by-day trajectory for plotting.
/// </summary>
/// <remarks>
/// The person's recorded medication is followed up to the start day; from then on the regimen is taken: drugs no longer
/// in it wash out while new ones build up, and a drug in both keeps going (at its new dose) — <see cref="BpResponse.DailyEffects"/>.
/// Uncertainty comes from <see cref="PhysiologyPosterior.Sample"/> (<see cref="PredictionOptions.Samples"/> people) and
/// from the noise of the readings a week average is made of; see <see cref="BpPrediction.IntervalCoverageText"/>.
/// Same inputs and seed → same prediction. Thread-safe (no shared state).
/// </remarks>
public static class BpPredictor
{
    /// <summary>Predicts one regimen for a person.</summary>
    /// <param name="patient">The person: their medication history and readings (the last reading sets the default start day).</param>
    /// <param name="posterior">What the twin believes about the person's untreated BP and drug sensitivities.</param>
    /// <param name="regimen">The regimen from the start day (<see cref="Regimen.None"/> to stop everything).</param>
    /// <param name="options">Start day, weeks, samples, seed, target and noise; null for <see cref="PredictionOptions.Default"/>.</param>
    /// <exception cref="TwinLabException">No start day is given and the person has no readings or medication to take it from.</exception>
    public static BpPrediction Predict(PatientProfile patient, PhysiologyPosterior posterior, Regimen regimen, PredictionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(regimen);
        return new PredictionEngine(patient, posterior, options ?? PredictionOptions.Default).Predict(regimen);
    }

    /// <summary>
    /// The day a new regimen starts when the options give none: the day after the last reading, or else the day after the
    /// start of the last medication period.
    /// </summary>
    /// <exception cref="TwinLabException">Neither exists.</exception>
    public static DateOnly ResolveStartDay(PatientProfile patient, PredictionOptions options)
    {
        if (options.StartDay is { } day) return day;
        if (patient.Readings.Count > 0) return patient.Readings.Max(r => r.Day).AddDays(1);
        if (patient.Medication.Count > 0) return patient.Medication.Max(p => p.Start).AddDays(1);
        throw new TwinLabException(ErrorCodes.InvalidArgument,
            $"patient '{patient.Id}': no readings or medication to date the prediction from; give a start day");
    }
}
