using System.Text;
using System.Text.Json;
using TwinLab.Core.History;
using TwinLab.Core.Twins;

namespace TwinLab.Sync.Drift;

public sealed partial class DriftMonitor
{
    /// <summary>The series touched by one batch of writes, loaded once and stored once.</summary>
    private sealed class Batch(DriftStore store)
    {
        private readonly Dictionary<string, DriftSeries> _series = new(StringComparer.Ordinal);
        private readonly HashSet<string> _dirty = new(StringComparer.Ordinal);
        private readonly Dictionary<string, long> _stored = new(StringComparer.Ordinal);

        public List<DriftEvent> Events { get; } = [];

        public DriftSeries? Find(string twinId, string? component, string telemetry)
        {
            var id = DriftSeries.IdOf(twinId, component, telemetry);
            if (_series.TryGetValue(id, out var found)) return found;
            var loaded = store.Load(twinId, component, telemetry);
            if (loaded is not null)
            {
                _series[id] = loaded;
                _stored[id] = loaded.LastSequence;
            }
            return loaded;
        }

        public DriftSeries Get(string twinId, string? component, string telemetry, string predictor)
        {
            if (Find(twinId, component, telemetry) is { } s) return s;
            var created = new DriftSeries { TwinId = twinId, Component = component, Telemetry = telemetry, Predictor = predictor };
            _series[created.Id] = created;
            return created;
        }

        /// <summary>The stored series of a twin (for a re-calibration, which starts them all afresh).</summary>
        public IEnumerable<DriftSeries> OfTwin(string twinId)
        {
            foreach (var s in store.List(twinId)) Find(s.TwinId, s.Component, s.Telemetry);
            return _series.Values.Where(s => s.TwinId == twinId).ToList();
        }

        /// <summary>Whether a write was judged for the series before this batch (a batch replayed after a crash).</summary>
        public bool Judged(DriftSeries s, long sequence) => _stored.TryGetValue(s.Id, out var stored) && sequence <= stored;

        public void Touch(DriftSeries s) => _dirty.Add(s.Id);

        public int Save()
        {
            var n = _dirty.Count;
            foreach (var id in _dirty) store.Save(_series[id]);
            _dirty.Clear();
            return n;
        }
    }

    /// <summary>Judges the numeric points of the writes (in order), stores the series and the position, publishes the events.</summary>
    private int Evaluate(IReadOnlyList<(long Sequence, IReadOnlyList<TelemetryPoint> Points)> writes, long upTo)
    {
        var cursor = Cursor();
        var batch = new Batch(Store);
        var context = new DriftContext(_service, _service.SnapshotOf(BranchInfo.Main), _time);
        var coverage = new Dictionary<(string, string?, string), IDriftPredictor?>();
        var judged = 0;
        foreach (var (sequence, points) in writes)
        {
            if (sequence <= cursor) continue;
            foreach (var message in points.GroupBy(p => (p.TwinId, p.Component, p.Timestamp)))
            {
                var (twinId, component, time) = message.Key;
                if (!context.Graph.Twins.TryGetValue(twinId, out var twin)) continue;
                Dictionary<string, JsonElement>? members = null;
                foreach (var point in message)
                {
                    if (point.Value.ValueKind != JsonValueKind.Number || !point.Value.TryGetDouble(out var value) || !double.IsFinite(value)) continue;
                    var key = (twinId, component, point.Name);
                    if (!coverage.TryGetValue(key, out var predictor))
                        coverage[key] = predictor = _predictors.For(twin, component, point.Name, context);
                    if (predictor is null) continue;
                    members ??= message.GroupBy(p => p.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Value, StringComparer.Ordinal);
                    var reading = new DriftReading(twinId, component, point.Name, time, value, sequence) { Message = members };
                    if (Judge(batch, predictor, reading, ref context)) judged++;
                }
            }
        }
        var stored = batch.Save();
        SaveCursor(upTo, now: stored > 0);
        foreach (var e in batch.Events) Raise(e);
        return judged;
    }

    /// <summary>One reading: forecast, residual, CUSUM, state. Returns whether it was judged.</summary>
    private bool Judge(Batch batch, IDriftPredictor predictor, DriftReading reading, ref DriftContext context)
    {
        var series = batch.Get(reading.TwinId, reading.Component, reading.Telemetry, predictor.Name);
        if (batch.Judged(series, reading.Sequence)) return false;
        series.LastSequence = Math.Max(series.LastSequence, reading.Sequence);
        batch.Touch(series);
        DriftForecast? forecast;
        try
        {
            forecast = predictor.Predict(reading, series.Recent, context);
            series.LastError = null;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            series.LastError = $"{reading.Time:O}: {e.Message}";
            return false;
        }
        if (forecast is null) return false;

        var rule = predictor.RuleFor(reading.TwinId, reading.Component, reading.Telemetry).Validate();
        series.Predictor = predictor.Name;
        series.Threshold = rule.Threshold;
        series.Reference = rule.Reference;
        series.FalseAlarmEvery = Math.Round(rule.AverageRunLength());
        series.Level = forecast.Level;
        if (series.Basis is not null && forecast.Basis is not null && series.Basis != forecast.Basis)
            Recalibrated(batch, series, new DriftRecalibrationRecord(_time.GetUtcNow(), false,
                $"the twin was re-calibrated outside the monitor ({forecast.Basis})", null, 0), reading.Time);
        series.Basis = forecast.Basis;

        var z = forecast.Standardize(reading.Value, Uniform(series.Id, reading.Time));
        var (upper, lower) = rule.Step(series.Upper, series.Lower, z);
        series.UpperStart = upper <= 0 ? null : series.Upper <= 0 ? reading.Time : series.UpperStart;
        series.LowerStart = lower <= 0 ? null : series.Lower <= 0 ? reading.Time : series.LowerStart;
        series.Upper = upper;
        series.Lower = lower;
        series.Readings++;
        series.TotalReadings++;
        if (forecast.Contains(reading.Value)) series.Inside++;
        series.Recent.Add(new DriftResidual(reading.Time, reading.Value, forecast.Expected, z));
        if (series.Recent.Count > DriftSeries.RecentCapacity) series.Recent.RemoveRange(0, series.Recent.Count - DriftSeries.RecentCapacity);
        series.Last = new DriftLastReading(reading.Time, reading.Value, forecast.Expected, forecast.Lower, forecast.Upper, z);

        if (series.State == DriftState.InFit && series.Statistic > rule.Threshold)
        {
            var above = series.Upper >= series.Lower;
            series.State = DriftState.Drifting;
            series.Direction = above ? "above" : "below";
            series.Since = (above ? series.UpperStart : series.LowerStart) ?? reading.Time;
            series.DetectedAt = reading.Time;
            series.RecalibrationPending = null;
            series.Episodes.Add(new DriftEpisode(series.Since.Value, reading.Time, _time.GetUtcNow(), series.Direction) { Peak = series.Statistic });
            if (series.Episodes.Count > DriftSeries.EpisodeCapacity) series.Episodes.RemoveAt(0);
            batch.Events.Add(EventOf(series, "detected", reading.Time));
        }
        else if (series.State == DriftState.Drifting)
        {
            if (series.Episodes.LastOrDefault() is { Ended: null } episode) episode.Peak = Math.Max(episode.Peak, series.Statistic);
            var side = series.Direction == "above" ? series.Upper : series.Lower;
            if (side <= 0 && series.Statistic <= rule.Threshold)
            {
                EndEpisode(series, reading.Time, "back in fit");
                batch.Events.Add(EventOf(series, "back in fit", reading.Time));
                InFit(series);
                return true;
            }
        }
        if (series.State == DriftState.Drifting && predictor.CanRecalibrate && Store.Settings(reading.TwinId).AutoRecalibrate)
            TryRecalibrate(batch, predictor, series, reading.Time, ref context);
        return true;
    }

    /// <summary>Asks the predictor to re-fit the twin; on success every series of the twin starts afresh.</summary>
    private void TryRecalibrate(Batch batch, IDriftPredictor predictor, DriftSeries series, DateTimeOffset at, ref DriftContext context)
    {
        DriftRecalibration result;
        try
        {
            result = predictor.Recalibrate(new DriftRecalibrationRequest(series.TwinId, series.Component, series.Telemetry,
                series.Since!.Value, series.DetectedAt!.Value, at), context);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            series.RecalibrationPending = $"re-calibration failed: {e.Message}";
            return;
        }
        if (!result.Done)
        {
            series.RecalibrationPending = result.Summary;
            return;
        }
        predictor.Forget(series.TwinId);
        context = context with { Graph = _service.SnapshotOf(BranchInfo.Main) };
        var record = new DriftRecalibrationRecord(_time.GetUtcNow(), true, result.Summary, result.DataFrom, result.DataPoints);
        foreach (var s in batch.OfTwin(series.TwinId).Where(s => s.Predictor == predictor.Name))
        {
            Recalibrated(batch, s, record, at);
            // The next forecast rests on the new calibration: that is this re-calibration, not one made elsewhere.
            s.Basis = null;
        }
    }

    /// <summary>The twin behind a series was re-fitted (as of reading time <paramref name="at"/>): the series starts afresh
    /// and an episode in progress ends.</summary>
    private static void Recalibrated(Batch batch, DriftSeries series, DriftRecalibrationRecord record, DateTimeOffset at)
    {
        if (series.State == DriftState.Drifting)
        {
            EndEpisode(series, at, "re-calibrated");
            batch.Events.Add(EventOf(series, "re-calibrated", at) with { Recalibration = record });
        }
        InFit(series);
        series.LastRecalibration = record;
        series.Restart();
        batch.Touch(series);
    }

    private IReadOnlyList<DriftSeries> Reset(string twinId, string? telemetry)
    {
        var batch = new Batch(Store);
        var now = _time.GetUtcNow();
        var reset = new List<DriftSeries>();
        foreach (var s in batch.OfTwin(twinId).Where(s => telemetry is null || s.Telemetry == telemetry || s.TelemetryPath == telemetry))
        {
            if (s.State == DriftState.Drifting)
            {
                EndEpisode(s, now, "reset");
                batch.Events.Add(EventOf(s, "reset", now));
            }
            InFit(s);
            s.Restart();
            batch.Touch(s);
            reset.Add(s);
        }
        batch.Save();
        foreach (var e in batch.Events) Raise(e);
        return reset;
    }

    /// <summary>The series fits again: the drift's fields are cleared (its episode keeps them).</summary>
    private static void InFit(DriftSeries series)
    {
        series.State = DriftState.InFit;
        series.Since = series.DetectedAt = null;
        series.Direction = null;
        series.RecalibrationPending = null;
    }

    private static void EndEpisode(DriftSeries series, DateTimeOffset time, string how)
    {
        if (series.Episodes.LastOrDefault() is { Ended: null } episode)
        {
            episode.Ended = time;
            episode.EndedBy = how;
        }
    }

    private static DriftEvent EventOf(DriftSeries s, string reason, DateTimeOffset time) => new(
        s.TwinId, s.Component, s.Telemetry, reason == "detected" ? DriftState.Drifting : DriftState.InFit, s.Predictor, s.Statistic, s.Threshold,
        s.Since ?? time, s.DetectedAt ?? time, time, s.Direction ?? "above", reason)
    {
        Reading = s.Last,
    };

    private void Raise(DriftEvent e)
    {
        try
        {
            _sink?.Publish(e);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The state is stored; a sink's failure (a full outbox) must not stop the monitor.
            LastError = $"publishing a drift event failed: {ex.Message}";
        }
        Changed?.Invoke(e);
    }

    /// <summary>A uniform number in (0, 1) fixed by the series and the reading time (FNV-1a, then SplitMix64), so judging
    /// the same reading again gives the same randomised residual.</summary>
    internal static double Uniform(string seriesId, DateTimeOffset time)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(seriesId))
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }
        var z = hash ^ (ulong)time.UtcTicks;
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return ((z >> 11) + 0.5) / (1UL << 53);
    }
}
