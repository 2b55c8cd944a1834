using TwinLab.Core.Twins;
using TwinLab.Sync.Drift;

namespace TwinLab.Sync.Tests.Drift;

/// <summary>Wraps a predictor and records every forecast with the residual the monitor will compute.</summary>
internal sealed class RecordingPredictor(IDriftPredictor inner) : IDriftPredictor
{
    private readonly List<(DriftReading Reading, DriftForecast Forecast)> _seen = [];

    public IReadOnlyList<(DriftReading Reading, DriftForecast Forecast)> Seen => _seen;

    public string Name => inner.Name;

    public bool CanRecalibrate => inner.CanRecalibrate;

    public bool Covers(Twin twin, string? component, string telemetry, DriftContext context) => inner.Covers(twin, component, telemetry, context);

    public CusumRule RuleFor(string twinId, string? component, string telemetry) => inner.RuleFor(twinId, component, telemetry);

    public DriftForecast? Predict(DriftReading reading, IReadOnlyList<DriftResidual> recent, DriftContext context)
    {
        var f = inner.Predict(reading, recent, context);
        if (f is not null) _seen.Add((reading, f));
        return f;
    }

    public DriftRecalibration Recalibrate(DriftRecalibrationRequest request, DriftContext context) => inner.Recalibrate(request, context);

    public void Forget(string twinId) => inner.Forget(twinId);

    /// <summary>The residuals of one telemetry, in order.</summary>
    public double[] Residuals(string telemetry) =>
        [.. _seen.Where(s => s.Reading.Telemetry == telemetry).Select(s => s.Forecast.Standardize(s.Reading.Value, 0.5))];
}
