using System.Text.Json.Nodes;
using TwinLab.Core.Twins;

namespace TwinLab.Sync.Drift;

/// <summary>The JSON shapes of drift state and events, one for <c>twinlab drift status --json</c>, <c>GET /drift</c> and the
/// <c>TwinLab.Twin.Drift</c> event's data, so the CLI and the server cannot drift apart.</summary>
public static class DriftJson
{
    /// <summary>The text of a state: <c>in-fit</c> or <c>drifting</c>.</summary>
    public static string StateText(DriftState state) => state == DriftState.Drifting ? "drifting" : "in-fit";

    /// <summary>A series with its twin's settings.</summary>
    public static JsonObject Series(DriftSeries s, DriftSettings settings)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(settings);
        return new JsonObject
        {
            ["twinId"] = s.TwinId,
            ["component"] = s.Component,
            ["telemetry"] = s.Telemetry,
            ["predictor"] = s.Predictor,
            ["state"] = StateText(s.State),
            ["since"] = Time(s.Since),
            ["detectedAt"] = Time(s.DetectedAt),
            ["direction"] = s.Direction,
            ["readings"] = s.Readings,
            ["inside"] = s.Inside,
            ["shareInside"] = s.Readings == 0 ? null : Math.Round(s.ShareInside, 4),
            ["level"] = s.Level,
            ["totalReadings"] = s.TotalReadings,
            ["statistic"] = Math.Round(s.Statistic, 3),
            ["threshold"] = s.Threshold,
            ["reference"] = s.Reference,
            ["falseAlarmEvery"] = s.FalseAlarmEvery,
            ["upper"] = Math.Round(s.Upper, 3),
            ["lower"] = Math.Round(s.Lower, 3),
            ["last"] = s.Last is { } l ? Reading(l) : null,
            ["autoRecalibrate"] = settings.AutoRecalibrate,
            ["recalibrationPending"] = s.RecalibrationPending,
            ["lastRecalibration"] = s.LastRecalibration is { } r ? Recalibration(r) : null,
            ["basis"] = s.Basis,
            ["lastError"] = s.LastError,
            ["episodes"] = new JsonArray([.. s.Episodes.Select(e => (JsonNode)new JsonObject
            {
                ["since"] = Time(e.Since),
                ["detectedAt"] = Time(e.DetectedAt),
                ["detectedOn"] = Time(e.DetectedOn),
                ["direction"] = e.Direction,
                ["peak"] = Math.Round(e.Peak, 3),
                ["ended"] = Time(e.Ended),
                ["endedBy"] = e.EndedBy,
            })]),
        };
    }

    /// <summary>A drift event's data.</summary>
    public static JsonObject Event(DriftEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new JsonObject
        {
            ["twinId"] = e.TwinId,
            ["component"] = e.Component,
            ["telemetry"] = e.Telemetry,
            ["state"] = StateText(e.State),
            ["reason"] = e.Reason,
            ["predictor"] = e.Predictor,
            ["statistic"] = Math.Round(e.Statistic, 3),
            ["threshold"] = e.Threshold,
            ["direction"] = e.Direction,
            ["since"] = Time(e.Since),
            ["detectedAt"] = Time(e.DetectedAt),
            ["time"] = Time(e.Time),
            ["reading"] = e.Reading is { } r ? Reading(r) : null,
            ["recalibration"] = e.Recalibration is { } c ? Recalibration(c) : null,
        };
    }

    private static JsonObject Reading(DriftLastReading l) => new()
    {
        ["time"] = Time(l.Time),
        ["value"] = l.Value,
        ["expected"] = Math.Round(l.Expected, 3),
        ["lower"] = Math.Round(l.Lower, 3),
        ["upper"] = Math.Round(l.Upper, 3),
        ["z"] = Math.Round(l.Z, 3),
    };

    private static JsonObject Recalibration(DriftRecalibrationRecord r) => new()
    {
        ["time"] = Time(r.Time),
        ["automatic"] = r.Automatic,
        ["summary"] = r.Summary,
        ["dataFrom"] = Time(r.DataFrom),
        ["dataPoints"] = r.DataPoints,
    };

    private static string? Time(DateTimeOffset? t) => t is { } v ? TwinJson.Format(v) : null;
}
