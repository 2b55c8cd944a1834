namespace TwinLab.Simulation.Experiments.Calibration;

/// <summary>Which confidence intervals a calibration reports (combine with |).</summary>
[Flags]
public enum UncertaintyMethods
{
    /// <summary>Estimates only.</summary>
    None = 0,
    /// <summary>Standard errors and Wald intervals from the Jacobian: covariance s²(JᵀJ)⁻¹. Cheap; exact for linear models.</summary>
    Asymptotic = 1,
    /// <summary>Profile-likelihood intervals: follow each parameter until −log L rises by χ²₁(level)/2 (1.92 at 95%).
    /// Honest for skewed, nonlinear problems; costs a constrained refit per point.</summary>
    Profile = 2,
    /// <summary>Bootstrap percentile intervals from <see cref="CalibrationOptions.BootstrapReplicates"/> refits.</summary>
    Bootstrap = 4,
    /// <summary>All three.</summary>
    All = Asymptotic | Profile | Bootstrap,
}
