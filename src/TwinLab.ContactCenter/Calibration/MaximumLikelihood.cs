using MathNet.Numerics;
using MathNet.Numerics.RootFinding;

namespace TwinLab.ContactCenter.Calibration;

/// <summary>Closed-form and one-dimensional maximum-likelihood estimates of the duration families calibration fits.</summary>
internal static class MaximumLikelihood
{
    /// <summary>Lognormal: μ̂ and σ̂ are the mean and the (divide-by-n) standard deviation of ln x.</summary>
    public static (double Mu, double Sigma) LogNormal(IReadOnlyList<double> x)
    {
        var mu = x.Average(Math.Log);
        return (mu, Math.Sqrt(x.Average(v => (Math.Log(v) - mu) * (Math.Log(v) - mu))));
    }

    /// <summary>
    /// Gamma: the shape solves ln k − ψ(k) = ln x̄ − mean(ln x), by Newton's method from Minka's closed-form start
    /// (Minka, "Estimating a Gamma distribution", 2002); the scale is x̄ / k.
    /// </summary>
    public static (double Shape, double Scale) Gamma(IReadOnlyList<double> x)
    {
        var mean = x.Average();
        var s = Math.Log(mean) - x.Average(Math.Log);
        if (!(s > 0)) throw new ArgumentException("Gamma needs values that are not all equal.", nameof(x));
        var k = (3 - s + Math.Sqrt((s - 3) * (s - 3) + 24 * s)) / (12 * s);
        for (var it = 0; it < 100; it++)
        {
            var step = (Math.Log(k) - SpecialFunctions.DiGamma(k) - s) / (1 / k - Trigamma(k));
            var next = k - step;
            if (next <= 0) next = k / 2;
            var done = Math.Abs(next - k) <= 1e-12 * k;
            k = next;
            if (done) break;
        }
        return (k, mean / k);
    }

    /// <summary>
    /// Weibull with right censoring (complete data when every event flag is set): the shape solves the profile
    /// score Σ tᵏ ln t / Σ tᵏ − 1/k − mean over events of ln t = 0, increasing in k so the root is unique
    /// (Lawless, Statistical Models and Methods for Lifetime Data, 2003, §5.2.2); then λᵏ = Σ tᵏ / events.
    /// </summary>
    /// <param name="t">Positive times.</param>
    /// <param name="isEvent">True for an observed failure (abandonment), false for a right-censored time.</param>
    public static (double Shape, double Scale) Weibull(IReadOnlyList<double> t, IReadOnlyList<bool> isEvent)
    {
        // Logs shifted by the largest, so every weight exp(k·u) is at most 1 and nothing overflows.
        var top = t.Max(Math.Log);
        var u = t.Select(v => Math.Log(v) - top).ToArray();
        var events = isEvent.Count(e => e);
        var eventMean = u.Where((_, i) => isEvent[i]).Sum() / events;
        double Score(double logK)
        {
            var k = Math.Exp(logK);
            double sw = 0, swu = 0;
            foreach (var v in u)
            {
                var w = Math.Exp(k * v);
                sw += w;
                swu += w * v;
            }
            return swu / sw - 1 / k - eventMean;
        }
        double lo = Math.Log(1e-3), hi = Math.Log(1e3);
        // No sign change: the events sit at the largest times, so the likelihood grows without bound in k.
        if (!(Score(lo) < 0 && Score(hi) > 0)) throw new ArgumentException("The Weibull shape has no finite maximum-likelihood estimate.", nameof(t));
        var logShape = Brent.FindRoot(Score, lo, hi, 1e-12, 200);
        var shape = Math.Exp(logShape);
        var sum = u.Sum(v => Math.Exp(shape * v));
        return (shape, Math.Exp(top + (Math.Log(sum) - Math.Log(events)) / shape));
    }

    /// <summary>Log-likelihood of right-censored Weibull data: Σ_events ln f(t) + Σ_censored ln S(t).</summary>
    public static double WeibullLogLikelihood(IReadOnlyList<double> t, IReadOnlyList<bool> isEvent, double shape, double scale)
    {
        var total = 0.0;
        for (var i = 0; i < t.Count; i++)
        {
            var z = t[i] / scale;
            if (isEvent[i]) total += Math.Log(shape / scale) + (shape - 1) * Math.Log(z);
            total -= Math.Pow(z, shape);
        }
        return total;
    }

    /// <summary>ψ′(x), by the recurrence ψ′(x) = ψ′(x + 1) + 1/x² up to x ≥ 6, then the asymptotic series.</summary>
    internal static double Trigamma(double x)
    {
        var result = 0.0;
        for (; x < 6; x++) result += 1 / (x * x);
        double t = 1 / x, t2 = t * t;
        return result + t + t2 / 2 + t * t2 * (1.0 / 6 - t2 * (1.0 / 30 - t2 * (1.0 / 42 - t2 / 30)));
    }
}
