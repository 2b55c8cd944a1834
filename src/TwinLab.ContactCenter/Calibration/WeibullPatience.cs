namespace TwinLab.ContactCenter.Calibration;

/// <summary>Weibull patience fitted to censored waits by maximum likelihood (shape 1 is exponential; below 1 the
/// hazard of abandoning falls the longer one has waited, above 1 it rises).</summary>
/// <param name="Shape">Shape k.</param>
/// <param name="ScaleSeconds">Scale λ.</param>
/// <param name="MeanSeconds">Mean patience λ·Γ(1 + 1/k).</param>
/// <param name="LogLikelihood">ln L at the estimates.</param>
/// <param name="Aic">4 − 2 ln L.</param>
public sealed record WeibullPatience(double Shape, double ScaleSeconds, double MeanSeconds, double LogLikelihood, double Aic);
