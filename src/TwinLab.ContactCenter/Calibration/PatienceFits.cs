using MathNet.Numerics;

namespace TwinLab.ContactCenter.Calibration;

/// <summary>The censored Weibull patience fit, kept apart from <see cref="PatienceEstimate"/>'s bookkeeping.</summary>
internal static class PatienceFits
{
    /// <summary>The fit, or null when the likelihood has no finite maximum.</summary>
    public static WeibullPatience? Weibull(IReadOnlyList<(double WaitSeconds, bool Abandoned)> data)
    {
        // Zero censored waits add nothing to the likelihood; an abandonment at zero (a log granularity artefact) is
        // moved to half the smallest positive wait so its log-density stays finite.
        var positive = data.Where(w => w.WaitSeconds > 0).Select(w => w.WaitSeconds).DefaultIfEmpty(1).Min();
        var kept = data.Where(w => w.WaitSeconds > 0 || w.Abandoned)
            .Select(w => (Time: w.WaitSeconds > 0 ? w.WaitSeconds : positive / 2, w.Abandoned)).ToArray();
        var t = kept.Select(k => k.Time).ToArray();
        var events = kept.Select(k => k.Abandoned).ToArray();
        try
        {
            var (shape, scale) = MaximumLikelihood.Weibull(t, events);
            var logLikelihood = MaximumLikelihood.WeibullLogLikelihood(t, events, shape, scale);
            return new WeibullPatience(shape, scale, scale * SpecialFunctions.Gamma(1 + 1 / shape), logLikelihood, 4 - 2 * logLikelihood);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
