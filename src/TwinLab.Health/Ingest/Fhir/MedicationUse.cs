using TwinLab.Health.Pharmacology;

namespace TwinLab.Health.Ingest.Fhir;

/// <summary>One drug taken at a daily dose over a span of days, as one statement or request says.</summary>
/// <param name="Drug">The drug.</param>
/// <param name="DoseMg">Total daily dose, mg.</param>
/// <param name="Start">First day.</param>
/// <param name="End">First day no longer taken; null while ongoing.</param>
/// <param name="Source"><c>file#MedicationStatement/id</c>.</param>
/// <param name="Order">Input order, to break ties between uses starting on the same day (the later one wins).</param>
internal sealed record MedicationUse(Drug Drug, double DoseMg, DateOnly Start, DateOnly? End, string Source, int Order);
