namespace TwinLab.Sync.Drift;

/// <summary>A change of a series' fit: drift detected, or the series back in fit (by itself, by re-calibration or a reset).</summary>
/// <param name="TwinId">The twin.</param>
/// <param name="Component">The component, or <c>null</c>.</param>
/// <param name="Telemetry">The telemetry name.</param>
/// <param name="State">The new state.</param>
/// <param name="Predictor">The predictor that judged it.</param>
/// <param name="Statistic">The CUSUM statistic at the change.</param>
/// <param name="Threshold">Its threshold.</param>
/// <param name="Since">The estimated change point of the drift (also on the event that ends it).</param>
/// <param name="DetectedAt">The time of the reading that crossed the threshold.</param>
/// <param name="Time">The time of the reading (or the clock time of the re-calibration or reset) that caused this event.</param>
/// <param name="Direction"><c>above</c> or <c>below</c> the predictions.</param>
/// <param name="Reason">Why: <c>detected</c>, <c>back in fit</c>, <c>re-calibrated</c>, <c>reset</c>.</param>
public sealed record DriftEvent(
    string TwinId, string? Component, string Telemetry, DriftState State, string Predictor, double Statistic, double Threshold,
    DateTimeOffset Since, DateTimeOffset DetectedAt, DateTimeOffset Time, string Direction, string Reason)
{
    /// <summary>The last reading judged, when the event came from a reading.</summary>
    public DriftLastReading? Reading { get; init; }

    /// <summary>The re-calibration, when the event came from one.</summary>
    public DriftRecalibrationRecord? Recalibration { get; init; }

    /// <summary>A unique id: series, detection time and reason.</summary>
    public string Id => $"drift:{DriftSeries.IdOf(TwinId, Component, Telemetry)}:{DetectedAt.UtcTicks}:{Reason.Replace(' ', '-')}";
}

/// <summary>Where the monitor hands drift events (the server publishes them to the live stream and the event routes).</summary>
public interface IDriftEventSink
{
    /// <summary>Called on the monitor's loop, after the series' state is stored; must not block for long.</summary>
    void Publish(DriftEvent e);
}
