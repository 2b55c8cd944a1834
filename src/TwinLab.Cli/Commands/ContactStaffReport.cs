using System.Globalization;
using TwinLab.ContactCenter.Planning;
using TwinLab.ContactCenter.Reporting;

namespace TwinLab.Cli.Commands;

/// <summary>The HTML report of <c>contact staff --report FILE</c>: per skill and for the whole centre, the agents
/// required, scheduled by the shift schedule, and rostered now; the simulated weeks when verified.</summary>
internal static class ContactStaffReport
{
    public static void Write(StaffingPlanRun plan, string path)
    {
        var t = plan.Table;
        var goal = ContactStaffPrinter.Describe(plan.Goal);
        var required = new List<StaffingSeries>();
        var scheduled = new List<StaffingSeries>();
        var roster = plan.Model.Roster;
        foreach (var skill in t.Skills)
        {
            required.Add(new StaffingSeries("required working", Working(plan, skill), skill));
            if (plan.Schedule?.Skills.FirstOrDefault(s => s.Skill == skill) is { } k)
                scheduled.Add(new StaffingSeries("scheduled shifts (CP-SAT)", k.Schedule.Coverage, skill));
            scheduled.Add(StaffingSeries.Rostered(roster, t.IntervalMinutes, "rostered now", skill));
        }
        required.Add(new StaffingSeries("required working", Sum(required), null));
        if (plan.Schedule is { } s)
            scheduled.Add(new StaffingSeries("scheduled shifts (CP-SAT)", Sum(s.Skills.Select(k => new StaffingSeries(k.Skill, k.Schedule.Coverage)).ToList()), null));
        scheduled.Add(StaffingSeries.Rostered(roster, t.IntervalMinutes, "rostered now"));

        var notes = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"Goal in every {t.IntervalMinutes}-minute interval: {goal}; shrinkage {t.Shrinkage * 100:0.#}%."),
            "Required working: agents on contacts (Erlang A/C per queue, summed per skill) plus the shrinkage beyond breaks; " +
            "scheduled and rostered agents count those on shift and not on a break.",
            "Rostered now: the stored roster's agents; an agent with several skills counts in each of their skills' charts, once in the total.",
        };
        var content = new ContactCenterReportContent
        {
            Title = "Contact-centre staffing",
            Generated = $"Staffed {plan.Basis}; centre: {plan.Title}",
            Notes = notes,
            Staffing = new StaffingComparison(t.IntervalMinutes, required, scheduled),
            Simulation = plan.Verification?.Replications is { } weeks
                ? new SimulationRuns($"scheduled shifts, {weeks.Count} simulated weeks", weeks) { ServiceLevelGoal = plan.Goal.ServiceLevel }
                : null,
        };
        try
        {
            ContactCenterReport.WriteHtml(content, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliUsageException($"Cannot write the report '{path}': {e.Message}");
        }
    }

    /// <summary>Agents of a skill that must be working (on shift, not on a break) per interval: the schedule's own
    /// requirement when there is one, else the same rule as <see cref="SchedulePlanner"/> (agents on contacts ÷ (1 − r),
    /// r the shrinkage beyond the smallest break share of the standard shifts).</summary>
    private static double[] Working(StaffingPlanRun plan, string skill)
    {
        if (plan.Schedule?.Skills.FirstOrDefault(s => s.Skill == skill) is { } k) return [.. k.Required];
        var t = plan.Table;
        var breakShare = SchedulePlanner.StandardTemplates.Min(x => x.Breaks.Sum(b => b.Minutes) / (double)x.LengthMinutes);
        var rest = t.Shrinkage > breakShare ? (t.Shrinkage - breakShare) / (1 - breakShare) : 0;
        return [.. t.AgentsPerInterval(skill).Select(a => a / (1 - rest))];
    }

    private static double[] Sum(IReadOnlyList<StaffingSeries> series)
    {
        var total = new double[series[0].AgentsPerInterval.Count];
        foreach (var s in series)
            for (var i = 0; i < total.Length; i++) total[i] += s.AgentsPerInterval[i];
        return total;
    }
}
