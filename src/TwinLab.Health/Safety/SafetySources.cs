namespace TwinLab.Health.Safety;

/// <summary>The guidelines, trials and labels the safety rules rest on, cited in every finding.</summary>
internal static class SafetySources
{
    /// <summary>ACC/AHA 2017 high blood pressure guideline.</summary>
    public const string AccAha2017 = "ACC/AHA 2017 guideline (Whelton PK et al., Hypertension 2018;71:e13)";

    /// <summary>NICE hypertension guideline.</summary>
    public const string NiceNg136 = "NICE NG136 Hypertension in adults (2019, updated 2023)";

    /// <summary>NICE guideline on hypertension in pregnancy.</summary>
    public const string NiceNg133 = "NICE NG133 Hypertension in pregnancy (2019, updated 2023)";

    /// <summary>ESC/ESH 2018 guideline.</summary>
    public const string EscEsh2018 = "ESC/ESH 2018 guideline (Williams B et al., Eur Heart J 2018;39:3021)";

    /// <summary>British National Formulary.</summary>
    public const string Bnf = "BNF (British National Formulary)";

    /// <summary>ONTARGET: ramipril plus telmisartan against either alone.</summary>
    public const string Ontarget = "ONTARGET (Yusuf S et al., NEJM 2008;358:1547)";

    /// <summary>Law 2003: drugs of one class do not add; classes do.</summary>
    public const string Law2003 = "Law MR et al., BMJ 2003;326:1427";

    /// <summary>The US product labels (prescribing information).</summary>
    public const string Labels = "product labels (FDA prescribing information)";

    /// <summary>CLICK: chlorthalidone in stage 4 chronic kidney disease.</summary>
    public const string Click = "CLICK (Agarwal R et al., NEJM 2021;385:2507)";

    /// <summary>CKD-EPI 2021 race-free creatinine equation.</summary>
    public const string CkdEpi2021 = "CKD-EPI 2021 (Inker LA et al., NEJM 2021;385:1737)";

    /// <summary>Joins several sources.</summary>
    public static string Of(params string[] sources) => string.Join("; ", sources);
}
