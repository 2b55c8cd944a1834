namespace TwinLab.Simulation.Experiments.Calibration;

/// <summary>What a calibration minimises.</summary>
public enum CalibrationObjective
{
    /// <summary>
    /// Weighted least squares: Σ((y − ŷ)/σ)². With <see cref="CalibrationOptions.SigmaKnown"/> the σ are the
    /// observations' true standard deviations; otherwise they are relative weights and a common scale is estimated.
    /// </summary>
    WeightedLeastSquares,

    /// <summary>
    /// Gaussian maximum likelihood with an unknown noise level per series, profiled out of the likelihood (the
    /// concentrated likelihood: −log L = Σ_s (n_s/2)·log(S_s/n_s) + const; Seber and Wild, Nonlinear Regression,
    /// 1989, §2.8). With one series it has the least-squares estimates; with several it weighs each series by its
    /// own estimated noise rather than by the σ given.
    /// </summary>
    GaussianLikelihood,
}
