using TwinLab.Health.Patients;

namespace TwinLab.Health.Ingest.Fhir;

/// <summary>
/// Which SNOMED CT and ICD-10 / ICD-10-CM codes name the conditions the twin uses.
/// </summary>
/// <remarks>
/// Sources: SNOMED CT International Edition (SNOMED International; concept ids as published in the browser) and ICD-10
/// (WHO, 2019) / ICD-10-CM (CDC NCHS, FY2025) chapters and categories. SNOMED codes are matched exactly (the listed
/// concept, not its descendants: we hold no terminology server, so common children such as CKD stages and the
/// myocardial-infarction types are listed); ICD-10 codes by category prefix, dots ignored. When no code matches, the
/// text is searched for keywords (our choice, listed in <see cref="FromText"/>).
/// </remarks>
internal static class ConditionCodes
{
    private static readonly Dictionary<string, ConditionKind> Snomed = new(StringComparer.Ordinal)
    {
        // Diabetes mellitus, type 2, type 1.
        ["73211009"] = ConditionKind.Diabetes, ["44054006"] = ConditionKind.Diabetes, ["46635009"] = ConditionKind.Diabetes,
        // Chronic kidney disease; stages 1, 2, 3, 3a, 3b, 4, 5; end-stage renal disease; chronic renal failure syndrome.
        ["709044004"] = ConditionKind.ChronicKidneyDisease, ["431855005"] = ConditionKind.ChronicKidneyDisease,
        ["431856006"] = ConditionKind.ChronicKidneyDisease, ["433144002"] = ConditionKind.ChronicKidneyDisease,
        ["700378005"] = ConditionKind.ChronicKidneyDisease, ["700379002"] = ConditionKind.ChronicKidneyDisease,
        ["431857002"] = ConditionKind.ChronicKidneyDisease, ["433146000"] = ConditionKind.ChronicKidneyDisease,
        ["46177005"] = ConditionKind.ChronicKidneyDisease, ["90688005"] = ConditionKind.ChronicKidneyDisease,
        // Heart failure, congestive heart failure, left heart failure, chronic congestive heart failure.
        ["84114007"] = ConditionKind.HeartFailure, ["42343007"] = ConditionKind.HeartFailure,
        ["85232009"] = ConditionKind.HeartFailure, ["88805009"] = ConditionKind.HeartFailure,
        // Asthma, childhood asthma.
        ["195967001"] = ConditionKind.Asthma, ["233678006"] = ConditionKind.Asthma,
        // Gout.
        ["90560007"] = ConditionKind.Gout,
        // Pregnant (finding), normal pregnancy.
        ["77386006"] = ConditionKind.Pregnancy, ["72892002"] = ConditionKind.Pregnancy,
        // Angioedema.
        ["41291007"] = ConditionKind.Angioedema,
        // Coronary arteriosclerosis, myocardial infarction, ischaemic heart disease, history of MI, angina, acute STEMI / NSTEMI.
        ["53741008"] = ConditionKind.CoronaryHeartDisease, ["22298006"] = ConditionKind.CoronaryHeartDisease,
        ["414545008"] = ConditionKind.CoronaryHeartDisease, ["399211009"] = ConditionKind.CoronaryHeartDisease,
        ["194828000"] = ConditionKind.CoronaryHeartDisease, ["401303003"] = ConditionKind.CoronaryHeartDisease,
        ["401314000"] = ConditionKind.CoronaryHeartDisease,
        // Bradycardia, atrioventricular block, complete atrioventricular block.
        ["48867003"] = ConditionKind.Bradycardia, ["233917008"] = ConditionKind.Bradycardia, ["27885002"] = ConditionKind.Bradycardia,
        // Renal artery stenosis.
        ["302233006"] = ConditionKind.RenalArteryStenosis,
    };

    // ICD-10 category prefixes, dots removed. E10–E14 diabetes (E12, E14 WHO only); N18 CKD; I50 heart failure; J45, J46
    // asthma (J46 WHO only); M10, M1A (ICD-10-CM chronic gout) gout; Z33 pregnant state and chapter XV O00–O9A pregnancy;
    // T78.3 angioneurotic oedema; I20–I25 ischaemic heart diseases; R00.1 bradycardia, I44 AV and bundle-branch block;
    // I70.1 atherosclerosis of renal artery.
    private static readonly (string Prefix, ConditionKind Kind)[] Icd10 =
    [
        ("E10", ConditionKind.Diabetes), ("E11", ConditionKind.Diabetes), ("E12", ConditionKind.Diabetes),
        ("E13", ConditionKind.Diabetes), ("E14", ConditionKind.Diabetes),
        ("N18", ConditionKind.ChronicKidneyDisease),
        ("I50", ConditionKind.HeartFailure),
        ("J45", ConditionKind.Asthma), ("J46", ConditionKind.Asthma),
        ("M10", ConditionKind.Gout), ("M1A", ConditionKind.Gout),
        ("Z33", ConditionKind.Pregnancy),
        ("T783", ConditionKind.Angioedema),
        ("I20", ConditionKind.CoronaryHeartDisease), ("I21", ConditionKind.CoronaryHeartDisease), ("I22", ConditionKind.CoronaryHeartDisease),
        ("I23", ConditionKind.CoronaryHeartDisease), ("I24", ConditionKind.CoronaryHeartDisease), ("I25", ConditionKind.CoronaryHeartDisease),
        ("R001", ConditionKind.Bradycardia), ("I44", ConditionKind.Bradycardia),
        ("I701", ConditionKind.RenalArteryStenosis),
    ];

    /// <summary>The condition a SNOMED CT code names, or null.</summary>
    public static ConditionKind? FromSnomed(string code) => Snomed.TryGetValue(code.Trim(), out var kind) ? kind : null;

    /// <summary>The condition an ICD-10 or ICD-10-CM code names (<c>E11.9</c>, <c>N18.3</c>, <c>O24.4</c>), or null.</summary>
    public static ConditionKind? FromIcd10(string code)
    {
        var c = code.Trim().ToUpperInvariant().Replace(".", "", StringComparison.Ordinal);
        if (c.Length >= 3 && c[0] == 'O' && (char.IsAsciiDigit(c[1]) || c.StartsWith("O9A", StringComparison.Ordinal))) return ConditionKind.Pregnancy;
        foreach (var (prefix, kind) in Icd10)
            if (c.StartsWith(prefix, StringComparison.Ordinal)) return kind;
        return null;
    }

    /// <summary>The condition named by keywords in a display or text (our fallback when no code is known), or null.</summary>
    public static ConditionKind? FromText(string text)
    {
        var t = text.ToLowerInvariant().Replace('-', ' ');
        bool Any(params string[] words) => words.Any(w => t.Contains(w, StringComparison.Ordinal));
        if (Any("prediabet", "pre diabet", "family history", "screening", "no history")) return null;
        if (Any("angioedema", "angio oedema", "angioneurotic")) return ConditionKind.Angioedema;
        if (Any("renal artery stenosis", "renovascular")) return ConditionKind.RenalArteryStenosis;
        if (Any("chronic kidney", "ckd", "chronic renal", "end stage renal", "kidney failure", "renal failure")) return ConditionKind.ChronicKidneyDisease;
        if (Any("heart failure", "cardiac failure")) return ConditionKind.HeartFailure;
        if (Any("diabet")) return ConditionKind.Diabetes;
        if (Any("asthma")) return ConditionKind.Asthma;
        if (Any("gout")) return ConditionKind.Gout;
        if (Any("pregnan")) return ConditionKind.Pregnancy;
        if (Any("coronary", "myocardial infarction", "angina", "ischemic heart", "ischaemic heart")) return ConditionKind.CoronaryHeartDisease;
        if (Any("bradycardia", "heart block", "av block", "atrioventricular block", "sick sinus")) return ConditionKind.Bradycardia;
        return null;
    }
}
