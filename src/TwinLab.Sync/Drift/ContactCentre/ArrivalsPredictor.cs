using System.Globalization;
using System.Text.Json;
using TwinLab.ContactCenter.Calibration;
using TwinLab.ContactCenter.Data;
using TwinLab.ContactCenter.Models;
using TwinLab.ContactCenter.Twin;
using TwinLab.Core.Errors;
using TwinLab.Core.History;
using TwinLab.Core.Twins;

namespace TwinLab.Sync.Drift.ContactCentre;

/// <summary>
/// The contact-centre twin's prediction of a queue's arrivals: the <c>offered</c> telemetry of a <c>Queue</c> twin (contacts
/// that arrived in one arrival-rate interval, sent with the interval's start) against the queue's calibrated weekly
/// profile, <c>arrivalRatesPerHour</c> (a Poisson process with a constant rate in each interval of the week; Brown et al.,
/// JASA 2005).
/// </summary>
/// <remarks>
/// <para>The expected count of an interval is its rate × the interval's length (the week divided by the number of rates,
/// in UTC as the interaction log is); the count is Poisson, or negative binomial with the variance/mean ratio of the
/// stored interaction log's index-of-dispersion test (<see cref="DispersionCheck"/>) when that log shows over-dispersion.
/// An interval expected and found empty (the centre closed) says nothing and is skipped.</para>
/// <para>A queue reports 24–96 intervals a day, so the CUSUM threshold is set for a false alarm about once per 10,000
/// intervals (over a year at 24 open intervals a day) rather than the default 465 readings.</para>
/// <para>Re-calibration re-fits the arrival profile from the counts from the interval that raised the drift on (the change
/// point is an estimate, and counts from before the change would dilute the new level): a common level factor on the
/// weekly shape (the maximum-likelihood θ = Σ counts / Σ expected) once at least
/// <see cref="RecalibrationExpectedArrivals"/> arrivals were expected in them, and each interval's own mean where 28
/// days or more of counts exist (the profile's own estimator). It writes the new rates on the queue twin and, when a
/// calibrated centre is stored, into its model, so staffing and simulation use them.</para>
/// </remarks>
public sealed class ArrivalsPredictor(TimeProvider? time = null) : IDriftPredictor
{
    /// <summary>The telemetry judged.</summary>
    public const string Telemetry = "offered";

    /// <summary>The false-alarm spacing the rule is set for, in intervals.</summary>
    public const double FalseAlarmEvery = 10_000;

    /// <summary>Arrivals expected since the change before a re-fit (θ then has a relative SE of about 10%).</summary>
    public const double RecalibrationExpectedArrivals = 100;

    /// <summary>Days of counts since the change after which each interval is re-fitted on its own.</summary>
    public const int FullRefitDays = 28;

    private static readonly CusumRule Rule = CusumRule.ForFalseAlarmEvery(FalseAlarmEvery);

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Dictionary<string, double> _dispersion = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public string Name => "contact-centre";

    /// <inheritdoc />
    public bool CanRecalibrate => true;

    /// <inheritdoc />
    public CusumRule RuleFor(string twinId, string? component, string telemetry) => Rule;

    /// <inheritdoc />
    public bool Covers(Twin twin, string? component, string telemetry, DriftContext context) =>
        component is null && telemetry == Telemetry && context.Graph.Models.IsAssignableTo(twin.ModelId, ContactCenterModels.Queue);

    /// <inheritdoc />
    public DriftForecast? Predict(DriftReading reading, IReadOnlyList<DriftResidual> recent, DriftContext context)
    {
        var twin = context.Graph.GetTwin(reading.TwinId);
        var (rates, minutes, updated) = RatesOf(twin);
        var mean = rates[IntervalOf(reading.Time, minutes)] * minutes / 60.0;
        if (mean <= 0 && reading.Value == 0) return null;
        return new CountForecast(mean, DispersionOf(twin, minutes, context)) { Basis = $"arrival rates of {updated:yyyy-MM-dd'T'HH:mm:ss'Z'}" };
    }

    /// <inheritdoc />
    public DriftRecalibration Recalibrate(DriftRecalibrationRequest request, DriftContext context)
    {
        var twin = context.Graph.GetTwin(request.TwinId);
        var (rates, minutes, _) = RatesOf(twin);
        var counts = context.Service.ReadTelemetry(request.TwinId, Telemetry, request.DetectedAt, request.Until.AddTicks(1))
            .Where(p => p.Value.ValueKind == JsonValueKind.Number)
            .GroupBy(p => IntervalStart(p.Timestamp, minutes))
            .Select(g => (Start: g.Key, Count: g.Last().Value.GetDouble()))
            .ToList();
        var expected = counts.Sum(c => rates[IntervalOf(c.Start, minutes)] * minutes / 60.0);
        var observed = counts.Sum(c => c.Count);
        if (expected < RecalibrationExpectedArrivals)
            return DriftRecalibration.Pending(string.Create(CultureInfo.InvariantCulture,
                $"waiting for {RecalibrationExpectedArrivals:0} expected arrivals since the drift was detected at {request.DetectedAt:yyyy-MM-dd HH:mm} (θ within about ±10%); {expected:0.#} so far"));

        var theta = observed / expected;
        var refitted = rates.Select(r => r * theta).ToArray();
        var days = (counts[^1].Start - counts[0].Start).TotalDays + minutes / 1440.0;
        var own = 0;
        if (days >= FullRefitDays)
        {
            foreach (var cell in counts.GroupBy(c => IntervalOf(c.Start, minutes)))
            {
                refitted[cell.Key] = cell.Average(c => c.Count) * 60.0 / minutes;
                own++;
            }
        }
        var patch = JsonSerializer.SerializeToElement(refitted.Select(r => Math.Round(r, 6)).ToArray());
        context.Service.Write(BranchInfo.Main, new WriteContext("drift"),
            g => g.UpdateTwin(request.TwinId, [new JsonPatchOperation(PatchOp.Replace, "/arrivalRatesPerHour", patch)]));
        var stored = UpdateStoredModel(twin, refitted, context);
        _dispersion.Remove(request.TwinId);
        var how = own > 0
            ? $"each of {own} intervals re-fitted from its own counts over {days:0} days, the rest scaled by θ = {theta:0.00}"
            : $"the weekly profile scaled by θ = {theta:0.00} (the maximum-likelihood level: {observed:0} arrivals against {expected:0} expected)";
        return new DriftRecalibration(true, string.Create(CultureInfo.InvariantCulture,
            $"arrival profile re-fitted from {counts.Count} intervals since the drift was detected at {request.DetectedAt:yyyy-MM-dd HH:mm}: {how}; written on the queue twin{(stored ? " and the stored centre model" : "")}"),
            counts[0].Start, counts.Count);
    }

    /// <inheritdoc />
    public void Forget(string twinId) => _dispersion.Remove(twinId);

    private static (double[] Rates, int Minutes, DateTimeOffset Updated) RatesOf(Twin twin)
    {
        if (!twin.Properties.TryGetValue("arrivalRatesPerHour", out var property) || property.Value.ValueKind != JsonValueKind.Array)
            throw new TwinLabException(ErrorCodes.InvalidArgument,
                $"Queue twin '{twin.Id}' has no arrivalRatesPerHour; calibrate the centre with 'twinlab contact calibrate'.");
        var rates = property.Value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.NaN).ToArray();
        if (rates.Length == 0 || 7 * 24 * 60 % rates.Length != 0 || rates.Any(r => !(r >= 0)))
            throw new TwinLabException(ErrorCodes.InvalidArgument,
                $"Queue twin '{twin.Id}': arrivalRatesPerHour must hold one non-negative rate per interval of a week (e.g. 336 for 30-minute intervals), not {rates.Length} values.");
        return (rates, 7 * 24 * 60 / rates.Length, property.LastUpdateTime);
    }

    private static int IntervalOf(DateTimeOffset time, int minutes)
    {
        var utc = time.UtcDateTime;
        var day = ((int)utc.DayOfWeek + 6) % 7;
        return (day * 24 * 60 + utc.Hour * 60 + utc.Minute) / minutes;
    }

    private static DateTimeOffset IntervalStart(DateTimeOffset time, int minutes)
    {
        var utc = time.ToUniversalTime();
        var ticks = TimeSpan.FromMinutes(minutes).Ticks;
        return new DateTimeOffset(utc.UtcTicks - utc.UtcTicks % ticks, TimeSpan.Zero);
    }

    /// <summary>The variance/mean ratio of the queue's counts in the stored interaction log, when it shows over-dispersion; else 1.</summary>
    private double DispersionOf(Twin twin, int minutes, DriftContext context)
    {
        if (_dispersion.TryGetValue(twin.Id, out var known)) return known;
        var dispersion = 1.0;
        if (QueueOf(twin) is { } key && new ContactCenterTwin(context.Service, _time).LoadLog() is { } log)
        {
            var profile = ArrivalProfile.Estimate(log.Interactions.Where(i => i.Queue == key.Queue && i.Channel == key.Channel), minutes)
                .FirstOrDefault();
            if (profile?.Dispersion is { OverDispersed: true, Index: > 1 } d) dispersion = d.Index;
        }
        _dispersion[twin.Id] = dispersion;
        return dispersion;
    }

    private static (string Queue, Channel Channel)? QueueOf(Twin twin)
    {
        if (!twin.Properties.TryGetValue("queue", out var q) || q.Value.ValueKind != JsonValueKind.String) return null;
        if (!twin.Properties.TryGetValue("channel", out var c) || c.Value.ValueKind != JsonValueKind.String
            || !Enum.TryParse<Channel>(c.Value.GetString(), ignoreCase: true, out var channel)) return null;
        return (q.Value.GetString()!, channel);
    }

    private bool UpdateStoredModel(Twin twin, double[] rates, DriftContext context)
    {
        if (QueueOf(twin) is not { } key) return false;
        var centre = new ContactCenterTwin(context.Service, _time);
        if (centre.LoadModel() is not { } stored || stored.Model.IntervalsPerWeek != rates.Length) return false;
        var queues = stored.Model.Queues.Select(q => q.Queue == key.Queue && q.Channel == key.Channel ? q with { ArrivalRatesPerHour = rates } : q).ToList();
        if (!queues.Any(q => ReferenceEquals(q.ArrivalRatesPerHour, rates))) return false;
        centre.SaveModel(stored.Model with { Queues = queues }, $"{stored.Title} (arrivals of {key.Queue} {key.Channel} re-fitted after drift)");
        return true;
    }
}
