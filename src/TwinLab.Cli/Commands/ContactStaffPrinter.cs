using System.Globalization;
using TwinLab.ContactCenter.Analytics;
using TwinLab.ContactCenter.Planning;
using TwinLab.Simulation.Statistics;

namespace TwinLab.Cli.Commands;

/// <summary>The text output of <c>contact staff</c>.</summary>
internal static class ContactStaffPrinter
{
    public static void Print(TextWriter w, StaffingPlanRun plan, string? reportPath)
    {
        var t = plan.Table;
        w.WriteLine($"Centre: {plan.Title}.");
        w.WriteLine($"Staffing {plan.Basis} for {Describe(plan.Goal)} in every {t.IntervalMinutes}-minute interval "
            + $"(Erlang A per queue, Erlang C without patience, email by workload); shrinkage {Pct(t.Shrinkage)}.");
        Table.Write(w, ["day", "peak on contacts", "peak on duty", "agent-hours on contacts", "agent-hours on duty", "cost"],
            plan.Days.Select(d => (IReadOnlyList<string>)[d.Day.ToString(), I(d.PeakAgents), I(d.PeakScheduledAgents), F(d.AgentHours, "#,0.0"), F(d.ScheduledAgentHours, "#,0.0"), F(d.Cost, "#,0")]));
        var peak = plan.Peak;
        w.WriteLine($"Week: {F(t.AgentHours, "#,0.0")} agent-hours on contacts, {F(t.ScheduledAgentHours, "#,0.0")} scheduled agent-hours, cost {F(t.Cost, "#,0")}; "
            + $"peak {I(peak.ScheduledAgents)} agents on duty ({peak.Day} {peak.Start:HH:mm}).");
        w.WriteLine("  Queues are staffed apart (no pooling credit): multi-skilled agents need somewhat fewer; --verify simulates the schedule.");
        if (plan.Schedule is { } s) PrintSchedule(w, plan, s);
        if (plan.Verification is { } v) PrintVerification(w, plan, v);
        if (reportPath is not null) w.WriteLine($"wrote {reportPath}");
    }

    private static void PrintSchedule(TextWriter w, StaffingPlanRun plan, StaffingSchedule s)
    {
        var bound = s.Skills.Sum(k => k.Schedule.BestBound);
        var gap = s.Cost > 0 ? (s.Cost - bound) / s.Cost : 0;
        w.WriteLine();
        w.WriteLine($"Shift schedule (CP-SAT): {Status(s.Status)}, cost {F(s.Cost, "#,0")} (best bound {F(bound, "#,0")}, gap {Pct(gap)}), "
            + $"{I(s.Skills.Sum(k => k.Schedule.ShiftCount))} shifts, {F(s.Skills.Sum(k => k.Schedule.PaidHours), "#,0.0")} paid hours; "
            + $"over-coverage {F(plan.OverCoverageHours, "#,0.0")} agent-hours ({Pct(plan.RequiredWorkingHours > 0 ? plan.OverCoverageHours / plan.RequiredWorkingHours : 0)} above the {F(plan.RequiredWorkingHours, "#,0.0")} needed).");
        foreach (var k in s.Skills.Where(k => k.Schedule.Status != ScheduleStatus.Optimal))
            w.WriteLine($"  {k.Skill}: the search limit stopped the proof (feasible; raise --search-limit to search longer).");
        Table.Write(w, ["skill", "day", "start", "end", "shift", "agents"], Shifts(s).Select(r => (IReadOnlyList<string>)[
            r.Skill, r.Day.ToString(), r.Start.ToString("HH:mm", CultureInfo.InvariantCulture), r.End.ToString("HH:mm", CultureInfo.InvariantCulture), r.Template, I(r.Count)]));
    }

    private static void PrintVerification(TextWriter w, StaffingPlanRun plan, ContactStaffVerification v)
    {
        var e = v.Evaluation;
        var level = Pct(e.ServiceLevel.Confidence);
        w.WriteLine();
        w.WriteLine($"Simulated the schedule: {e.Replications} independent weeks, seed {v.Seed} (mean and {level} confidence interval):");
        Table.Write(w, ["kpi", "mean", $"{level} CI", "goal"],
        [
            ["service level", Pct(e.ServiceLevel.Mean), Ci(e.ServiceLevel, Pct), $"≥ {Pct(plan.Goal.ServiceLevel)} within {F(plan.Goal.TargetAnswerSeconds, "0.#")} s"],
            ["abandonment", Pct(e.AbandonmentRate.Mean), Ci(e.AbandonmentRate, Pct), plan.Goal.MaxAbandonment is { } a ? $"≤ {Pct(a)}" : ""],
            ["ASA", Sec(e.AverageSpeedOfAnswer.Mean), Ci(e.AverageSpeedOfAnswer, Sec), ""],
            ["occupancy", Pct(e.Occupancy.Mean), Ci(e.Occupancy, Pct), plan.Goal.MaxOccupancy is { } o ? $"≤ {Pct(o)}" : ""],
            ["cost/week", F(e.Cost.Mean, "#,0"), Ci(e.Cost, c => F(c, "#,0")), ""],
        ]);
        var staffed = plan.Table.Intervals.Count(i => i.Agents > 0);
        if (v.Missed.Count == 0)
        {
            w.WriteLine($"Every staffed interval ({I(staffed)}) met {Pct(plan.Goal.ServiceLevel)} on average.");
            return;
        }
        const int Shown = 8;
        var worst = v.Missed.OrderBy(i => i.Mean).Take(Shown).Select(i => $"{i.Day} {i.Start:HH:mm} ({Pct(i.Mean)})");
        w.WriteLine($"{I(v.Missed.Count)} of {I(staffed)} staffed intervals below {Pct(plan.Goal.ServiceLevel)} on average"
            + $"{(v.Missed.Count > Shown ? $", worst {Shown}" : "")}: {string.Join(", ", worst)}.");
    }

    /// <summary>A schedule's shifts grouped by skill, day, start and template (break placements merged).</summary>
    internal static IEnumerable<(string Skill, DayOfWeek Day, TimeOnly Start, TimeOnly End, string Template, int Count)> Shifts(StaffingSchedule s) =>
        s.Skills.SelectMany(k => k.Schedule.Shifts
            .GroupBy(x => (x.Day, x.Start, x.Template, x.End))
            .OrderBy(x => ((int)x.Key.Day + 6) % 7).ThenBy(x => x.Key.Start).ThenBy(x => x.Key.Template, StringComparer.Ordinal)
            .Select(x => (k.Skill, x.Key.Day, x.Key.Start, x.Key.End, x.Key.Template, x.Sum(y => y.Count))));

    internal static string Describe(StaffingGoal goal) =>
        $"{Pct(goal.ServiceLevel)} answered within {F(goal.TargetAnswerSeconds, "0.#")} s"
        + (goal.MaxAbandonment is { } a ? $", abandonment ≤ {Pct(a)}" : "")
        + (goal.MaxOccupancy is { } o ? $", occupancy ≤ {Pct(o)}" : "");

    private static string Status(ScheduleStatus status) => status == ScheduleStatus.Optimal ? "optimal" : "feasible";

    private static string Ci(KpiSummary k, Func<double, string> format) =>
        double.IsFinite(k.CiLow) && double.IsFinite(k.CiHigh) ? $"[{format(k.CiLow)}, {format(k.CiHigh)}]" : "n/a";

    private static string Pct(double v) => double.IsFinite(v) ? (v * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%" : "n/a";

    private static string Sec(double v) => double.IsFinite(v) ? v.ToString("0.0", CultureInfo.InvariantCulture) + " s" : "n/a";

    private static string I(int v) => v.ToString(CultureInfo.InvariantCulture);

    private static string F(double v, string format) => double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";
}
