namespace TwinLab.ContactCenter.Calibration;

/// <summary>
/// Exponential patience fitted to censored waits: θ̂ = abandonments / total waiting time of all contacts, the
/// maximum-likelihood estimate under right censoring (Brown et al., JASA 2005, §6; Mandelbaum and Zeltyn, 2013).
/// </summary>
/// <param name="MeanSeconds">Estimated mean patience 1/θ̂.</param>
/// <param name="Lower">Lower confidence limit of the mean: (1/θ̂)·exp(−z/√d), the log-scale Wald interval (Cox and Oakes, Analysis of Survival Data, 1984, §3.2).</param>
/// <param name="Upper">Upper confidence limit of the mean: (1/θ̂)·exp(z/√d).</param>
/// <param name="LogLikelihood">d·ln θ̂ − θ̂·T.</param>
/// <param name="Aic">2 − 2 ln L.</param>
public sealed record ExponentialPatience(double MeanSeconds, double Lower, double Upper, double LogLikelihood, double Aic);
