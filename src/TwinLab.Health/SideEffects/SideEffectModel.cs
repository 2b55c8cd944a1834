using TwinLab.Health.Patients;
using TwinLab.Health.Pharmacology;

namespace TwinLab.Health.SideEffects;

/// <summary>Side-effect probabilities of a regimen for a person: any symptom (Law 2003) and named, person-specific effects.</summary>
/// <remarks>
/// Every probability is in excess of placebo (what the drug adds), for the first months of treatment. Drugs combine
/// less than additively: Law MR et al., BMJ 2003;326:1427 found that the prevalence of symptoms with two drugs together
/// was less than the sum for each alone, but gives no formula; we take the drugs' side effects as independent,
/// 1 − Π(1 − pᵢ), which is always below the sum (an assumption consistent with, not fitted to, Law's finding).
/// Labs are the latest known. Pure and thread-safe.
/// </remarks>
public static partial class SideEffectModel
{
    /// <summary>The probability of any symptomatic side effect and of each named effect, most likely first.</summary>
    /// <param name="regimen">The regimen (the empty regimen has none).</param>
    /// <param name="patient">The person: conditions and labs change the named effects.</param>
    public static SideEffectEstimate Estimate(Regimen regimen, PatientProfile patient)
    {
        ArgumentNullException.ThrowIfNull(regimen);
        ArgumentNullException.ThrowIfNull(patient);
        if (regimen.IsEmpty) return new SideEffectEstimate(0, []);
        var any = CombineIndependent(regimen.Items.Select(i => Law2003Symptoms.Excess(i.Drug.Class, i.RelativeDose)));
        var context = new PersonContext(patient, regimen);
        var effects = regimen.Items
            .SelectMany(item => NamedEffects(item, context))
            .Where(e => e.Probability > 0)
            .GroupBy(e => e.Name)
            .Select(g => g.Count() == 1
                ? g.First()
                : new NamedSideEffect(g.Key, CombineIndependent(g.Select(e => e.Probability)),
                    string.Join(" + ", g.Select(e => e.Cause)), g.First().Source))
            .OrderByDescending(e => e.Probability)
            .ThenBy(e => e.Name, StringComparer.Ordinal)
            .ToArray();
        return new SideEffectEstimate(any, effects);
    }

    /// <summary>The probability that at least one of several independent effects occurs: 1 − Π(1 − pᵢ).</summary>
    internal static double CombineIndependent(IEnumerable<double> probabilities) =>
        1 - probabilities.Aggregate(1.0, (none, p) => none * (1 - Math.Clamp(p, 0, 1)));
}
