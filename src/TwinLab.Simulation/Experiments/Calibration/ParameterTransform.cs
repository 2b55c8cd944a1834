namespace TwinLab.Simulation.Experiments.Calibration;

/// <summary>
/// Maps parameters between three scales: natural (what the model reads), search scale q (the logarithm for
/// log-scale parameters, else natural) and unbounded θ, in which the optimisers search without constraints.
/// </summary>
/// <remarks>
/// Bounds are enforced by the q ↔ θ map rather than by the optimisers (the approach of MINUIT; James and Roos,
/// 1975): a logistic for two bounds, an exponential for one. Uncertainty is computed on q, where the map's
/// flattening near a bound cannot distort it.
/// </remarks>
internal sealed class ParameterTransform
{
    private readonly bool[] _log;

    public ParameterTransform(IReadOnlyList<FreeParameter> parameters)
    {
        Count = parameters.Count;
        Names = parameters.Select(p => p.Name).ToArray();
        _log = parameters.Select(p => p.LogScale).ToArray();
        Lower = parameters.Select(p => p.LogScale ? (p.Lower > 0 ? Math.Log(p.Lower) : double.NegativeInfinity) : p.Lower).ToArray();
        Upper = parameters.Select(p => p.LogScale ? Math.Log(p.Upper) : p.Upper).ToArray();
        Initial = parameters.Select((p, j) => ToQ(j, p.Initial)).ToArray();
    }

    /// <summary>Number of parameters.</summary>
    public int Count { get; }
    /// <summary>Parameter names.</summary>
    public string[] Names { get; }
    /// <summary>Lower bounds on the search scale.</summary>
    public double[] Lower { get; }
    /// <summary>Upper bounds on the search scale.</summary>
    public double[] Upper { get; }
    /// <summary>Initial values on the search scale.</summary>
    public double[] Initial { get; }

    /// <summary>Whether parameter j is searched on a log scale.</summary>
    public bool IsLog(int j) => _log[j];

    /// <summary>Natural value → search scale.</summary>
    public double ToQ(int j, double value) => _log[j] ? Math.Log(value) : value;

    /// <summary>Search scale → natural value.</summary>
    public double Natural(int j, double q) => _log[j] ? Math.Exp(q) : q;

    /// <summary>All natural values.</summary>
    public double[] Natural(double[] q) => q.Select((v, j) => Natural(j, v)).ToArray();

    /// <summary>Search scale → unbounded.</summary>
    public double Theta(int j, double q)
    {
        double a = Lower[j], b = Upper[j];
        bool hasLower = double.IsFinite(a), hasUpper = double.IsFinite(b);
        // A start exactly on a bound has no finite θ; a hair inside lets the search move off it.
        if (hasLower && hasUpper)
        {
            var margin = 1e-10 * (b - a);
            q = Math.Clamp(q, a + margin, b - margin);
            return Math.Log((q - a) / (b - q));
        }
        if (hasLower) return Math.Log(Math.Max(q - a, 1e-10 * Math.Max(1, Math.Abs(a))));
        if (hasUpper) return Math.Log(Math.Max(b - q, 1e-10 * Math.Max(1, Math.Abs(b))));
        return q;
    }

    /// <summary>Unbounded → search scale (always within the bounds).</summary>
    public double Q(int j, double theta)
    {
        double a = Lower[j], b = Upper[j];
        bool hasLower = double.IsFinite(a), hasUpper = double.IsFinite(b);
        if (hasLower && hasUpper) return Math.Clamp(a + (b - a) / (1 + Math.Exp(-theta)), a, b);
        if (hasLower) return a + Math.Exp(theta);
        if (hasUpper) return b - Math.Exp(theta);
        return theta;
    }
}
