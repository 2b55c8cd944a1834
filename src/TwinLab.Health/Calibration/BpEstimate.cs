using TwinLab.Health.Pharmacology;

namespace TwinLab.Health.Calibration;

/// <summary>An estimated blood pressure (or BP effect) with its uncertainty.</summary>
/// <param name="Mean">Posterior mean, mmHg.</param>
/// <param name="Sd">Posterior SD, mmHg.</param>
/// <param name="Lower80">Lower end of the central 80% interval.</param>
/// <param name="Upper80">Upper end of the central 80% interval.</param>
public sealed record BpEstimate(BpChange Mean, BpChange Sd, BpChange Lower80, BpChange Upper80)
{
    /// <summary>The estimate of a normal posterior with a mean and SD.</summary>
    public static BpEstimate Normal(BpChange mean, BpChange sd) =>
        new(mean, sd, mean - sd * CalibrationMath.Z80, mean + sd * CalibrationMath.Z80);

    /// <inheritdoc />
    public override string ToString() => $"{Mean.Systolic:0}/{Mean.Diastolic:0} mmHg (80%: {Lower80.Systolic:0}–{Upper80.Systolic:0} / {Lower80.Diastolic:0}–{Upper80.Diastolic:0})";
}
