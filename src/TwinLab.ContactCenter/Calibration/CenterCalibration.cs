using TwinLab.ContactCenter.Data;

namespace TwinLab.ContactCenter.Calibration;

/// <summary>Turns an interaction log and a roster into a <see cref="CenterModel"/> with a report of how well it fits.</summary>
public static class CenterCalibration
{
    /// <summary>
    /// Calibrates every queue × channel in the log: weekly arrival profile (with a back-tested forecast), handle-time
    /// distribution, patience from censored waits, resolution and repeat rates; plus the satisfaction model when
    /// enough rows were surveyed. Never fails for thin data: it falls back and says so in
    /// <see cref="CalibrationReport.Warnings"/>.
    /// </summary>
    /// <param name="interactions">The validated log.</param>
    /// <param name="roster">The agents (copied into the model; checked against the queues).</param>
    /// <param name="settings">Interval length, thresholds, seeds; defaults when null.</param>
    /// <exception cref="ArgumentException">the log is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">a setting is out of range.</exception>
    public static CalibrationReport Calibrate(IReadOnlyList<Interaction> interactions, Roster roster, CalibrationSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        ArgumentNullException.ThrowIfNull(roster);
        settings ??= new CalibrationSettings();
        settings.Validate();
        var (first, last) = ArrivalCounts.Window(interactions);
        var warnings = new List<CalibrationWarning>();

        // The simulator sends unresolved contacts back itself, so when the log marks repeats the arrival process is
        // fitted to fresh contacts only; counting repeats there too would offer them twice. A log that does not mark
        // them gives rates that already include repeats, and the model's repeat loop is switched off instead.
        var repeatsMarked = interactions.Any(c => c.RepeatContact is not null) && interactions.Any(c => c.RepeatContact != true);
        var fresh = repeatsMarked ? interactions.Where(c => c.RepeatContact != true).ToList() : interactions;
        var profiles = ArrivalProfile.Estimate(fresh, settings.IntervalMinutes, settings.Confidence, first, last);
        var patience = PatienceEstimate.Estimate(interactions, settings.Confidence, settings.MinAbandonments)
            .ToDictionary(p => (p.Queue, p.Channel));
        var resolution = ResolutionEstimate.Estimate(interactions, settings.Confidence, settings.DefaultRepeatDelayHours)
            .ToDictionary(r => (r.Queue, r.Channel));
        var handles = new HandleTimeChooser(interactions, settings);
        var rows = interactions.GroupBy(c => (c.Queue, c.Channel)).ToDictionary(g => g.Key, g => g.Count());

        var queues = new List<QueueCalibration>();
        foreach (var profile in profiles)
        {
            var key = (profile.Queue, profile.Channel);
            queues.Add(QueueCalibrator.Calibrate(profile, rows[key], handles, patience[key], resolution[key], repeatsMarked, settings, warnings));
        }

        warnings.Add(new CalibrationWarning("log",
            $"repeat delay set to the default {settings.DefaultRepeatDelayHours:0.#} h for every queue: the log has no customer key linking a repeat to its earlier contact"));
        var satisfaction = SatisfactionFit.TryFit(interactions, settings, warnings);
        RosterCheck.Add(roster, queues, warnings);

        var model = new CenterModel(settings.IntervalMinutes, queues.Select(q => q.Model).ToList(), roster, satisfaction);
        var intervals = queues.SelectMany(q => IntervalTable(q.Arrivals)).ToList();
        return new CalibrationReport(model, first, last, interactions.Count, queues, satisfaction, intervals, warnings, settings);
    }

    private static IEnumerable<IntervalFit> IntervalTable(ArrivalProfile profile)
    {
        var perHour = 60.0 / profile.IntervalMinutes;
        for (var k = 0; k < profile.Cells.Count; k++)
        {
            var cell = profile.Cells[k];
            var rate = profile.ArrivalRatesPerHour[k];
            yield return new IntervalFit(profile.Queue, profile.Channel, cell.Day, cell.Start, cell.DaysObserved, cell.MeanCount,
                cell.Variance, rate / perHour, rate, cell.Lower, cell.Upper, cell.DispersionIndex);
        }
    }
}
