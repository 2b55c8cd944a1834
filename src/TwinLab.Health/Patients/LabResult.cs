namespace TwinLab.Health.Patients;

/// <summary>The laboratory values and vital signs the safety rules read.</summary>
public enum LabKind
{
    /// <summary>Serum potassium, mmol/L (LOINC 2823-3 / 6298-4).</summary>
    Potassium,
    /// <summary>Serum creatinine, µmol/L (LOINC 2160-0 in mg/dL is converted: × 88.4).</summary>
    Creatinine,
    /// <summary>Estimated glomerular filtration rate, mL/min/1.73 m² (LOINC 33914-3, 48642-3, 62238-1, 98979-8).</summary>
    Egfr,
    /// <summary>Resting heart rate, beats/min (LOINC 8867-4).</summary>
    HeartRate,
}

/// <summary>One measured value.</summary>
/// <param name="Kind">What was measured.</param>
/// <param name="Value">The value in the unit <see cref="LabKind"/> names.</param>
/// <param name="Time">When.</param>
/// <param name="Source">Where it came from (file and resource id or row).</param>
public sealed record LabResult(LabKind Kind, double Value, DateTimeOffset Time, string Source);
