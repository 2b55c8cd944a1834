using System.Text.Json.Serialization;

namespace TwinLab.Health.Calibration;

/// <summary>A twin fitted to one person: the posterior over their physiology and the evidence behind it.</summary>
/// <param name="PatientId">The person's id.</param>
/// <param name="Posterior">The posterior (for prediction and recommendation; not serialised — the summaries below are).</param>
/// <param name="FromPopulationOnly">True when no response to treatment informed the sensitivities (the population priors).</param>
/// <param name="Evidence">What informed it, in one line.</param>
/// <param name="Untreated">The estimated untreated mean home BP (average of morning and evening).</param>
/// <param name="Classes">Per class, the calibrated sensitivity, in <c>DrugClass</c> order.</param>
/// <param name="ReadingsUsed">Readings used.</param>
/// <param name="DaysUsed">Days with at least one reading used.</param>
/// <param name="ClinicReadingsExcluded">Clinic readings left out (see <see cref="CalibrationOptions.IncludeClinicReadings"/>).</param>
/// <param name="FirstDay">First day with a reading used; null when none.</param>
/// <param name="LastDay">Last day with a reading used; null when none.</param>
/// <param name="RegimenChanges">Changes of regimen within the days of readings (a start counts).</param>
/// <param name="Noise">The residual scatter against the noise model, and the noise used.</param>
/// <param name="Warnings">What the readings could not support.</param>
public sealed record CalibrationResult(
    string PatientId,
    [property: JsonIgnore] PhysiologyPosterior Posterior,
    bool FromPopulationOnly,
    string Evidence,
    BpEstimate Untreated,
    IReadOnlyList<ClassSensitivity> Classes,
    int ReadingsUsed,
    int DaysUsed,
    int ClinicReadingsExcluded,
    DateOnly? FirstDay,
    DateOnly? LastDay,
    int RegimenChanges,
    NoiseSummary Noise,
    IReadOnlyList<CalibrationWarning> Warnings)
{
    /// <summary>The statement every output carries.</summary>
    public const string Disclaimer = "Decision support for clinicians, not medical advice.";

    /// <summary>The disclaimer, as a property so that JSON output carries it too.</summary>
    public string Notice => Disclaimer;

    /// <summary>A short plain-text report a clinician can read.</summary>
    public string ToText() => CalibrationReportText.Write(this);
}
