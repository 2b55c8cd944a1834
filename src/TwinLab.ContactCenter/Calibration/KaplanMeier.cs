namespace TwinLab.ContactCenter.Calibration;

/// <summary>
/// The product-limit estimator of a survival function from right-censored times (Kaplan and Meier, 1958):
/// Ŝ(t) = Π over event times tⱼ ≤ t of (1 − dⱼ/nⱼ), with Greenwood's variance Ŝ²·Σ dⱼ/(nⱼ(nⱼ − dⱼ)).
/// </summary>
internal static class KaplanMeier
{
    /// <summary>The curve's steps, one per distinct event time.</summary>
    /// <param name="observations">Times with true for an event (abandonment), false for a censored time (answered).</param>
    public static IReadOnlyList<SurvivalPoint> Estimate(IEnumerable<(double Time, bool IsEvent)> observations)
    {
        var sorted = observations.OrderBy(o => o.Time).ToArray();
        var steps = new List<SurvivalPoint>();
        double survival = 1, greenwood = 0;
        var i = 0;
        while (i < sorted.Length)
        {
            var time = sorted[i].Time;
            var atRisk = sorted.Length - i;
            var events = 0;
            for (; i < sorted.Length && sorted[i].Time == time; i++)
                if (sorted[i].IsEvent) events++;
            if (events == 0) continue;
            survival *= 1 - (double)events / atRisk;
            // Greenwood's sum is infinite once everyone left has the event; the curve is then 0 with no spread.
            greenwood += atRisk > events ? (double)events / ((double)atRisk * (atRisk - events)) : 0;
            steps.Add(new SurvivalPoint(time, atRisk, events, survival, survival * Math.Sqrt(greenwood)));
        }
        return steps;
    }

    /// <summary>The first time the curve falls to 0.5 or below; null when it never does (too few abandon).</summary>
    public static double? Median(IReadOnlyList<SurvivalPoint> curve) =>
        curve.FirstOrDefault(p => p.Survival <= 0.5)?.Time;
}
