using TwinLab.Health.Patients;
using TwinLab.Health.Pharmacology;
using TwinLab.Health.Safety;

namespace TwinLab.Health.SideEffects;

/// <summary>What about a person and the rest of the regimen changes the named side effects of a drug.</summary>
internal sealed class PersonContext
{
    /// <summary>Reads the person's latest labs and conditions and the regimen's classes.</summary>
    public PersonContext(PatientProfile patient, Regimen regimen)
    {
        var labs = new PatientLabs(patient, DateOnly.MaxValue);
        Potassium = labs.Latest(LabKind.Potassium)?.Value;
        Egfr = labs.Egfr()?.Value;
        HeartRate = labs.HeartRate()?.Value;
        ChronicKidneyDisease = patient.Has(ConditionKind.ChronicKidneyDisease);
        Diabetes = patient.Has(ConditionKind.Diabetes);
        HeartFailure = patient.Has(ConditionKind.HeartFailure);
        GoutHistory = patient.EverHad(ConditionKind.Gout);
        WithRasBlocker = regimen.Items.Any(i => i.Drug.Class is DrugClass.AceInhibitor or DrugClass.Arb);
    }

    /// <summary>Latest potassium, mmol/L.</summary>
    public double? Potassium { get; }

    /// <summary>Latest eGFR, mL/min/1.73 m² (measured or from creatinine).</summary>
    public double? Egfr { get; }

    /// <summary>Latest resting heart rate, beats/min.</summary>
    public double? HeartRate { get; }

    /// <summary>Active chronic kidney disease.</summary>
    public bool ChronicKidneyDisease { get; }

    /// <summary>Active diabetes.</summary>
    public bool Diabetes { get; }

    /// <summary>Active heart failure.</summary>
    public bool HeartFailure { get; }

    /// <summary>Gout, ever.</summary>
    public bool GoutHistory { get; }

    /// <summary>Whether the regimen holds an ACE inhibitor or ARB.</summary>
    public bool WithRasBlocker { get; }
}
