using System.Globalization;
using System.Text.RegularExpressions;
using Hl7.Fhir.Model;
using TwinLab.Health.Pharmacology;
using static TwinLab.Health.Ingest.Fhir.FhirCodes;

namespace TwinLab.Health.Ingest.Fhir;

/// <summary>A medicinal product as a FHIR concept names it: the catalogue drugs in it, each with its strength per
/// tablet when the name gives one.</summary>
/// <param name="Name">The product's name as written.</param>
/// <param name="Parts">Its catalogue drugs (two for a combination tablet); empty when none is known.</param>
internal sealed partial record MedicationProduct(string Name, IReadOnlyList<(Drug Drug, double? StrengthMg)> Parts)
{
    /// <summary>
    /// Reads a medication concept: the display texts (RxNorm clinical drugs such as "amlodipine 5 MG Oral Tablet" or
    /// "lisinopril 10 MG / hydrochlorothiazide 12.5 MG Oral Tablet", or plain text "Lisinopril 10mg") are searched for
    /// catalogue drugs and strengths; an RxNorm ingredient code without a usable display is looked up by its RxCUI.
    /// </summary>
    public static MedicationProduct Read(CodeableConcept concept, DrugCatalogue catalogue)
    {
        var rxDisplays = concept.Coding.Where(c => c.System == RxNorm).Select(c => c.Display);
        var texts = rxDisplays.Append(concept.Text).Concat(concept.Coding.Select(c => c.Display))
            .Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t!.Trim()).Distinct().ToList();
        var name = texts.FirstOrDefault() ?? Describe(concept);
        foreach (var text in texts)
        {
            var parts = FromText(text, catalogue);
            if (parts.Count > 0) return new MedicationProduct(text, parts);
        }
        foreach (var code in Codes(concept, RxNorm))
        {
            if (catalogue.FindByRxNorm(code) is { } drug) return new MedicationProduct(name == "(no code)" ? $"RxNorm {code} ({drug.Name})" : name, [(drug, null)]);
        }
        return new MedicationProduct(name, []);
    }

    /// <summary>The drugs and strengths in a product name; parts of a combination are separated by " / " or "+".</summary>
    internal static List<(Drug Drug, double? StrengthMg)> FromText(string text, DrugCatalogue catalogue)
    {
        var result = new List<(Drug, double?)>();
        foreach (var part in PartSeparator().Split(text))
        {
            if (catalogue.FindInText(part) is not { } drug || result.Any(r => r.Item1 == drug)) continue;
            var m = Strength().Match(part);
            double? strength = m.Success ? double.Parse(m.Groups["mg"].Value, CultureInfo.InvariantCulture) : null;
            result.Add((drug, strength));
        }
        return result;
    }

    /// <summary>Whether a name looks like a blood-pressure-lowering drug the catalogue lacks (by INN stem, WHO "The use of
    /// stems in the selection of INNs": -pril ACE inhibitors, -sartan ARBs, -olol/-alol beta-blockers, -dipine CCBs,
    /// -thiazide diuretics; plus other classes named one by one).</summary>
    public static bool LooksAntihypertensive(string name) => AntihypertensiveWord().IsMatch(name);

    [GeneratedRegex(@"\s+/\s+|\s*\+\s*")]
    private static partial Regex PartSeparator();

    [GeneratedRegex(@"(?<mg>[0-9]+(?:\.[0-9]+)?)\s*mg\b(?!\s*/)", RegexOptions.IgnoreCase)]
    private static partial Regex Strength();

    [GeneratedRegex(@"\b\w*(pril|sartan|olol|alol|dipine|thiazide|zosin)\b|\b(clonidine|moxonidine|methyldopa|spironolactone|eplerenone|hydralazine|minoxidil|diltiazem|verapamil|furosemide|torsemide|bumetanide|amiloride|triamterene|aliskiren|sacubitril|metolazone)\b", RegexOptions.IgnoreCase)]
    private static partial Regex AntihypertensiveWord();
}
