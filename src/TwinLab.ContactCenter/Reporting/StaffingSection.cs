using TwinLab.Simulation.Reports;

namespace TwinLab.ContactCenter.Reporting;

/// <summary>Required versus scheduled agents per interval: a chart per queue, the weekly totals and where the schedule falls short.</summary>
internal static class StaffingSection
{
    public static void Write(HtmlBuilder html, StaffingComparison staffing, IReadOnlyList<StaffingCharts> groups)
    {
        html.Section("staffing", "Staffing");
        html.Element("p", "Agents per interval over the week, Monday first: thick steps are required, thin ones scheduled. " +
            "A scheduled series is compared with the first required series of the same queue.");
        var hours = staffing.IntervalMinutes / 60.0;
        html.Table(["Queue", "Series", "Kind", "Agent-hours/week", "Peak agents", "Intervals short", "Largest shortfall"],
            groups.SelectMany(g => Rows(g, hours)));
        foreach (var g in groups)
        {
            html.Figure(g.Chart);
            var all = g.Required.Concat(g.Scheduled).ToList();
            var rows = Enumerable.Range(0, staffing.IntervalsPerWeek)
                .Where(i => all.Any(s => s.AgentsPerInterval[i] > 0))
                .Select(i => (IReadOnlyList<Cell>)[TimeAxis.WeekInterval(i, staffing.IntervalMinutes), .. all.Select(s => Cell.Number(s.AgentsPerInterval[i]))]);
            IntradayLoadSection.Details(html, $"Agents per interval: {g.Queue ?? "all queues"}", h => h.Table(["Interval", .. all.Select(s => s.Name)], rows));
        }
        html.EndSection();
    }

    private static IEnumerable<IReadOnlyList<Cell>> Rows(StaffingCharts g, double hours)
    {
        var scope = g.Queue ?? "all queues";
        foreach (var s in g.Required) yield return [scope, s.Name, "required", Cell.Number(s.AgentsPerInterval.Sum() * hours), Cell.Number(s.AgentsPerInterval.Max()), "", ""];
        var reference = g.Required.FirstOrDefault();
        foreach (var s in g.Scheduled)
        {
            var gaps = reference is null ? [] : s.AgentsPerInterval.Select((v, i) => reference.AgentsPerInterval[i] - v).Where(d => d > 1e-9).ToArray();
            yield return
            [
                scope, s.Name, "scheduled", Cell.Number(s.AgentsPerInterval.Sum() * hours), Cell.Number(s.AgentsPerInterval.Max()),
                reference is null ? Cell.Numeric("—") : Cell.Numeric(gaps.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                reference is null ? Cell.Numeric("—") : Cell.Number(gaps.Length == 0 ? 0 : gaps.Max()),
            ];
        }
    }
}
