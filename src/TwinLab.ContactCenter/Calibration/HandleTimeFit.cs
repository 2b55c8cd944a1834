using TwinLab.ContactCenter.Data;
using TwinLab.Simulation.Random.Distributions;

namespace TwinLab.ContactCenter.Calibration;

/// <summary>
/// The handle-time distribution of one queue × channel: lognormal, gamma, Weibull and exponential fitted by maximum
/// likelihood, the one with the lowest AIC chosen (Burnham and Anderson, Model Selection and Multimodel Inference,
/// 2002), its Kolmogorov–Smirnov distance reported as an absolute check.
/// </summary>
/// <param name="Queue">Queue (or "*" for a pool over queues).</param>
/// <param name="Channel">Channel.</param>
/// <param name="Count">Positive handle times fitted.</param>
/// <param name="ObservedMean">Their mean, in seconds.</param>
/// <param name="Candidates">Every family that could be fitted, best AIC first.</param>
/// <param name="Distribution">The chosen distribution, in seconds.</param>
public sealed record HandleTimeFit(string Queue, Channel Channel, int Count, double ObservedMean, IReadOnlyList<CandidateFit> Candidates, Distribution Distribution)
{
    /// <summary>The chosen family.</summary>
    public DurationFamily Family => Candidates[0].Family;

    /// <summary>Fits the four families to <paramref name="seconds"/>; non-positive values are ignored.</summary>
    /// <exception cref="ArgumentException">fewer than two distinct positive values.</exception>
    public static HandleTimeFit Fit(string queue, Channel channel, IEnumerable<double> seconds)
    {
        ArgumentNullException.ThrowIfNull(seconds);
        var x = seconds.Where(v => v > 0 && double.IsFinite(v)).Order().ToArray();
        if (x.Length < 2 || x[0] == x[^1])
            throw new ArgumentException($"Handle times of {queue}/{channel}: need two or more distinct positive values, got {x.Length}.", nameof(seconds));
        var candidates = FitFamilies(x).OrderBy(c => c.Aic).ToList();
        return new HandleTimeFit(queue, channel, x.Length, x.Average(), candidates, candidates[0].Distribution);
    }

    /// <summary>Fits every queue × channel with at least <paramref name="minimumCount"/> positive handle times.</summary>
    public static IReadOnlyList<HandleTimeFit> Estimate(IEnumerable<Interaction> interactions, int minimumCount = 30)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        return interactions
            .Where(c => c.HandleSeconds is > 0)
            .GroupBy(c => (c.Queue, c.Channel))
            .OrderBy(g => g.Key, KeyComparer.Instance)
            .Where(g => g.Count() >= Math.Max(2, minimumCount))
            .Select(g => Fit(g.Key.Queue, g.Key.Channel, g.Select(c => c.HandleSeconds!.Value)))
            .ToList();
    }

    private static IEnumerable<CandidateFit> FitFamilies(double[] sorted)
    {
        var (mu, sigma) = MaximumLikelihood.LogNormal(sorted);
        yield return Candidate(DurationFamily.LogNormal, Distribution.LogNormal(mu, sigma), 2,
            sorted.Sum(v => MathNet.Numerics.Distributions.LogNormal.PDFLn(mu, sigma, v)), sorted);

        var (shape, scale) = MaximumLikelihood.Gamma(sorted);
        yield return Candidate(DurationFamily.Gamma, Distribution.GammaWithScale(shape, scale), 2,
            sorted.Sum(v => MathNet.Numerics.Distributions.Gamma.PDFLn(shape, 1 / scale, v)), sorted);

        var events = Enumerable.Repeat(true, sorted.Length).ToArray();
        (double Shape, double Scale)? weibull = null;
        try
        {
            weibull = MaximumLikelihood.Weibull(sorted, events);
        }
        catch (ArgumentException)
        {
            // No finite estimate (degenerate sample): the other families still compete.
        }
        if (weibull is { } w)
            yield return Candidate(DurationFamily.Weibull, Distribution.Weibull(w.Shape, w.Scale), 2,
                MaximumLikelihood.WeibullLogLikelihood(sorted, events, w.Shape, w.Scale), sorted);

        var rate = 1 / sorted.Average();
        yield return Candidate(DurationFamily.Exponential, Distribution.Exponential(rate), 1,
            sorted.Length * Math.Log(rate) - rate * sorted.Sum(), sorted);
    }

    private static CandidateFit Candidate(DurationFamily family, Distribution distribution, int parameters, double logLikelihood, double[] sorted) =>
        new(family, distribution, logLikelihood, parameters, 2 * parameters - 2 * logLikelihood, KolmogorovSmirnov.Statistic(sorted, distribution));
}
