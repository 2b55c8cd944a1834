using TwinLab.Health.Patients;
using TwinLab.Health.Pharmacology;

namespace TwinLab.Health.Safety;

/// <summary>
/// The safety rules a clinician expects before a regimen is started for a person: combinations that must not be given,
/// drugs contraindicated by a condition, and the potassium, kidney and heart-rate checks a class needs.
/// </summary>
/// <remarks>
/// Rules are enforced, not merely scored: a finding of severity <see cref="SafetySeverity.Excluded"/> means the regimen
/// is never recommended. Each finding names the drugs and the condition or lab value behind it, and cites its source
/// (ACC/AHA 2017, NICE NG136, ESC/ESH 2018, the BNF, ONTARGET, the product labels). Labs are read as of the given day;
/// a lab measured later does not count. Thread-safe (pure functions).
/// </remarks>
public static partial class SafetyRules
{
    /// <summary>Every safety finding for a regimen in a person on a day, exclusions first, then cautions, each in rule order.</summary>
    /// <param name="regimen">The regimen considered (the empty regimen has no findings).</param>
    /// <param name="patient">The person: conditions, labs, readings and age.</param>
    /// <param name="today">The day of the decision: labs after it are ignored, and "the last 12 months" ends on it.</param>
    public static IReadOnlyList<SafetyFinding> Check(Regimen regimen, PatientProfile patient, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(regimen);
        ArgumentNullException.ThrowIfNull(patient);
        if (regimen.IsEmpty) return [];
        var labs = new PatientLabs(patient, today);
        var findings = new List<SafetyFinding>();
        CheckCombinations(regimen, findings);
        CheckPregnancy(regimen, patient, findings);
        CheckChildbearingAge(regimen, patient, today, findings);
        CheckConditions(regimen, patient, findings);
        CheckPotassium(regimen, labs, findings);
        CheckKidney(regimen, patient, labs, findings);
        CheckMonitoring(regimen, labs, today, findings);
        CheckHeartRate(regimen, patient, labs, findings);
        CheckAge(regimen, patient, today, findings);
        CheckFirstLine(regimen, patient, findings);
        return findings.OrderByDescending(f => f.Severity).ToArray();
    }

    /// <summary>Whether any finding excludes the regimen.</summary>
    public static bool IsExcluded(IReadOnlyList<SafetyFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        return findings.Any(f => f.Severity == SafetySeverity.Excluded);
    }
}
