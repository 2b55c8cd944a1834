using System.Globalization;
using System.Text.Json.Nodes;
using TwinLab.ContactCenter.Analytics;
using TwinLab.ContactCenter.Calibration;
using TwinLab.ContactCenter.Ingest;
using TwinLab.ContactCenter.Planning;
using TwinLab.ContactCenter.Reporting;
using TwinLab.ContactCenter.Simulation;
using TwinLab.ContactCenter.Twin;
using TwinLab.Core.Application;
using TwinLab.Core.History;
using TwinLab.Simulation.Random;

namespace TwinLab.Cli.Commands;

/// <summary>
/// The demo's contact centre: imports <c>examples/contact-center</c> (a month of interactions and the roster) into the
/// demo database, calibrates it, staffs every half hour for 80/20 with at most 5% abandonment and 85% occupancy, runs
/// a week of the current roster, and writes the report with the intraday load, staffing and KPI plots.
/// </summary>
internal static class ContactDemo
{
    private const int Replications = 5;
    private const ulong Seed = 20250301;

    internal sealed record Outcome(
        int RowsUsed, int RowsExcluded, CalibrationReport Calibration, StaffingTable Staffing, IReadOnlyList<ContactCenterResult> Week, string ReportPath);

    public static Outcome Run(TwinService service, WriteContext context, string examplesRoot, string resultsRoot)
    {
        var root = Path.Combine(examplesRoot, "contact-center");
        var logPath = Path.Combine(root, "interactions.csv");
        var rosterPath = Path.Combine(root, "roster.yaml");
        var roster = RosterFile.Read(rosterPath);
        var log = InteractionLog.Read(logPath);
        var twin = new ContactCenterTwin(service);
        twin.SaveLog(log.Interactions, logPath);
        twin.SaveRoster(roster, rosterPath);
        var calibration = CenterCalibration.Calibrate(log.Interactions, roster);
        twin.SaveModel(calibration.Model, $"interactions.csv: {calibration.Rows} contacts, {calibration.Model.IntervalMinutes}-minute intervals");
        twin.WriteGraph(calibration.Model, BranchInfo.Main, context);

        var goal = new StaffingGoal(0.8, 20) { MaxAbandonment = 0.05, MaxOccupancy = 0.85 };
        var staffing = IntervalStaffing.Compute(calibration.Model, goal);
        var week = new ContactCenterSimulator(calibration.Model).Prepare(("days", 7.0));
        var runs = Enumerable.Range(0, Replications).AsParallel().AsOrdered()
            .Select(r => week.Simulate(RandomStream.For(Seed, 0, r))).ToList();

        var minutes = calibration.Model.IntervalMinutes;
        var required = new List<StaffingSeries> { new("required (80/20, ≤ 5% abandoned, ≤ 85% occupancy)", Scheduled(staffing, null)) };
        var rostered = new List<StaffingSeries> { StaffingSeries.Rostered(roster, minutes) };
        foreach (var skill in staffing.Skills)
        {
            required.Add(new StaffingSeries("required", Scheduled(staffing, skill), skill));
            rostered.Add(StaffingSeries.Rostered(roster, minutes, queue: skill));
        }
        var reportPath = Path.Combine(resultsRoot, "contact-center", "report.html");
        ContactCenterReport.WriteHtml(new ContactCenterReportContent
        {
            Title = "Contact centre: the example month",
            Generated = $"Calibrated from {logPath}; staffing for 80/20; one simulated week of the current roster, {Replications} replications, seed {Seed}",
            Calibration = calibration,
            Staffing = new StaffingComparison(minutes, required, rostered),
            Simulation = new SimulationRuns("current roster, one week", runs) { ServiceLevelGoal = 0.8 },
        }, reportPath);
        return new Outcome(log.RowsUsed, log.RowsExcluded, calibration, staffing, runs, reportPath);
    }

    /// <summary>Agents to have on shift per interval (shrinkage included), for one skill or the whole centre.</summary>
    private static double[] Scheduled(StaffingTable table, string? skill) =>
        table.Intervals.Select(i => (double)(skill is null ? i.ScheduledAgents : i.Queues.Where(q => q.Queue == skill).Sum(q => q.ScheduledAgents))).ToArray();

    public static JsonObject Json(Outcome o) => new()
    {
        ["rowsUsed"] = o.RowsUsed,
        ["rowsExcluded"] = o.RowsExcluded,
        ["queues"] = o.Calibration.Model.Queues.Count,
        ["staffing"] = new JsonObject
        {
            ["agentHoursPerWeek"] = o.Staffing.AgentHours,
            ["scheduledAgentHoursPerWeek"] = o.Staffing.ScheduledAgentHours,
            ["peakScheduledAgents"] = o.Staffing.PeakScheduledAgents,
            ["costPerWeek"] = o.Staffing.Cost,
        },
        ["simulatedWeek"] = new JsonObject
        {
            ["replications"] = o.Week.Count,
            ["serviceLevel"] = o.Week.Average(r => r.Overall.ServiceLevel),
            ["abandonmentRate"] = o.Week.Average(r => r.Overall.AbandonmentRate),
            ["asaSeconds"] = o.Week.Average(r => r.Overall.AverageSpeedOfAnswer),
            ["occupancy"] = o.Week.Average(r => r.Occupancy),
            ["cost"] = o.Week.Average(r => r.Cost),
        },
        ["report"] = o.ReportPath,
    };

    public static void Print(TextWriter w, Outcome o, string dbPath)
    {
        static string P(double v) => v.ToString("P1", CultureInfo.InvariantCulture);
        static string N(double v, string f) => v.ToString(f, CultureInfo.InvariantCulture);
        w.WriteLine($"The contact-centre twin (examples/contact-center): {o.RowsUsed:N0} contacts of a month imported, {o.RowsExcluded} excluded, calibrated:");
        Table.Write(w, ["queue", "channel", "arrivals/day", "AHT s", "patience s", "FCR"], o.Calibration.Model.Queues.Select(q => (IReadOnlyList<string>)[
            q.Queue, q.Channel.ToString().ToLowerInvariant(), N(q.ArrivalRatesPerHour.Sum() * o.Calibration.Model.IntervalMinutes / 60 / 7, "0"),
            N(q.HandleSeconds.Mean, "0"), q.PatienceSeconds is { } p ? N(p.Mean, "0") : "-", N(q.FirstContactResolution, "0.00")]));
        w.WriteLine();
        w.WriteLine($"Staffing for 80/20, at most 5% abandoned, occupancy at most 85%: {N(o.Staffing.ScheduledAgentHours, "N0")} agent-hours on shift a week " +
            $"({N(o.Staffing.AgentHours, "N0")} on contacts), peak {o.Staffing.PeakScheduledAgents} agents, cost {N(o.Staffing.Cost, "N0")} a week.");
        var week = o.Week;
        w.WriteLine($"A simulated week of the current roster ({week.Count} replications): service level {P(week.Average(r => r.Overall.ServiceLevel))}, " +
            $"abandoned {P(week.Average(r => r.Overall.AbandonmentRate))}, ASA {N(week.Average(r => r.Overall.AverageSpeedOfAnswer), "0.0")} s, occupancy {P(week.Average(r => r.Occupancy))}.");
        w.WriteLine($"Report (intraday load, staffing, KPI plots): {o.ReportPath}");
        w.WriteLine($"Try changes: twinlab --db {dbPath} contact recommend --candidates examples/contact-center/candidates.yaml");
    }
}
