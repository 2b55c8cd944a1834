namespace TwinLab.Simulation.Experiments.Calibration;

/// <summary>Which optimiser searches for the estimates.</summary>
public enum CalibrationOptimizer
{
    /// <summary>Levenberg–Marquardt, then Nelder–Mead restarts to escape a local minimum, then Levenberg–Marquardt to polish.</summary>
    Auto,
    /// <summary>Levenberg–Marquardt only: fastest for smooth models and a good start.</summary>
    LevenbergMarquardt,
    /// <summary>Nelder–Mead with restarts only: for models whose outputs are not smooth in the parameters.</summary>
    NelderMead,
}
