using TwinLab.Simulation.Random.Distributions;

namespace TwinLab.ContactCenter.Calibration;

/// <summary>One family's maximum-likelihood fit to a sample of durations.</summary>
/// <param name="Family">The family.</param>
/// <param name="Distribution">The fitted distribution.</param>
/// <param name="LogLikelihood">ln L at the estimates.</param>
/// <param name="Parameters">Parameters estimated.</param>
/// <param name="Aic">Akaike's information criterion, 2p − 2 ln L (Akaike, 1974): lower is better.</param>
/// <param name="KolmogorovSmirnov">Largest gap between the empirical and the fitted CDF.</param>
public sealed record CandidateFit(DurationFamily Family, Distribution Distribution, double LogLikelihood, int Parameters, double Aic, double KolmogorovSmirnov);
