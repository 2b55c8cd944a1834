using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;
using TwinLab.Health.Patients;
using static TwinLab.Health.Ingest.Fhir.FhirCodes;
using Condition = TwinLab.Health.Patients.Condition;

namespace TwinLab.Health.Ingest.Fhir;

/// <summary>
/// Maps Condition resources (and AllergyIntolerance records of angioedema) to <see cref="Condition"/>s with
/// <see cref="ConditionCodes"/>. Conditions the twin does not use are noted and left out.
/// </summary>
/// <remarks>
/// clinicalStatus active, recurrence or relapse → active; inactive, remission or resolved → not active; without a
/// clinicalStatus a condition is active unless it has an abatement. verificationStatus entered-in-error or refuted →
/// skipped with a note. Onset is onsetDateTime or onsetPeriod.start.
/// </remarks>
internal static class FhirConditions
{
    /// <summary>Maps one Condition or AllergyIntolerance; null when it is not used.</summary>
    public static Condition? Map(FhirEntry entry, FhirLog log)
    {
        try
        {
            return entry.Resource switch
            {
                Hl7.Fhir.Model.Condition condition => MapCondition(entry, condition, log),
                AllergyIntolerance allergy => MapAllergy(entry, allergy, log),
                _ => null,
            };
        }
        catch (CodedException e)
        {
            log.Problem(entry, $"cannot be read: {e.Message}");
            return null;
        }
    }

    private static Condition? MapCondition(FhirEntry entry, Hl7.Fhir.Model.Condition condition, FhirLog log)
    {
        var verification = condition.VerificationStatus?.Coding.OfType<Hl7.Fhir.Model.Coding>().Select(c => c.Code).FirstOrDefault(c => c is not null);
        if (verification is "entered-in-error" or "refuted")
        {
            log.Note(entry, $"verificationStatus '{verification}': skipped");
            return null;
        }
        var (kind, code) = Classify(condition.Code);
        if (kind is null)
        {
            log.Unused("Condition", Describe(condition.Code));
            return null;
        }
        var clinical = condition.ClinicalStatus?.Coding.OfType<Hl7.Fhir.Model.Coding>().Select(c => c.Code).FirstOrDefault(c => c is not null);
        var active = clinical switch
        {
            "active" or "recurrence" or "relapse" => true,
            "inactive" or "remission" or "resolved" => false,
            _ => condition.Abatement is null,
        };
        DateOnly? onset = TryDate(condition.Onset switch { FhirDateTime dt => dt.Value, Period p => p.Start, _ => null }, out var d) ? d : null;
        return new Condition(kind.Value, Describe(condition.Code), code, onset, active);
    }

    /// <summary>An allergy or intolerance whose reaction is angioedema (such as to an ACE inhibitor) is a past angioedema.</summary>
    private static Condition? MapAllergy(FhirEntry entry, AllergyIntolerance allergy, FhirLog log)
    {
        var verification = allergy.VerificationStatus?.Coding.OfType<Hl7.Fhir.Model.Coding>().Select(c => c.Code).FirstOrDefault(c => c is not null);
        if (verification is "entered-in-error" or "refuted") return null;
        foreach (var manifestation in allergy.Reaction.SelectMany(r => r.Manifestation))
        {
            var (kind, code) = Classify(manifestation);
            if (kind != ConditionKind.Angioedema) continue;
            DateOnly? onset = TryDate(allergy.Onset switch { FhirDateTime dt => dt.Value, Period p => p.Start, _ => allergy.RecordedDate }, out var d) ? d : null;
            var display = $"{Describe(manifestation)} (reaction to {Describe(allergy.Code)})";
            log.Note(entry, $"angioedema recorded as a reaction to {Describe(allergy.Code)}: kept as a condition");
            return new Condition(ConditionKind.Angioedema, display, code, onset, true);
        }
        return null;
    }

    /// <summary>The kind a concept names (SNOMED CT, then ICD-10(-CM), then keywords) with the code that decided it.</summary>
    internal static (ConditionKind? Kind, string Code) Classify(CodeableConcept? concept)
    {
        if (concept is null) return (null, "");
        foreach (var coding in concept.Coding.OfType<Hl7.Fhir.Model.Coding>().Where(c => !string.IsNullOrWhiteSpace(c.Code)))
        {
            if (coding.System == Snomed && ConditionCodes.FromSnomed(coding.Code!) is { } s) return (s, $"{coding.System}|{coding.Code}");
            if (FhirCodes.Icd10.Contains(coding.System) && ConditionCodes.FromIcd10(coding.Code!) is { } i) return (i, $"{coding.System}|{coding.Code}");
        }
        var first = concept.Coding.OfType<Hl7.Fhir.Model.Coding>().FirstOrDefault(c => !string.IsNullOrWhiteSpace(c.Code));
        var code = first is null ? "" : $"{first.System}|{first.Code}";
        foreach (var text in concept.Coding.OfType<Hl7.Fhir.Model.Coding>().Select(c => c.Display).Prepend(concept.Text))
        {
            if (!string.IsNullOrWhiteSpace(text) && ConditionCodes.FromText(text) is { } k) return (k, code);
        }
        return (null, code);
    }
}
