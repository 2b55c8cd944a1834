namespace TwinLab.Health.Prediction;

/// <summary>The predicted week-average home BP in one week after the start, and the chance it meets the target.</summary>
/// <param name="Weeks">Which week (4 = days 21–27 after the start).</param>
/// <param name="FirstDay">First day of that week.</param>
/// <param name="LastDay">Last day of that week.</param>
/// <param name="Systolic">Week-average home systolic BP, median and 80% interval.</param>
/// <param name="Diastolic">Week-average home diastolic BP, median and 80% interval.</param>
/// <param name="ProbabilityAtTarget">Probability that the week average is below the target on both systolic and diastolic.</param>
public sealed record HorizonPrediction(int Weeks, DateOnly FirstDay, DateOnly LastDay, PredictedRange Systolic, PredictedRange Diastolic, double ProbabilityAtTarget)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"week {Weeks}: {Systolic.Median:0}/{Diastolic.Median:0} mmHg (80% interval {Systolic.Low:0}–{Systolic.High:0} / {Diastolic.Low:0}–{Diastolic.High:0}), P(target) {ProbabilityAtTarget:P0}";
}
