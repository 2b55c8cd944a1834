namespace TwinLab.Health.Pharmacology;

/// <summary>The five main classes of blood-pressure-lowering drugs compared by Law et al., BMJ 2003;326:1427.</summary>
public enum DrugClass
{
    /// <summary>Thiazide and thiazide-like diuretics (hydrochlorothiazide, chlorthalidone, indapamide).</summary>
    Thiazide,
    /// <summary>Beta-blockers (atenolol, metoprolol, bisoprolol, propranolol).</summary>
    BetaBlocker,
    /// <summary>Angiotensin-converting-enzyme inhibitors (lisinopril, ramipril, enalapril).</summary>
    AceInhibitor,
    /// <summary>Angiotensin II receptor blockers (losartan, valsartan, candesartan).</summary>
    Arb,
    /// <summary>Calcium channel blockers (amlodipine, nifedipine, felodipine).</summary>
    CalciumChannelBlocker,
}

/// <summary>The three dose levels of Law 2003's tables, relative to the standard (usual maintenance) dose.</summary>
public enum DoseLevel
{
    /// <summary>Half the standard dose.</summary>
    Half,
    /// <summary>The standard dose.</summary>
    Standard,
    /// <summary>Twice the standard dose.</summary>
    Double,
}

/// <summary>Names and multipliers of <see cref="DrugClass"/> and <see cref="DoseLevel"/>.</summary>
public static class DrugClassNames
{
    /// <summary>Every class, in a stable order (the order of the enum).</summary>
    public static IReadOnlyList<DrugClass> All { get; } = Enum.GetValues<DrugClass>();

    /// <summary>A short name as users write it: <c>thiazide</c>, <c>beta-blocker</c>, <c>ace-inhibitor</c>, <c>arb</c>, <c>ccb</c>.</summary>
    public static string Name(this DrugClass drugClass) => drugClass switch
    {
        DrugClass.Thiazide => "thiazide",
        DrugClass.BetaBlocker => "beta-blocker",
        DrugClass.AceInhibitor => "ace-inhibitor",
        DrugClass.Arb => "arb",
        DrugClass.CalciumChannelBlocker => "ccb",
        _ => throw new ArgumentOutOfRangeException(nameof(drugClass)),
    };

    /// <summary>Parses a class name as <see cref="Name"/> writes it (also <c>acei</c>, <c>ace</c>, <c>beta</c>, <c>diuretic</c>, <c>calcium-channel-blocker</c>).</summary>
    public static bool TryParse(string text, out DrugClass drugClass)
    {
        switch (text.Trim().ToLowerInvariant().Replace('_', '-').Replace(' ', '-'))
        {
            case "thiazide" or "diuretic" or "thiazide-diuretic": drugClass = DrugClass.Thiazide; return true;
            case "beta-blocker" or "beta" or "bb" or "betablocker": drugClass = DrugClass.BetaBlocker; return true;
            case "ace-inhibitor" or "acei" or "ace" or "aceinhibitor": drugClass = DrugClass.AceInhibitor; return true;
            case "arb" or "angiotensin-receptor-blocker" or "sartan": drugClass = DrugClass.Arb; return true;
            case "ccb" or "calcium-channel-blocker" or "calciumchannelblocker": drugClass = DrugClass.CalciumChannelBlocker; return true;
            default: drugClass = default; return false;
        }
    }

    /// <summary>The dose as a multiple of the standard dose: 0.5, 1 or 2.</summary>
    public static double Multiplier(this DoseLevel level) => level switch
    {
        DoseLevel.Half => 0.5,
        DoseLevel.Standard => 1.0,
        DoseLevel.Double => 2.0,
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };
}
