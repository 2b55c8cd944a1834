using TwinLab.Health.Patients;
using TwinLab.Health.Pharmacology;

namespace TwinLab.Health.Safety;

public static partial class SafetyRules
{
    /// <summary>From this age the very old need care with intensive treatment (NICE NG136: measure standing BP at 80 and over; ESC/ESH 2018: frail and very old).</summary>
    internal const int VeryOldAge = 80;

    /// <summary>The number of drugs from which postural hypotension is flagged in the very old (an assumption: triple therapy, as the clinicians specified).</summary>
    internal const int ManyDrugs = 3;

    private static void CheckAge(Regimen regimen, PatientProfile patient, DateOnly today, List<SafetyFinding> findings)
    {
        if (regimen.PillCount < ManyDrugs || patient.AgeOn(today) is not { } age || age < VeryOldAge) return;
        findings.Add(new SafetyFinding(
            "triple-therapy-at-80-or-over",
            SafetySeverity.Caution,
            $"{regimen} ({regimen.PillCount} drugs) at age {age}: people aged 80 or over are prone to postural hypotension and falls " +
            "on three or more drugs; measure standing as well as seated BP and step up slowly.",
            SafetySources.Of(SafetySources.NiceNg136, SafetySources.EscEsh2018)));
    }
}
