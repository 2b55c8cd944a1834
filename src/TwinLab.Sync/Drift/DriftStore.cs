using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using TwinLab.Core.Twins;

namespace TwinLab.Sync.Drift;

/// <summary>
/// Where drift monitoring keeps its state beside the twin graph, as documents: one per series (kind
/// <see cref="SeriesKind"/>), each twin's settings (<see cref="SettingsKind"/>), the declared expectations
/// (<see cref="ExpectationsKind"/>) and how far the monitor has read the event log (<see cref="CursorKind"/>).
/// </summary>
/// <remarks>Thread-safe as the store is. Documents are not branched: drift is about main, the live twin.</remarks>
public sealed class DriftStore(ITwinStore store, TimeProvider? time = null)
{
    /// <summary>Document kind of a series' state.</summary>
    public const string SeriesKind = "drift";

    /// <summary>Document kind of a twin's drift settings.</summary>
    public const string SettingsKind = "drift-settings";

    /// <summary>Document kind of a declared expectations file (the YAML text).</summary>
    public const string ExpectationsKind = "drift-expectations";

    /// <summary>Document kind of the monitor's position in the event log.</summary>
    public const string CursorKind = "drift-cursor";

    private const string CursorId = "main";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>The underlying store.</summary>
    public ITwinStore Store => store;

    /// <summary>A series' state, or <c>null</c> when it has not been judged yet.</summary>
    public DriftSeries? Load(string twinId, string? component, string telemetry) => LoadSeries(DriftSeries.IdOf(twinId, component, telemetry));

    /// <summary>Every series, ordered by twin, component and telemetry; only one twin's when <paramref name="twinId"/> is given.</summary>
    public IReadOnlyList<DriftSeries> List(string? twinId = null) =>
    [
        .. store.ListDocuments(SeriesKind)
            .Where(d => twinId is null || d.Id.StartsWith(twinId + "/", StringComparison.Ordinal))
            .Select(d => LoadSeries(d.Id))
            .OfType<DriftSeries>()
            .Where(s => twinId is null || s.TwinId == twinId)
            .OrderBy(s => s.TwinId, StringComparer.Ordinal).ThenBy(s => s.Component ?? "", StringComparer.Ordinal).ThenBy(s => s.Telemetry, StringComparer.Ordinal),
    ];

    /// <summary>Stores a series' state.</summary>
    public void Save(DriftSeries series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var title = string.Create(CultureInfo.InvariantCulture,
            $"{series.TwinId} {series.TelemetryPath}: {(series.State == DriftState.Drifting ? "drifting" : "in fit")}, {series.Statistic:0.0}/{series.Threshold:0.0}");
        store.SaveDocument(new StoredDocument(SeriesKind, series.Id, _time.GetUtcNow(), title, JsonSerializer.Serialize(series, Json)));
    }

    /// <summary>Deletes a twin's series (all, or one telemetry's); returns how many there were.</summary>
    public int Delete(string twinId, string? telemetry = null)
    {
        var n = 0;
        foreach (var s in List(twinId))
            if ((telemetry is null || s.TelemetryPath == telemetry || s.Telemetry == telemetry) && store.DeleteDocument(SeriesKind, s.Id)) n++;
        return n;
    }

    /// <summary>A twin's drift settings (the defaults when none are stored).</summary>
    public DriftSettings Settings(string twinId) =>
        store.LoadDocument(SettingsKind, twinId) is { } doc ? JsonSerializer.Deserialize<DriftSettings>(doc.Json, Json) ?? new DriftSettings() : new DriftSettings();

    /// <summary>Stores a twin's drift settings.</summary>
    public void SaveSettings(string twinId, DriftSettings settings)
    {
        ArgumentException.ThrowIfNullOrEmpty(twinId);
        ArgumentNullException.ThrowIfNull(settings);
        store.SaveDocument(new StoredDocument(SettingsKind, twinId, _time.GetUtcNow(),
            $"{twinId}: automatic re-calibration {(settings.AutoRecalibrate ? "on" : "off")}", JsonSerializer.Serialize(settings, Json)));
    }

    /// <summary>The twins with stored settings.</summary>
    public IReadOnlyList<string> TwinsWithSettings() => [.. store.ListDocuments(SettingsKind).Select(d => d.Id).Order(StringComparer.Ordinal)];

    /// <summary>The last event sequence number the monitor has evaluated (0 before the first).</summary>
    public long Cursor =>
        store.LoadDocument(CursorKind, CursorId) is { } doc && long.TryParse(doc.Json, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;

    /// <summary>Records how far the monitor has evaluated the log.</summary>
    public void SaveCursor(long sequence) =>
        store.SaveDocument(new StoredDocument(CursorKind, CursorId, _time.GetUtcNow(), $"evaluated up to event {sequence}",
            sequence.ToString(CultureInfo.InvariantCulture)));

    private DriftSeries? LoadSeries(string id) =>
        store.LoadDocument(SeriesKind, id) is { } doc ? JsonSerializer.Deserialize<DriftSeries>(doc.Json, Json) : null;
}

/// <summary>A twin's drift settings.</summary>
public sealed record DriftSettings
{
    /// <summary>Whether the monitor re-calibrates the twin when one of its series drifts (off by default: a re-calibration
    /// replaces what the twin believes, so a person decides to let it).</summary>
    [JsonPropertyName("autoRecalibrate")] public bool AutoRecalibrate { get; init; }
}
