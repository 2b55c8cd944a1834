namespace TwinLab.Health.Pharmacology;

/// <summary>The drugs the twin knows, at least two per class, with their standard doses and time courses.</summary>
/// <remarks>
/// Standard doses are the usual daily maintenance doses (the "standard dose" of Law et al., BMJ 2003;326:1427, which took
/// it from the British National Formulary); thiazide-type doses are chosen to be roughly equipotent (chlorthalidone is
/// 1.5–2× as potent as hydrochlorothiazide per mg). Half-lives and times to full effect are from the product labels
/// (FDA prescribing information, summarised in /work/shared/references/hypertension.md); where a label gives a range
/// the middle is taken. Where no source gives a wash-out time it is taken equal to the time to full effect.
/// RxNorm ids are the ingredient concepts (RxCUI, U.S. National Library of Medicine).
/// </remarks>
public sealed class DrugCatalogue
{
    private readonly Dictionary<string, Drug> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Drug> _byRxNorm = new(StringComparer.Ordinal);

    /// <summary>Creates a catalogue of the given drugs.</summary>
    /// <exception cref="ArgumentException">Two drugs share a name, an alias or an RxNorm id.</exception>
    public DrugCatalogue(IEnumerable<Drug> drugs)
    {
        var all = new List<Drug>();
        foreach (var drug in drugs)
        {
            foreach (var name in drug.Aliases.Prepend(drug.Name))
            {
                if (!_byName.TryAdd(name, drug)) throw new ArgumentException($"The name '{name}' is used twice.", nameof(drugs));
            }
            if (drug.RxNormIngredient.Length > 0 && !_byRxNorm.TryAdd(drug.RxNormIngredient, drug))
                throw new ArgumentException($"The RxNorm id '{drug.RxNormIngredient}' is used twice.", nameof(drugs));
            all.Add(drug);
        }
        All = all;
    }

    /// <summary>Every drug, in catalogue order.</summary>
    public IReadOnlyList<Drug> All { get; }

    /// <summary>The drugs of one class.</summary>
    public IEnumerable<Drug> OfClass(DrugClass drugClass) => All.Where(d => d.Class == drugClass);

    /// <summary>Finds a drug by generic name or alias (case-insensitive), or null.</summary>
    public Drug? Find(string name) => _byName.GetValueOrDefault(name.Trim());

    /// <summary>Finds a drug by its RxNorm ingredient id, or null.</summary>
    public Drug? FindByRxNorm(string rxcui) => _byRxNorm.GetValueOrDefault(rxcui.Trim());

    /// <summary>
    /// Finds the drug named in free text such as a FHIR display "Amlodipine 5 MG Oral Tablet" or "Zestril 10mg":
    /// the first word (or alias) that names a catalogue drug; null when none does.
    /// </summary>
    public Drug? FindInText(string text)
    {
        foreach (var word in text.Split([' ', '\t', ',', ';', '/', '(', ')', '-'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (_byName.TryGetValue(word, out var drug)) return drug;
        }
        return null;
    }

    /// <summary>The default catalogue: 16 drugs in the five classes.</summary>
    public static DrugCatalogue Default { get; } = new(
    [
        // Thiazide-type diuretics. Labels: hydrochlorothiazide t½ 6–15 h, full effect 2–4 weeks; chlorthalidone t½ 40–60 h,
        // 1.5–2× the potency of hydrochlorothiazide; indapamide t½ 14–18 h, 2.5 mg daily (BNF).
        new("hydrochlorothiazide", DrugClass.Thiazide, 25, 10, 21, 21, "5487", false, ["hctz", "microzide", "esidrix"], "label: t½ 6–15 h, full effect 2–4 weeks"),
        new("chlorthalidone", DrugClass.Thiazide, 12.5, 50, 21, 21, "2409", false, ["chlortalidone", "hygroton", "thalitone"], "label: t½ 40–60 h, full effect 2–4 weeks"),
        new("indapamide", DrugClass.Thiazide, 2.5, 16, 21, 21, "5764", false, ["natrilix", "lozol"], "label: t½ 14–18 h; BNF 2.5 mg daily"),
        // Beta-blockers. Labels: atenolol t½ 6–7 h, full effect 1–2 weeks; metoprolol t½ 3–4 h; bisoprolol t½ 10–12 h;
        // propranolol t½ 3–6 h, non-selective (BNF 80 mg twice daily).
        new("atenolol", DrugClass.BetaBlocker, 50, 6.5, 14, 14, "1202", true, ["tenormin"], "label: t½ 6–7 h, full effect 1–2 weeks"),
        new("metoprolol", DrugClass.BetaBlocker, 100, 3.5, 14, 14, "6918", true, ["metoprolol succinate", "metoprolol tartrate", "lopressor", "toprol", "toprol-xl"], "label: t½ 3–4 h, full effect 1–2 weeks"),
        new("bisoprolol", DrugClass.BetaBlocker, 5, 11, 14, 14, "19484", true, ["zebeta", "cardicor", "emcor"], "label: t½ 9–12 h, full effect 1–2 weeks"),
        new("propranolol", DrugClass.BetaBlocker, 160, 4, 14, 14, "8787", false, ["inderal", "inderal-la"], "label: t½ 3–6 h, non-selective; BNF 80 mg twice daily"),
        // ACE inhibitors. Labels: lisinopril effective t½ 12 h, full effect 2–4 weeks; ramipril effective t½ 13–17 h;
        // enalaprilat effective t½ 11 h.
        new("lisinopril", DrugClass.AceInhibitor, 10, 12, 21, 21, "29046", false, ["zestril", "prinivil"], "label: effective t½ 12 h, 10 mg start; full effect 2–4 weeks"),
        new("ramipril", DrugClass.AceInhibitor, 5, 15, 21, 21, "35296", false, ["altace", "tritace"], "label: effective t½ 13–17 h; BNF 2.5–10 mg"),
        new("enalapril", DrugClass.AceInhibitor, 10, 11, 21, 21, "3827", false, ["vasotec", "innovace", "enalapril maleate"], "label: effective t½ 11 h; BNF 10–20 mg"),
        // ARBs. Labels: losartan t½ 2 h (active metabolite 6–9 h), mostly by 1 week, maximum at 3–6 weeks; valsartan t½ 6 h,
        // maximum by 4 weeks; candesartan t½ 9 h, maximum within 4 weeks.
        new("losartan", DrugClass.Arb, 50, 7.5, 28, 21, "52175", false, ["cozaar", "losartan potassium"], "label: metabolite t½ 6–9 h, maximum effect 3–6 weeks"),
        new("valsartan", DrugClass.Arb, 80, 6, 28, 21, "69749", false, ["diovan"], "label: t½ 6 h, maximum effect by 4 weeks"),
        new("candesartan", DrugClass.Arb, 8, 9, 28, 21, "214354", false, ["atacand", "amias", "candesartan cilexetil"], "label: t½ 9 h, maximum effect within 4 weeks"),
        // Calcium channel blockers (dihydropyridines). Labels: amlodipine t½ 30–50 h, steady state 7–8 days, full effect
        // 1–2 weeks, wash-out about a week; nifedipine extended release effective t½ ~7 h; felodipine extended release t½ 25 h.
        new("amlodipine", DrugClass.CalciumChannelBlocker, 5, 40, 14, 7, "17767", false, ["norvasc", "istin", "amlodipine besylate"], "label: t½ 30–50 h, full effect 1–2 weeks, wash-out ~1 week"),
        new("nifedipine", DrugClass.CalciumChannelBlocker, 30, 7, 14, 7, "7417", false, ["adalat", "procardia", "nifedipine er", "adalat la"], "label (extended release): effective t½ ~7 h"),
        new("felodipine", DrugClass.CalciumChannelBlocker, 5, 25, 14, 10, "4316", false, ["plendil"], "label (extended release): t½ 11–16 h terminal 25 h"),
    ]);
}
