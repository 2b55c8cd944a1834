using MathNet.Numerics;

namespace TwinLab.Simulation.Ode;

/// <summary>
/// Accuracy and effort settings for <see cref="DormandPrince54"/>. A step is accepted when the local error
/// estimate e satisfies sqrt(mean((e_i / sc_i)²)) ≤ 1 with sc_i = atol_i + rtol·max(|y_i|, |ŷ_i|)
/// (Hairer, Nørsett and Wanner, Solving Ordinary Differential Equations I, 2nd ed., Section II.4).
/// </summary>
public sealed record DormandPrinceOptions
{
    /// <summary>The relative tolerance rtol; at least 10 machine epsilons. Default 1e-6.</summary>
    public double RelativeTolerance { get; init; } = 1e-6;

    /// <summary>The absolute tolerance atol for every component (ignored when <see cref="AbsoluteTolerances"/> is set). Default 1e-9.</summary>
    public double AbsoluteTolerance { get; init; } = 1e-9;

    /// <summary>Per-component absolute tolerances, one per state component, each positive; overrides <see cref="AbsoluteTolerance"/>.</summary>
    public IReadOnlyList<double>? AbsoluteTolerances { get; init; }

    /// <summary>The size of the first step; null to choose it automatically (Hairer, Nørsett and Wanner, I, Section II.4, "Starting step size").</summary>
    public double? InitialStep { get; init; }

    /// <summary>The smallest step size allowed before the integration fails (the last step to the end may be shorter). Default 0.</summary>
    public double MinStep { get; init; }

    /// <summary>The largest step size allowed. Default unbounded.</summary>
    public double MaxStep { get; init; } = double.PositiveInfinity;

    /// <summary>The most steps (accepted and rejected) one integration may take before it fails. Default 100,000.</summary>
    public int MaxSteps { get; init; } = 100_000;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    internal void Validate()
    {
        // Below ~10 machine epsilons the error estimate is rounding noise and the controller would shrink h forever.
        if (!(RelativeTolerance >= MinRelativeTolerance && double.IsFinite(RelativeTolerance)))
            throw Bad(nameof(RelativeTolerance), RelativeTolerance, $"must be finite and at least {MinRelativeTolerance:R}");
        if (AbsoluteTolerances is null && !(AbsoluteTolerance > 0 && double.IsFinite(AbsoluteTolerance)))
            throw Bad(nameof(AbsoluteTolerance), AbsoluteTolerance, "must be finite and > 0");
        if (AbsoluteTolerances is not null)
        {
            for (var i = 0; i < AbsoluteTolerances.Count; i++)
                if (!(AbsoluteTolerances[i] > 0 && double.IsFinite(AbsoluteTolerances[i])))
                    throw Bad(nameof(AbsoluteTolerances), AbsoluteTolerances[i], $"component {i} must be finite and > 0");
        }
        if (InitialStep is { } h0 && !(h0 > 0 && double.IsFinite(h0)))
            throw Bad(nameof(InitialStep), h0, "must be finite and > 0 (the sign follows the direction of integration)");
        if (!(MinStep >= 0 && double.IsFinite(MinStep)))
            throw Bad(nameof(MinStep), MinStep, "must be finite and >= 0");
        if (!(MaxStep > 0) || MaxStep < MinStep)
            throw Bad(nameof(MaxStep), MaxStep, "must be > 0 and >= MinStep");
        if (MaxSteps < 1)
            throw Bad(nameof(MaxSteps), MaxSteps, "must be >= 1");
    }

    /// <summary>The absolute tolerance of every component of a system of <paramref name="dimension"/> equations.</summary>
    internal double[] AbsoluteToleranceFor(int dimension)
    {
        if (AbsoluteTolerances is null)
        {
            var all = new double[dimension];
            Array.Fill(all, AbsoluteTolerance);
            return all;
        }
        if (AbsoluteTolerances.Count != dimension)
            throw new ArgumentException(
                $"{nameof(AbsoluteTolerances)} has {AbsoluteTolerances.Count} entries but the state has {dimension} components.", nameof(AbsoluteTolerances));
        return [.. AbsoluteTolerances];
    }

    private static readonly double MinRelativeTolerance = 10 * Precision.PositiveDoublePrecision;

    private static ArgumentOutOfRangeException Bad(string name, object value, string reason) =>
        new(name, value, $"{name} {reason}.");
}
