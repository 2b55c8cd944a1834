using System.Globalization;
using System.Text.Json.Nodes;
using TwinLab.ContactCenter.Analytics;
using TwinLab.ContactCenter.Planning;
using TwinLab.Simulation.Statistics;
using static TwinLab.Cli.Commands.ContactCalibrate;

namespace TwinLab.Cli.Commands;

/// <summary>The <c>--json</c> output of <c>contact staff</c>: numbers that do not exist (no contact in an interval) are null.</summary>
internal static class ContactStaffJson
{
    public static JsonObject Of(StaffingPlanRun plan, string? reportPath)
    {
        var t = plan.Table;
        return new JsonObject
        {
            ["centre"] = plan.Title,
            ["basis"] = plan.Basis,
            ["intervalMinutes"] = t.IntervalMinutes,
            ["shrinkage"] = t.Shrinkage,
            ["goal"] = Goal(plan.Goal),
            ["totals"] = new JsonObject
            {
                ["agentHours"] = t.AgentHours,
                ["scheduledAgentHours"] = t.ScheduledAgentHours,
                ["cost"] = t.Cost,
                ["peakScheduledAgents"] = t.PeakScheduledAgents,
                ["peakInterval"] = plan.Peak.Index,
            },
            ["days"] = new JsonArray([.. plan.Days.Select(d => (JsonNode)new JsonObject
            {
                ["day"] = d.Day.ToString(),
                ["peakAgents"] = d.PeakAgents,
                ["peakScheduledAgents"] = d.PeakScheduledAgents,
                ["agentHours"] = d.AgentHours,
                ["scheduledAgentHours"] = d.ScheduledAgentHours,
                ["cost"] = d.Cost,
            })]),
            ["intervals"] = new JsonArray([.. t.Intervals.Select(Interval)]),
            ["schedule"] = plan.Schedule is { } s ? Schedule(plan, s) : null,
            ["verification"] = plan.Verification is { } v ? Verification(v) : null,
            ["report"] = reportPath,
        };
    }

    private static JsonObject Goal(StaffingGoal g) => new()
    {
        ["serviceLevel"] = g.ServiceLevel,
        ["targetAnswerSeconds"] = g.TargetAnswerSeconds,
        ["maxAbandonment"] = g.MaxAbandonment,
        ["maxOccupancy"] = g.MaxOccupancy,
    };

    private static JsonNode Interval(IntervalRequirement i) => new JsonObject
    {
        ["index"] = i.Index,
        ["day"] = i.Day.ToString(),
        ["start"] = Time(i.Start),
        ["agents"] = i.Agents,
        ["scheduledAgents"] = i.ScheduledAgents,
        ["serviceLevel"] = Finite(i.ServiceLevel),
        ["asaSeconds"] = Finite(i.AverageSpeedOfAnswerSeconds),
        ["abandonment"] = Finite(i.AbandonmentRate),
        ["occupancy"] = Finite(i.Occupancy),
        ["cost"] = i.Cost,
        ["queues"] = new JsonArray([.. i.Queues.Select(q => (JsonNode)new JsonObject
        {
            ["queue"] = q.Queue,
            ["channel"] = q.Channel.ToString().ToLowerInvariant(),
            ["arrivals"] = q.Arrivals,
            ["offeredLoad"] = q.OfferedLoad,
            ["agents"] = q.Agents,
            ["scheduledAgents"] = q.ScheduledAgents,
            // For chat the metrics are of the chat slots (agents × concurrency); for email only occupancy is predicted.
            ["servers"] = q.Metrics.Agents,
            ["serviceLevel"] = Finite(q.Metrics.ServiceLevel),
            ["asaSeconds"] = Finite(q.Metrics.AverageSpeedOfAnswerSeconds),
            ["abandonment"] = Finite(q.Metrics.AbandonmentProbability),
            ["occupancy"] = Finite(q.Metrics.Occupancy),
            ["cost"] = q.Cost,
        })]),
    };

    private static JsonObject Schedule(StaffingPlanRun plan, StaffingSchedule s) => new()
    {
        ["status"] = Status(s.Status),
        ["cost"] = s.Cost,
        ["bestBound"] = s.Skills.Sum(k => k.Schedule.BestBound),
        ["shifts"] = s.Skills.Sum(k => k.Schedule.ShiftCount),
        ["paidHours"] = s.Skills.Sum(k => k.Schedule.PaidHours),
        ["requiredWorkingHours"] = plan.RequiredWorkingHours,
        ["overCoverageHours"] = plan.OverCoverageHours,
        ["rosterAgents"] = s.Roster.Agents.Count,
        ["skills"] = new JsonArray([.. s.Skills.Select(k => (JsonNode)new JsonObject
        {
            ["skill"] = k.Skill,
            ["status"] = Status(k.Schedule.Status),
            ["cost"] = k.Schedule.Cost,
            ["bestBound"] = k.Schedule.BestBound,
            ["shifts"] = k.Schedule.ShiftCount,
            ["paidHours"] = k.Schedule.PaidHours,
            ["costPerHour"] = k.Template.CostPerHour,
            // Agents working (on shift, not on break) that had to be there, and that are, per interval of the week.
            ["required"] = new JsonArray([.. k.Required.Select(r => (JsonNode)r)]),
            ["coverage"] = new JsonArray([.. k.Schedule.Coverage.Select(c => (JsonNode)c)]),
            ["shiftList"] = new JsonArray([.. k.Schedule.Shifts
                .OrderBy(x => ((int)x.Day + 6) % 7).ThenBy(x => x.Start)
                .Select(x => (JsonNode)new JsonObject
                {
                    ["day"] = x.Day.ToString(),
                    ["start"] = Time(x.Start),
                    ["end"] = Time(x.End),
                    ["template"] = x.Template,
                    ["agents"] = x.Count,
                    ["paidMinutes"] = x.PaidMinutes,
                    ["breaks"] = new JsonArray([.. x.Breaks.Select(b => (JsonNode)new JsonObject
                    {
                        ["start"] = Time(b.Start), ["minutes"] = b.Minutes, ["paid"] = b.Paid,
                    })]),
                })]),
        })]),
    };

    private static JsonObject Verification(ContactStaffVerification v)
    {
        var e = v.Evaluation;
        return new JsonObject
        {
            ["replications"] = e.Replications,
            ["seed"] = v.Seed,
            ["confidence"] = e.ServiceLevel.Confidence,
            ["serviceLevel"] = Kpi(e.ServiceLevel),
            ["abandonment"] = Kpi(e.AbandonmentRate),
            ["asaSeconds"] = Kpi(e.AverageSpeedOfAnswer),
            ["occupancy"] = Kpi(e.Occupancy),
            ["cost"] = Kpi(e.Cost),
            ["intervalsBelowTarget"] = new JsonArray([.. v.Missed.Select(i => (JsonNode)new JsonObject
            {
                ["index"] = i.Index, ["day"] = i.Day.ToString(), ["start"] = Time(i.Start),
                ["mean"] = Finite(i.Mean), ["ciLow"] = Finite(i.CiLow), ["ciHigh"] = Finite(i.CiHigh),
            })]),
        };
    }

    private static JsonObject Kpi(KpiSummary k) => new() { ["mean"] = Finite(k.Mean), ["ciLow"] = Finite(k.CiLow), ["ciHigh"] = Finite(k.CiHigh) };

    private static string Status(ScheduleStatus status) => status == ScheduleStatus.Optimal ? "optimal" : "feasible";

    private static string Time(TimeOnly t) => t.ToString("HH:mm", CultureInfo.InvariantCulture);
}
