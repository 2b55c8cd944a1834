using System.Globalization;
using Hl7.Fhir.Model;

namespace TwinLab.Health.Ingest.Fhir;

/// <summary>Code systems, LOINC codes and small readers shared by the FHIR mappers.</summary>
internal static class FhirCodes
{
    /// <summary>LOINC.</summary>
    public const string Loinc = "http://loinc.org";

    /// <summary>SNOMED CT.</summary>
    public const string Snomed = "http://snomed.info/sct";

    /// <summary>RxNorm (U.S. National Library of Medicine).</summary>
    public const string RxNorm = "http://www.nlm.nih.gov/research/umls/rxnorm";

    /// <summary>ICD-10-CM (U.S.) and ICD-10 (WHO) as FHIR names them.</summary>
    public static readonly string[] Icd10 = ["http://hl7.org/fhir/sid/icd-10-cm", "http://hl7.org/fhir/sid/icd-10"];

    // LOINC codes (Regenstrief Institute, LOINC; the FHIR R4 vital-signs profile names 85354-9, 8480-6, 8462-4, 8867-4).
    /// <summary>Blood pressure panel (85354-9) and "Blood pressure systolic and diastolic" (55284-4).</summary>
    public static readonly string[] BpPanel = ["85354-9", "55284-4"];
    /// <summary>Systolic blood pressure.</summary>
    public const string Systolic = "8480-6";
    /// <summary>Diastolic blood pressure.</summary>
    public const string Diastolic = "8462-4";
    /// <summary>Heart rate.</summary>
    public const string HeartRate = "8867-4";
    /// <summary>Potassium in serum or plasma (2823-3), in blood (6298-4).</summary>
    public static readonly string[] Potassium = ["2823-3", "6298-4"];
    /// <summary>Creatinine, mass concentration in serum/plasma (2160-0) and in blood (38483-4).</summary>
    public static readonly string[] CreatinineMass = ["2160-0", "38483-4"];
    /// <summary>Creatinine, molar concentration in serum/plasma.</summary>
    public static readonly string[] CreatinineMolar = ["14682-9"];
    /// <summary>eGFR: MDRD (33914-3, 48642-3 non-black, 48643-1 black), CKD-EPI (62238-1, 69405-9), CKD-EPI 2021 (98979-8).</summary>
    public static readonly string[] Egfr = ["33914-3", "48642-3", "48643-1", "62238-1", "98979-8", "69405-9"];
    /// <summary>Pregnancy status.</summary>
    public const string PregnancyStatus = "82810-3";

    /// <summary>The codes of a concept in a system.</summary>
    /// <remarks>Here and wherever codings are read, null entries are skipped (<c>OfType</c>): a resource read past a
    /// shape error can hold them, and found by fuzzing, <c>"coding": [null]</c> was a NullReferenceException.</remarks>
    public static IEnumerable<string> Codes(CodeableConcept? concept, string system) =>
        concept?.Coding.OfType<Hl7.Fhir.Model.Coding>().Where(c => c.System == system && !string.IsNullOrWhiteSpace(c.Code)).Select(c => c.Code!.Trim()) ?? [];

    /// <summary>Whether a concept has one of the LOINC codes.</summary>
    public static bool HasLoinc(CodeableConcept? concept, params string[] codes) => Codes(concept, Loinc).Any(codes.Contains);

    /// <summary>The concept as people read it: its text, else the first display, else the first code.</summary>
    public static string Describe(CodeableConcept? concept)
    {
        if (concept is null) return "(no code)";
        if (!string.IsNullOrWhiteSpace(concept.Text)) return concept.Text.Trim();
        var coding = concept.Coding.OfType<Hl7.Fhir.Model.Coding>().FirstOrDefault(c => !string.IsNullOrWhiteSpace(c.Display)) ?? concept.Coding.OfType<Hl7.Fhir.Model.Coding>().FirstOrDefault();
        return coding is null ? "(no code)" : !string.IsNullOrWhiteSpace(coding.Display) ? $"{coding.Display.Trim()} ({Short(coding.System)} {coding.Code})" : $"{Short(coding.System)} {coding.Code}";
    }

    /// <summary>A short name of a code system for messages.</summary>
    public static string Short(string? system) => system switch
    {
        Loinc => "LOINC",
        Snomed => "SNOMED CT",
        RxNorm => "RxNorm",
        "http://hl7.org/fhir/sid/icd-10-cm" => "ICD-10-CM",
        "http://hl7.org/fhir/sid/icd-10" => "ICD-10",
        null or "" => "no system",
        _ => system,
    };

    /// <summary>A coded primitive (status, gender) as written, without throwing on codes the SDK does not know.</summary>
    public static string? Code(PrimitiveType? element) => element?.JsonValue?.ToString()?.Trim().ToLowerInvariant();

    /// <summary>A unit (the UCUM code, else the human-readable unit) normalised for comparison: lower case, no spaces,
    /// braces or underscores, µ written u, ² written 2.</summary>
    public static string Unit(Quantity quantity)
    {
        var raw = !string.IsNullOrWhiteSpace(quantity.Code) ? quantity.Code : quantity.Unit ?? "";
        return NormaliseUnit(raw);
    }

    /// <summary>See <see cref="Unit"/>.</summary>
    public static string NormaliseUnit(string raw)
    {
        var chars = raw.Trim().ToLowerInvariant().Replace('µ', 'u').Replace('μ', 'u').Replace('²', '2')
            .Where(c => c is not (' ' or '{' or '}' or '_'));
        return new string([.. chars]);
    }

    /// <summary>The unit as the file wrote it, for messages.</summary>
    public static string UnitText(Quantity quantity) =>
        !string.IsNullOrWhiteSpace(quantity.Code) ? quantity.Code : !string.IsNullOrWhiteSpace(quantity.Unit) ? quantity.Unit : "(no unit)";

    /// <summary>Reads a FHIR date or dateTime as a calendar date (the date as written, whatever the offset).</summary>
    public static bool TryDate(string? text, out DateOnly date)
    {
        date = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var t = text.Trim();
        string[] formats = ["yyyy-MM-dd", "yyyy-MM", "yyyy"];
        var head = t.Length >= 10 ? t[..10] : t;
        if (DateTime.TryParseExact(head, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            date = DateOnly.FromDateTime(d);
            return true;
        }
        return false;
    }

    /// <summary>Reads a FHIR dateTime or instant keeping the offset it gives; a date without a time of day is read at 12:00
    /// with offset 0 (<paramref name="hasTime"/> false).</summary>
    public static bool TryTime(string? text, out DateTimeOffset time, out bool hasTime)
    {
        time = default;
        hasTime = false;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var t = text.Trim();
        if (t.Contains('T'))
        {
            hasTime = true;
            return DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);
        }
        if (!TryDate(t, out var date)) return false;
        time = new DateTimeOffset(date.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
        return true;
    }

    /// <summary>The start of an effective[x] (dateTime, instant or Period start), as text.</summary>
    public static string? EffectiveStart(DataType? effective) => effective switch
    {
        FhirDateTime dt => dt.Value,
        Instant instant => instant.Value?.ToString("o", CultureInfo.InvariantCulture),
        Period period => period.Start,
        _ => null,
    };

    /// <summary>A number for messages.</summary>
    public static string N(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
