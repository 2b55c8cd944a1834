using System.Globalization;
using TwinLab.ContactCenter.Data;

namespace TwinLab.ContactCenter.Calibration;

/// <summary>Fits the satisfaction model when the survey supports one, warning otherwise.</summary>
internal static class SatisfactionFit
{
    /// <summary>Hold-out R² below this explains too little to trust in scenarios.</summary>
    private const double WeakRSquared = 0.1;

    public static SatisfactionModel? TryFit(IReadOnlyList<Interaction> interactions, CalibrationSettings settings, List<CalibrationWarning> warnings)
    {
        var surveyed = interactions.Count(c => c.Satisfaction is { } s && double.IsFinite(s));
        if (surveyed < settings.MinSurveyed)
        {
            warnings.Add(new CalibrationWarning("satisfaction",
                $"only {surveyed} surveyed rows (fewer than {settings.MinSurveyed}): no satisfaction model, scenarios report no satisfaction"));
            return null;
        }
        SatisfactionModel model;
        try
        {
            model = SatisfactionModel.Fit(interactions, settings.HoldOutShare, settings.Seed);
        }
        catch (ArgumentException e)
        {
            warnings.Add(new CalibrationWarning("satisfaction", $"no satisfaction model: {e.Message}"));
            return null;
        }
        if (double.IsFinite(model.HoldOutRSquared) && model.HoldOutRSquared < WeakRSquared)
            warnings.Add(new CalibrationWarning("satisfaction", string.Create(CultureInfo.InvariantCulture,
                $"the model explains little (hold-out R² = {model.HoldOutRSquared:0.###}): wait, handle time, resolution, channel and queue barely predict the score, so predicted changes are small and uncertain")));
        return model;
    }
}
