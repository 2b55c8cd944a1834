using TwinLab.ContactCenter.Data;
using TwinLab.Simulation.Random.Distributions;

namespace TwinLab.ContactCenter.Calibration;

/// <summary>
/// How long customers of one queue × channel are willing to wait. An abandoned contact's wait is its patience; an
/// answered (or callback) contact's wait is only a lower bound of it, a right-censored observation, so averaging the
/// abandoned waits alone (<see cref="NaiveMeanSeconds"/>) underestimates patience: it keeps only the impatient.
/// </summary>
/// <param name="Queue">Queue.</param>
/// <param name="Channel">Channel.</param>
/// <param name="Contacts">Contacts with a wait (events and censored).</param>
/// <param name="Abandonments">Abandoned contacts (events).</param>
/// <param name="TotalWaitSeconds">Total waiting time of all contacts, the exposure.</param>
/// <param name="KaplanMeier">The Kaplan–Meier curve of patience.</param>
/// <param name="MedianSeconds">Kaplan–Meier median patience; null when fewer than half are seen to abandon.</param>
/// <param name="NaiveMeanSeconds">Mean wait of the abandoned contacts: biased low, shown for contrast.</param>
/// <param name="Exponential">The exponential fit; null without abandonments.</param>
/// <param name="Weibull">The Weibull fit; null with too few abandonments or no finite estimate.</param>
/// <param name="Distribution">The patience for <see cref="QueueModel.PatienceSeconds"/>: Weibull when its AIC beats the
/// exponential's by more than 2 (Burnham and Anderson, 2002: smaller gaps do not favour the extra parameter), else
/// exponential; null for email and when nobody abandoned.</param>
/// <param name="KaplanMeierDistance">Largest gap between the Kaplan–Meier curve and the chosen survival function at the
/// event times where at least 1% of the contacts (and 10) are still at risk: the fit check that respects censoring.</param>
/// <param name="Note">Why there is no patience distribution, when there is none.</param>
public sealed record PatienceEstimate(
    string Queue, Channel Channel, int Contacts, int Abandonments, double TotalWaitSeconds,
    IReadOnlyList<SurvivalPoint> KaplanMeier, double? MedianSeconds, double? NaiveMeanSeconds,
    ExponentialPatience? Exponential, WeibullPatience? Weibull, Distribution? Distribution, double? KaplanMeierDistance, string? Note)
{
    /// <summary>
    /// Estimates patience from waits: abandoned ones are events, the rest right-censored. Waits of zero carry no
    /// information for the likelihood (no one could have abandoned yet) and only enter the Kaplan–Meier risk sets.
    /// </summary>
    /// <param name="queue">Queue.</param>
    /// <param name="channel">Channel (email never gets a distribution).</param>
    /// <param name="waits">Each contact's wait in seconds and whether it abandoned.</param>
    /// <param name="confidence">Level of the exponential mean's interval.</param>
    /// <param name="minimumForWeibull">Abandonments needed before a Weibull shape is worth estimating.</param>
    public static PatienceEstimate Estimate(
        string queue, Channel channel, IEnumerable<(double WaitSeconds, bool Abandoned)> waits, double confidence = 0.95, int minimumForWeibull = 30)
    {
        ArgumentNullException.ThrowIfNull(waits);
        var data = waits.Where(w => w.WaitSeconds >= 0 && double.IsFinite(w.WaitSeconds)).ToArray();
        var d = data.Count(w => w.Abandoned);
        var total = data.Sum(w => w.WaitSeconds);
        var curve = Calibration.KaplanMeier.Estimate(data.Select(w => (w.WaitSeconds, w.Abandoned)));
        var naive = d > 0 ? data.Where(w => w.Abandoned).Average(w => w.WaitSeconds) : (double?)null;
        var empty = new PatienceEstimate(queue, channel, data.Length, d, total, curve, Calibration.KaplanMeier.Median(curve), naive,
            null, null, null, null, null);
        if (d == 0 || total <= 0)
            return empty with { Note = $"no abandonments among {data.Length} contacts: patience cannot be estimated (the model lets everyone wait)" };

        var exponential = FitExponential(d, total, confidence);
        var weibull = d >= Math.Max(2, minimumForWeibull) ? PatienceFits.Weibull(data) : null;
        var useWeibull = weibull is not null && weibull.Aic < exponential.Aic - 2;
        var distribution = useWeibull
            ? Distribution.Weibull(weibull!.Shape, weibull.ScaleSeconds)
            : Distribution.Exponential(1 / exponential.MeanSeconds);
        // The tail, where only a handful still wait, swings by more than any misfit: judge where ≥ 1% (and ≥ 10) remain.
        var judged = curve.Where(p => p.AtRisk >= Math.Max(10, data.Length / 100)).ToList();
        var gap = judged.Count == 0 ? 0 : judged.Max(p => Math.Abs(p.Survival - (1 - distribution.Cdf(p.Time))));
        var result = empty with { Exponential = exponential, Weibull = weibull, KaplanMeierDistance = gap };
        return channel == Channel.Email
            ? result with { Note = "email: customers do not abandon in the model, so no patience distribution" }
            : result with { Distribution = distribution };
    }

    /// <summary>Estimates every queue × channel of a log; callback waits are censored like answered ones.</summary>
    public static IReadOnlyList<PatienceEstimate> Estimate(IEnumerable<Interaction> interactions, double confidence = 0.95, int minimumForWeibull = 30)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        return interactions
            .GroupBy(c => (c.Queue, c.Channel))
            .OrderBy(g => g.Key, KeyComparer.Instance)
            .Select(g => EstimateQueue(g.Key.Queue, g.Key.Channel, g.ToList(), confidence, minimumForWeibull))
            .ToList();
    }

    /// <summary>
    /// One queue. Some logs (the 10-column 'Call Center' layout) record the speed of answer of answered calls only,
    /// so abandoned calls carry no wait. Dropping them would leave no abandonment at all; instead their waits are taken
    /// as the mean wait of the answered calls that waited — a rough stand-in, said so in the note — so the abandonment
    /// share still drives the patience estimate.
    /// </summary>
    private static PatienceEstimate EstimateQueue(string queue, Channel channel, List<Interaction> rows, double confidence, int minimumForWeibull)
    {
        static bool Known(double w) => w >= 0 && double.IsFinite(w);
        var unknown = rows.Count(c => c.Outcome == Outcome.Abandoned && !Known(c.WaitSeconds));
        var waited = rows.Where(c => c.Outcome != Outcome.Abandoned && Known(c.WaitSeconds) && c.WaitSeconds > 0).Select(c => c.WaitSeconds).ToList();
        if (unknown == 0 || waited.Count == 0)
            return Estimate(queue, channel, rows.Select(c => (c.WaitSeconds, c.Outcome == Outcome.Abandoned)), confidence, minimumForWeibull);
        var stand = waited.Average();
        var estimate = Estimate(queue, channel,
            rows.Select(c => (c.Outcome == Outcome.Abandoned && !Known(c.WaitSeconds) ? stand : c.WaitSeconds, c.Outcome == Outcome.Abandoned)),
            confidence, minimumForWeibull);
        var note = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{unknown} abandoned contacts have no recorded wait: taken as the mean wait of answered contacts that waited ({stand:0} s), so the patience estimate is rough");
        return estimate with { Note = estimate.Note is null ? note : estimate.Note + "; " + note };
    }

    private static ExponentialPatience FitExponential(int events, double total, double confidence)
    {
        var theta = events / total;
        var spread = Math.Exp(ConfidenceIntervals.Z(confidence) / Math.Sqrt(events));
        var logLikelihood = events * Math.Log(theta) - theta * total;
        return new ExponentialPatience(1 / theta, 1 / theta / spread, spread / theta, logLikelihood, 2 - 2 * logLikelihood);
    }
}
