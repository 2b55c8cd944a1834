using System.Text.Json.Serialization;

namespace TwinLab.Sync.Drift;

/// <summary>Whether a series' readings still fit the twin's predictions.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DriftState>))]
public enum DriftState
{
    /// <summary>The statistic is below its threshold: the readings fit.</summary>
    InFit,

    /// <summary>The statistic crossed its threshold: the readings have diverged since <see cref="DriftSeries.Since"/>.</summary>
    Drifting,
}

/// <summary>
/// The drift monitor's state for one telemetry of one twin (a <em>series</em>): how many readings it has judged, how many
/// fell inside the prediction interval, the CUSUM sums, whether it is drifting and since when, the last re-calibration,
/// and the past drift episodes. Stored as a document of kind <see cref="DriftStore.SeriesKind"/>.
/// </summary>
/// <remarks>Mutable, and owned by the monitor's loop; readers get copies from <see cref="DriftStore"/>.</remarks>
public sealed class DriftSeries
{
    /// <summary>Readings kept for <see cref="Recent"/>.</summary>
    public const int RecentCapacity = 32;

    /// <summary>Past episodes kept.</summary>
    public const int EpisodeCapacity = 20;

    /// <summary>The twin.</summary>
    [JsonPropertyName("twinId")] public required string TwinId { get; init; }

    /// <summary>The component, or <c>null</c>.</summary>
    [JsonPropertyName("component")] public string? Component { get; init; }

    /// <summary>The telemetry name.</summary>
    [JsonPropertyName("telemetry")] public required string Telemetry { get; init; }

    /// <summary>The predictor that judges it.</summary>
    [JsonPropertyName("predictor")] public required string Predictor { get; set; }

    /// <summary>Readings judged since the statistic was last started afresh (by a re-calibration or a reset).</summary>
    [JsonPropertyName("readings")] public long Readings { get; set; }

    /// <summary>Of <see cref="Readings"/>, those inside the prediction interval.</summary>
    [JsonPropertyName("inside")] public long Inside { get; set; }

    /// <summary>Readings judged in all.</summary>
    [JsonPropertyName("totalReadings")] public long TotalReadings { get; set; }

    /// <summary>The interval level of the forecasts (e.g. 0.95).</summary>
    [JsonPropertyName("level")] public double Level { get; set; }

    /// <summary>The upper CUSUM sum S⁺ (readings above the prediction).</summary>
    [JsonPropertyName("upper")] public double Upper { get; set; }

    /// <summary>The lower CUSUM sum S⁻ (readings below the prediction).</summary>
    [JsonPropertyName("lower")] public double Lower { get; set; }

    /// <summary>The time of the first reading of the current run of S⁺ above zero.</summary>
    [JsonPropertyName("upperStart")] public DateTimeOffset? UpperStart { get; set; }

    /// <summary>The time of the first reading of the current run of S⁻ above zero.</summary>
    [JsonPropertyName("lowerStart")] public DateTimeOffset? LowerStart { get; set; }

    /// <summary>The threshold h the sums are compared with.</summary>
    [JsonPropertyName("threshold")] public double Threshold { get; set; }

    /// <summary>The reference k.</summary>
    [JsonPropertyName("reference")] public double Reference { get; set; }

    /// <summary>The readings between false alarms the rule gives while the twin fits.</summary>
    [JsonPropertyName("falseAlarmEvery")] public double FalseAlarmEvery { get; set; }

    /// <summary>In fit or drifting.</summary>
    [JsonPropertyName("state")] public DriftState State { get; set; }

    /// <summary>While drifting: the estimated change point (<c>null</c> in fit; past drifts are in <see cref="Episodes"/>).</summary>
    [JsonPropertyName("since")] public DateTimeOffset? Since { get; set; }

    /// <summary>While drifting: the time of the reading that crossed the threshold.</summary>
    [JsonPropertyName("detectedAt")] public DateTimeOffset? DetectedAt { get; set; }

    /// <summary>While drifting: <c>above</c> or <c>below</c> the predictions.</summary>
    [JsonPropertyName("direction")] public string? Direction { get; set; }

    /// <summary>While drifting and automatic re-calibration is on: why it has not run yet.</summary>
    [JsonPropertyName("recalibrationPending")] public string? RecalibrationPending { get; set; }

    /// <summary>The last re-calibration, if any.</summary>
    [JsonPropertyName("lastRecalibration")] public DriftRecalibrationRecord? LastRecalibration { get; set; }

    /// <summary>The last reading judged.</summary>
    [JsonPropertyName("last")] public DriftLastReading? Last { get; set; }

    /// <summary>The sequence number of the write of the last reading judged (readings of earlier writes are not judged again).</summary>
    [JsonPropertyName("lastSequence")] public long LastSequence { get; set; }

    /// <summary>The last error the predictor raised for this series (e.g. a stored calibration it could not read), or <c>null</c>.</summary>
    [JsonPropertyName("lastError")] public string? LastError { get; set; }

    /// <summary>What the last forecast rested on (see <see cref="DriftForecast.Basis"/>).</summary>
    [JsonPropertyName("basis")] public string? Basis { get; set; }

    /// <summary>The last <see cref="RecentCapacity"/> readings judged, oldest first.</summary>
    [JsonPropertyName("recent")] public List<DriftResidual> Recent { get; set; } = [];

    /// <summary>Drift episodes, oldest first (the current one last while drifting), at most <see cref="EpisodeCapacity"/>.</summary>
    [JsonPropertyName("episodes")] public List<DriftEpisode> Episodes { get; set; } = [];

    /// <summary>The larger CUSUM sum: the statistic compared with <see cref="Threshold"/>.</summary>
    [JsonIgnore] public double Statistic => Math.Max(Upper, Lower);

    /// <summary>The share of <see cref="Readings"/> inside the prediction interval (NaN before the first).</summary>
    [JsonIgnore] public double ShareInside => Readings == 0 ? double.NaN : (double)Inside / Readings;

    /// <summary>The document id: twin, component and telemetry.</summary>
    [JsonIgnore] public string Id => IdOf(TwinId, Component, Telemetry);

    /// <summary>The id of a series (<c>twin/telemetry</c> or <c>twin/component/telemetry</c>).</summary>
    public static string IdOf(string twinId, string? component, string telemetry) =>
        component is null ? $"{twinId}/{telemetry}" : $"{twinId}/{component}/{telemetry}";

    /// <summary>The telemetry with its component, as users write it (<c>thermostat.temperature</c>).</summary>
    [JsonIgnore] public string TelemetryPath => Component is null ? Telemetry : $"{Component}.{Telemetry}";

    /// <summary>Starts the statistic afresh (after a re-calibration or a reset): sums, counts since, recent readings.</summary>
    public void Restart()
    {
        Upper = Lower = 0;
        UpperStart = LowerStart = null;
        Readings = Inside = 0;
        Recent.Clear();
    }
}

/// <summary>The last reading a series judged.</summary>
/// <param name="Time">Its time.</param>
/// <param name="Value">Its value.</param>
/// <param name="Expected">The point estimate.</param>
/// <param name="Lower">The interval's lower end.</param>
/// <param name="Upper">The interval's upper end.</param>
/// <param name="Z">The standardised residual.</param>
public sealed record DriftLastReading(
    [property: JsonPropertyName("time")] DateTimeOffset Time,
    [property: JsonPropertyName("value")] double Value,
    [property: JsonPropertyName("expected")] double Expected,
    [property: JsonPropertyName("lower")] double Lower,
    [property: JsonPropertyName("upper")] double Upper,
    [property: JsonPropertyName("z")] double Z);

/// <summary>One period of drift.</summary>
/// <param name="Since">The estimated change point.</param>
/// <param name="DetectedAt">The time of the reading that crossed the threshold.</param>
/// <param name="DetectedOn">When the monitor detected it (clock time).</param>
/// <param name="Direction"><c>above</c> or <c>below</c>.</param>
public sealed record DriftEpisode(
    [property: JsonPropertyName("since")] DateTimeOffset Since,
    [property: JsonPropertyName("detectedAt")] DateTimeOffset DetectedAt,
    [property: JsonPropertyName("detectedOn")] DateTimeOffset DetectedOn,
    [property: JsonPropertyName("direction")] string Direction)
{
    /// <summary>The largest statistic during the episode.</summary>
    [JsonPropertyName("peak")] public double Peak { get; set; }

    /// <summary>When it ended: the time of the reading that ended it (clock time for a reset), or <c>null</c> while it lasts.</summary>
    [JsonPropertyName("ended")] public DateTimeOffset? Ended { get; set; }

    /// <summary>How it ended: <c>back in fit</c>, <c>re-calibrated</c>, <c>reset</c>.</summary>
    [JsonPropertyName("endedBy")] public string? EndedBy { get; set; }
}

/// <summary>A re-calibration of the twin behind a series.</summary>
/// <param name="Time">When it ran (clock time).</param>
/// <param name="Automatic">Whether the monitor ran it after drift (rather than noticing a new calibration made elsewhere).</param>
/// <param name="Summary">What was done.</param>
/// <param name="DataFrom">The first data time it used, if known.</param>
/// <param name="DataPoints">The readings or counts it used.</param>
public sealed record DriftRecalibrationRecord(
    [property: JsonPropertyName("time")] DateTimeOffset Time,
    [property: JsonPropertyName("automatic")] bool Automatic,
    [property: JsonPropertyName("summary")] string Summary,
    [property: JsonPropertyName("dataFrom")] DateTimeOffset? DataFrom,
    [property: JsonPropertyName("dataPoints")] int DataPoints);
