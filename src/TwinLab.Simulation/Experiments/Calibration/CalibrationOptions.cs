namespace TwinLab.Simulation.Experiments.Calibration;

/// <summary>How a calibration fits and which uncertainty it reports.</summary>
public sealed record CalibrationOptions
{
    /// <summary>What is minimised.</summary>
    public CalibrationObjective Objective { get; init; } = CalibrationObjective.WeightedLeastSquares;

    /// <summary>
    /// Whether the observations' σ are their true standard deviations (then the covariance is (JᵀJ)⁻¹ and the
    /// likelihood uses them as they are). Otherwise they are relative weights and the noise scale is estimated from
    /// the residuals, as ordinary regression does. Ignored by <see cref="CalibrationObjective.GaussianLikelihood"/>.
    /// </summary>
    public bool SigmaKnown { get; init; }

    /// <summary>Which intervals to compute.</summary>
    public UncertaintyMethods Uncertainty { get; init; } = UncertaintyMethods.Asymptotic | UncertaintyMethods.Profile;

    /// <summary>Confidence level of every interval.</summary>
    public double Confidence { get; init; } = 0.95;

    /// <summary>How bootstrap data sets are made.</summary>
    public BootstrapKind Bootstrap { get; init; } = BootstrapKind.Residual;

    /// <summary>Bootstrap refits (B).</summary>
    public int BootstrapReplicates { get; init; } = 200;

    /// <summary>Seed of the bootstrap: replicate b draws from RandomStream.For(seed, 0, b).</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Bootstrap refits run at once; 0 means one per core. Results do not depend on it.</summary>
    public int Threads { get; init; }

    /// <summary>The optimiser.</summary>
    public CalibrationOptimizer Optimizer { get; init; } = CalibrationOptimizer.Auto;

    /// <summary>Nelder–Mead restarts after the first run (each from the best point so far, with a fresh simplex).</summary>
    public int Restarts { get; init; } = 2;

    /// <summary>Levenberg–Marquardt iterations per run.</summary>
    public int MaxIterations { get; init; } = 200;

    /// <summary>Model evaluations per Nelder–Mead run.</summary>
    public int MaxEvaluations { get; init; } = 4000;

    /// <summary>Relative tolerance on the objective and the step at which a search stops.</summary>
    public double Tolerance { get; init; } = 1e-10;

    /// <summary>
    /// Relative step of the finite-difference Jacobian; null picks the usual ε^(1/3) ≈ 6e-6. Use a larger step
    /// (1e-3) for models with a little numerical noise, such as simulations or adaptive ODE solvers.
    /// </summary>
    public double? DifferenceStep { get; init; }
}
