namespace TwinLab.Health.Patients;

/// <summary>Administrative sex as FHIR records it.</summary>
public enum Sex
{
    /// <summary>Not recorded.</summary>
    Unknown,
    /// <summary>Female.</summary>
    Female,
    /// <summary>Male.</summary>
    Male,
    /// <summary>Other.</summary>
    Other,
}
