namespace TwinLab.Health.Pharmacology;

/// <summary>
/// How home blood pressure relates to clinic (office) blood pressure, which the trials measured.
/// </summary>
public static class HomeBp
{
    /// <summary>
    /// Home BP falls about 20% less than clinic BP under the same treatment (Ishikawa J et al., Hypertension 2008): a
    /// clinic reduction times this is the home reduction.
    /// </summary>
    public const double HomeToClinicEffectRatio = 0.8;

    // Corresponding clinic and home values (ACC/AHA 2017 guideline, Whelton PK et al., Hypertension 2018;71:e13, Table 11):
    // clinic 120/80 ↔ home 120/80, 130/80 ↔ 130/80, 140/90 ↔ 135/85, 160/100 ↔ 145/90.
    private static readonly (double Home, double Clinic)[] Systolic = [(120, 120), (130, 130), (135, 140), (145, 160)];
    private static readonly (double Home, double Clinic)[] Diastolic = [(80, 80), (85, 90), (90, 100)];

    /// <summary>The clinic BP that corresponds to a home BP (ACC/AHA 2017 Table 11, linear between its points, slope 1 beyond).</summary>
    public static BpChange ToClinic(BpChange home) => new(Map(Systolic, home.Systolic, false), Map(Diastolic, home.Diastolic, false));

    /// <summary>The home BP that corresponds to a clinic BP (the inverse of <see cref="ToClinic"/>).</summary>
    public static BpChange ToHome(BpChange clinic) => new(Map(Systolic, clinic.Systolic, true), Map(Diastolic, clinic.Diastolic, true));

    private static double Map((double Home, double Clinic)[] points, double value, bool inverse)
    {
        double From((double Home, double Clinic) p) => inverse ? p.Clinic : p.Home;
        double To((double Home, double Clinic) p) => inverse ? p.Home : p.Clinic;
        if (value <= From(points[0])) return To(points[0]) + (value - From(points[0]));
        for (var i = 1; i < points.Length; i++)
        {
            if (value <= From(points[i]))
            {
                var t = (value - From(points[i - 1])) / (From(points[i]) - From(points[i - 1]));
                return To(points[i - 1]) + t * (To(points[i]) - To(points[i - 1]));
            }
        }
        return To(points[^1]) + (value - From(points[^1]));
    }
}
