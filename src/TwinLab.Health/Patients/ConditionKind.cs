namespace TwinLab.Health.Patients;

/// <summary>The conditions that change which drugs are safe or how they act.</summary>
public enum ConditionKind
{
    /// <summary>Diabetes mellitus (type 1 or 2).</summary>
    Diabetes,
    /// <summary>Chronic kidney disease.</summary>
    ChronicKidneyDisease,
    /// <summary>Heart failure.</summary>
    HeartFailure,
    /// <summary>Asthma.</summary>
    Asthma,
    /// <summary>Gout.</summary>
    Gout,
    /// <summary>Pregnancy (current).</summary>
    Pregnancy,
    /// <summary>Angioedema, in particular after an ACE inhibitor.</summary>
    Angioedema,
    /// <summary>Coronary heart disease or a past myocardial infarction.</summary>
    CoronaryHeartDisease,
    /// <summary>Bradycardia or heart block.</summary>
    Bradycardia,
    /// <summary>Bilateral renal artery stenosis.</summary>
    RenalArteryStenosis,
}
