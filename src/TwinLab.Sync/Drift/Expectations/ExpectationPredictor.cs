using System.Text.Json;
using TwinLab.Core.Errors;
using TwinLab.Core.Twins;

namespace TwinLab.Sync.Drift.Expectations;

/// <summary>
/// Judges telemetry against the expectations users declared in YAML (<see cref="ExpectationsFile"/>), stored in the
/// database with <c>twinlab drift expectations set FILE</c> or <c>PUT /drift/expectations/NAME</c>: the generic
/// predictor for any twin, with no code.
/// </summary>
/// <remarks>Stored files are re-read at most once a second, so a change made by another process applies within seconds;
/// a changed expectation starts its series' statistic afresh. Among several expectations for one telemetry the first
/// (files by name, then file order) wins.</remarks>
public sealed class ExpectationPredictor(DriftStore store, TimeProvider? time = null) : IDriftPredictor
{
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Dictionary<(string, string?, string), DriftExpectation?> _matched = [];
    private IReadOnlyList<(DriftExpectation Expectation, string Basis)> _all = [];
    private string _listed = "";
    private DateTimeOffset _checked = DateTimeOffset.MinValue;

    /// <inheritdoc />
    public string Name => "expectations";

    /// <inheritdoc />
    public bool Covers(Twin twin, string? component, string telemetry, DriftContext context) =>
        Match(twin, component, telemetry, context) is not null;

    /// <inheritdoc />
    public CusumRule RuleFor(string twinId, string? component, string telemetry) =>
        _matched.TryGetValue((twinId, component, telemetry), out var e) && e is not null ? e.Rule : CusumRule.Default;

    /// <inheritdoc />
    public DriftForecast? Predict(DriftReading reading, IReadOnlyList<DriftResidual> recent, DriftContext context)
    {
        var twin = context.Graph.GetTwin(reading.TwinId);
        if (Match(twin, reading.Component, reading.Telemetry, context) is not { } e) return null;
        var basis = _all.First(x => ReferenceEquals(x.Expectation, e)).Basis;
        var mean = e.Mean switch
        {
            ConstantMean c => c.Value,
            HourlyMean h => h.At(reading.Time.ToOffset(e.UtcOffset)),
            PropertyMean p => PropertyValue(twin, p, e) + p.Offset,
            _ => throw new InvalidOperationException("Unknown expected mean."),
        };
        if (e.Distribution == ExpectedDistribution.Normal) return new NormalForecast(mean, e.Sd, e.Level) { Basis = basis };
        if (mean <= 0 && reading.Value == 0) return null;
        return new CountForecast(Math.Max(0, mean), e.Dispersion, e.Level) { Basis = basis };
    }

    private DriftExpectation? Match(Twin twin, string? component, string telemetry, DriftContext context)
    {
        RefreshIfDue();
        var key = (twin.Id, component, telemetry);
        if (_matched.TryGetValue(key, out var known)) return known;
        DriftExpectation? found = null;
        foreach (var (e, _) in _all)
        {
            if (e.Telemetry != telemetry || e.Component != component || !e.MatchesId(twin.Id)) continue;
            if (e.Model is not null && !context.Graph.Models.IsAssignableTo(twin.ModelId, e.Model)) continue;
            found = e;
            break;
        }
        _matched[key] = found;
        return found;
    }

    private void RefreshIfDue()
    {
        var now = _time.GetUtcNow();
        if (now - _checked < Refresh) return;
        _checked = now;
        var docs = store.Store.ListDocuments(DriftStore.ExpectationsKind).OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
        var listed = string.Join("\n", docs.Select(d => $"{d.Id}@{d.Created.UtcTicks}"));
        if (listed == _listed) return;
        var all = new List<(DriftExpectation, string)>();
        foreach (var d in docs)
        {
            if (store.Store.LoadDocument(DriftStore.ExpectationsKind, d.Id) is not { } doc) continue;
            try
            {
                var file = ExpectationsFile.Parse(doc.Json, d.Id, $"stored expectations '{d.Id}'");
                all.AddRange(file.Expectations.Select(e => (e, $"expectation '{e.Name}' of '{d.Id}' stored {doc.Created:yyyy-MM-dd'T'HH:mm:ss'Z'}")));
            }
            catch (DriftFileException)
            {
                // Checked when stored; a file that no longer parses (written by a newer version) is left out.
            }
        }
        _all = all;
        _listed = listed;
        _matched.Clear();
    }

    private static double PropertyValue(Twin twin, PropertyMean p, DriftExpectation e)
    {
        var parts = p.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        TwinProperty? property = null;
        if (parts.Length == 1 && twin.Properties.TryGetValue(parts[0], out var top)) property = top;
        else if (parts.Length == 2 && twin.Components.TryGetValue(parts[0], out var c) && c.Properties.TryGetValue(parts[1], out var inner)) property = inner;
        if (property is null || property.Value.ValueKind != JsonValueKind.Number)
            throw new TwinLabException(ErrorCodes.InvalidArgument,
                $"expectation '{e.Name}': twin '{twin.Id}' has no numeric property {p.Path} to take the expected {e.Telemetry} from.");
        return property.Value.GetDouble();
    }
}
