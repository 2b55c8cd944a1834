using System.Text.Json.Serialization;
using TwinLab.Health.Pharmacology;

namespace TwinLab.Health.Calibration;

/// <summary>What calibration learned about a person's response to one drug class.</summary>
/// <param name="Class">The class.</param>
/// <param name="ClassName">Its short name (<c>ccb</c>, <c>ace-inhibitor</c>…).</param>
/// <param name="Mean">Posterior mean sensitivity (1 = the Law 2003 population effect for the person's BP).</param>
/// <param name="Sd">Posterior SD of the sensitivity.</param>
/// <param name="Lower80">Lower end of its central 80% interval.</param>
/// <param name="Upper80">Upper end of its central 80% interval.</param>
/// <param name="PriorSd">The population prior's SD, for comparison.</param>
/// <param name="StandardDoseEffect">
/// The implied steady-state home BP reduction at the class's standard dose (positive mmHg), with its interval: the
/// sensitivity's interval times the Law 2003 effect at the estimated untreated BP (the untreated BP's own uncertainty is
/// left out, being small beside the sensitivity's).
/// </param>
/// <param name="DaysOfEvidence">Days with readings on which the class was acting (including build-up and wash-out).</param>
/// <param name="Basis">Whether the readings informed it or it is the prior.</param>
public sealed record ClassSensitivity(
    [property: JsonConverter(typeof(JsonStringEnumConverter<DrugClass>))] DrugClass Class,
    string ClassName,
    double Mean,
    double Sd,
    double Lower80,
    double Upper80,
    double PriorSd,
    BpEstimate StandardDoseEffect,
    int DaysOfEvidence,
    [property: JsonConverter(typeof(JsonStringEnumConverter<SensitivityBasis>))] SensitivityBasis Basis);
