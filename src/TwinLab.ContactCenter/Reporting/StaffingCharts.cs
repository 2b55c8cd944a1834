using System.Globalization;
using TwinLab.Simulation.Reports;

namespace TwinLab.ContactCenter.Reporting;

/// <summary>One staffing chart: the required and scheduled series of one queue (or of the whole centre) over the week.</summary>
/// <param name="Queue">The queue; null for the whole centre.</param>
/// <param name="Chart">Required series as thick steps, scheduled ones as thin steps.</param>
/// <param name="Required">The required series drawn.</param>
/// <param name="Scheduled">The scheduled series drawn.</param>
internal sealed record StaffingCharts(string? Queue, ReportChart Chart, IReadOnlyList<StaffingSeries> Required, IReadOnlyList<StaffingSeries> Scheduled)
{
    public static IReadOnlyList<StaffingCharts> Create(StaffingComparison staffing, ChartNameBook names)
    {
        Validate(staffing);
        var queues = staffing.Required.Concat(staffing.Scheduled).Select(s => s.Queue).Distinct().ToList();
        var hours = staffing.IntervalMinutes / 60.0;
        return queues.Select(queue =>
        {
            var required = staffing.Required.Where(s => s.Queue == queue).ToList();
            var scheduled = staffing.Scheduled.Where(s => s.Queue == queue).ToList();
            var scope = queue ?? "all queues";
            var title = $"Staffing: {scope}, agents per {staffing.IntervalMinutes.ToString(CultureInfo.InvariantCulture)}-min interval";
            var chart = new ReportChart(names.Claim("staffing", scope), title, () =>
            {
                var plot = PlotKit.Create(title, "day of week", "agents");
                for (var i = 0; i < required.Count; i++) Lines.Steps(plot, required[i].AgentsPerInterval, hours, PlotKit.Colour(i), required[i].Name, 2.5f);
                for (var i = 0; i < scheduled.Count; i++)
                    Lines.Steps(plot, scheduled[i].AgentsPerInterval, hours, i == 0 ? PlotKit.Ink : PlotKit.Colour(required.Count + i), scheduled[i].Name, 1.2f);
                TimeAxis.Week(plot);
                TimeAxis.LegendBelow(plot);
                return plot;
            });
            return new StaffingCharts(queue, chart, required, scheduled);
        }).ToList();
    }

    /// <exception cref="ArgumentException">the interval does not divide a day, or a series is not one value ≥ 0 per interval of the week.</exception>
    public static void Validate(StaffingComparison staffing)
    {
        ArgumentNullException.ThrowIfNull(staffing.Required);
        ArgumentNullException.ThrowIfNull(staffing.Scheduled);
        if (staffing.IntervalMinutes <= 0 || 1440 % staffing.IntervalMinutes != 0)
            throw new ArgumentException($"Staffing: intervalMinutes {staffing.IntervalMinutes} must divide a day (15, 30 or 60).", nameof(staffing));
        var expected = staffing.IntervalsPerWeek;
        foreach (var series in staffing.Required.Concat(staffing.Scheduled))
        {
            if (series.AgentsPerInterval.Count != expected)
                throw new ArgumentException(
                    $"Staffing series '{series.Name}' has {series.AgentsPerInterval.Count} values; a week of {staffing.IntervalMinutes}-minute intervals has {expected} (Monday 00:00 first).",
                    nameof(staffing));
            for (var i = 0; i < expected; i++)
                if (!(series.AgentsPerInterval[i] >= 0) || double.IsInfinity(series.AgentsPerInterval[i]))
                    throw new ArgumentException(
                        $"Staffing series '{series.Name}': value {series.AgentsPerInterval[i].ToString(CultureInfo.InvariantCulture)} at {TimeAxis.WeekInterval(i, staffing.IntervalMinutes)} (index {i}) must be a finite number ≥ 0.",
                        nameof(staffing));
        }
    }
}
