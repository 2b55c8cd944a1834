namespace TwinLab.Health.Patients;

/// <summary>A condition the person has or had.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Display">How the source named it (a SNOMED CT / ICD-10 display or the profile's text).</param>
/// <param name="Code">The source's code with its system, such as <c>http://snomed.info/sct|44054006</c>; empty when none.</param>
/// <param name="Onset">When it began, if known.</param>
/// <param name="Active">Whether it is current (a resolved condition is kept for the history; pregnancy only counts while active).</param>
public sealed record Condition(ConditionKind Kind, string Display, string Code, DateOnly? Onset, bool Active);
