namespace TwinLab.Health.Pharmacology;

/// <summary>The parameters of one person's blood-pressure response: what calibration estimates and simulation uses.</summary>
/// <param name="UntreatedHome">True mean home BP without treatment (the average of morning and evening, as home-BP guidelines average them), mmHg.</param>
/// <param name="Sensitivity">
/// Per class, the person's effect as a multiple of the population effect (1 = the Law 2003 average for their BP);
/// applied to systolic and diastolic alike. Indexed by <see cref="DrugClass"/>.
/// </param>
public sealed record PatientPhysiology(BpChange UntreatedHome, IReadOnlyList<double> Sensitivity)
{
    /// <summary>A person with the population's average response to every class.</summary>
    public static PatientPhysiology Average(BpChange untreatedHome) =>
        new(untreatedHome, Enumerable.Repeat(1.0, DrugClassNames.All.Count).ToArray());

    /// <summary>The sensitivity to one class.</summary>
    public double SensitivityTo(DrugClass drugClass) => Sensitivity[(int)drugClass];
}
