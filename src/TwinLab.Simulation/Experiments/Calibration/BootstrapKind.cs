namespace TwinLab.Simulation.Experiments.Calibration;

/// <summary>How bootstrap data sets are made (Davison and Hinkley, Bootstrap Methods and their Application, 1997, §6.2).</summary>
public enum BootstrapKind
{
    /// <summary>Fitted values plus standardised residuals resampled within each series (centred and rescaled by √(n/(n−p))).</summary>
    Residual,
    /// <summary>Fitted values plus Gaussian noise with the fitted (or known) standard deviation.</summary>
    Parametric,
}
