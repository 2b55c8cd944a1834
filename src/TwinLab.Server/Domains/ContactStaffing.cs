using System.Text.Json.Nodes;
using TwinLab.ContactCenter.Analytics;
using TwinLab.ContactCenter.Data;
using TwinLab.ContactCenter.Planning;
using TwinLab.ContactCenter.Reporting;

namespace TwinLab.Server.Domains;

/// <summary>
/// Staffing against requirement per interval of the week: the fewest agents meeting the goal (Erlang C, or Erlang A where
/// customers abandon, per queue: <see cref="IntervalStaffing"/>), the agents to have on duty for them after shrinkage, and
/// the roster's agents on duty (<see cref="StaffingSeries.Rostered"/>: shifts less breaks), with the shortfall.
/// </summary>
internal static class ContactStaffing
{
    /// <summary>What <see cref="IntervalStaffing"/> and the roster give for <paramref name="skill"/> (null: every queue).</summary>
    /// <exception cref="Core.Errors.TwinLabException">No staffing meets the goal in some interval (InvalidArgument).</exception>
    public static JsonObject Of(CenterModel model, StaffingGoal goal, double? shrinkage, string? skill)
    {
        var table = Table(model, goal, shrinkage);
        var minutes = model.IntervalMinutes;
        var hours = minutes / 60.0;
        var rostered = StaffingSeries.Rostered(model.Roster, minutes, queue: skill).AgentsPerInterval;
        var rows = table.Intervals;
        IEnumerable<QueueRequirement> Needs(IntervalRequirement i) => i.Queues.Where(q => skill is null || q.Queue == skill);
        var required = rows.Select(i => (double)Needs(i).Sum(q => q.Agents)).ToArray();
        var onDuty = rows.Select(i => (double)Needs(i).Sum(q => q.ScheduledAgents)).ToArray();
        var shortfall = onDuty.Select((need, i) => Math.Max(0, need - rostered[i])).ToArray();
        // Centre-wide predictions only: IntervalStaffing combines them over every queue.
        JsonNode? Centre(Func<IntervalRequirement, double> pick, int digits) =>
            skill is null ? new JsonArray([.. rows.Select(i => HealthPayloads.Num(pick(i), digits))]) : null;
        static JsonArray Array(IEnumerable<double> values, int digits) => new([.. values.Select(v => HealthPayloads.Num(v, digits))]);
        return new JsonObject
        {
            ["scope"] = skill ?? "all",
            ["intervalMinutes"] = minutes,
            ["intervalsPerDay"] = 24 * 60 / minutes,
            ["goal"] = Goal(goal),
            ["shrinkage"] = HealthPayloads.Num(table.Shrinkage, 4),
            ["method"] = "Per queue and interval, the fewest agents meeting the goal by Erlang C (no abandonment) or Erlang A (exponential patience, mean from calibration), each interval taken as steady (Green, Kolesar & Whitt, POM 2007); chat agents hold several chats; email is staffed to keep up with the work. On duty = agents ÷ (1 − shrinkage), rounded up. Rostered = the roster's agents on shift and not on a break.",
            ["units"] = new JsonObject
            {
                ["agents"] = "agents (head count in the interval)", ["offered"] = $"contacts per {minutes}-minute interval, repeats included",
                ["offeredLoad"] = "Erlangs", ["asa"] = "seconds", ["serviceLevel"] = "fraction 0–1",
            },
            ["series"] = new JsonObject
            {
                ["offered"] = Array(rows.Select(i => Needs(i).Sum(q => q.Arrivals)), 3),
                ["offeredLoad"] = Array(rows.Select(i => Needs(i).Sum(q => q.OfferedLoad)), 3),
                ["required"] = Array(required, 0),
                ["requiredOnDuty"] = Array(onDuty, 0),
                ["rostered"] = Array(rostered, 3),
                ["shortfall"] = Array(shortfall, 3),
                ["serviceLevel"] = Centre(i => i.ServiceLevel, 4),
                ["asaSeconds"] = Centre(i => i.AverageSpeedOfAnswerSeconds, 2),
                ["abandonment"] = Centre(i => i.AbandonmentRate, 4),
                ["occupancy"] = Centre(i => i.Occupancy, 4),
            },
            ["totals"] = new JsonObject
            {
                ["requiredAgentHours"] = HealthPayloads.Num(required.Sum() * hours, 1),
                ["requiredOnDutyAgentHours"] = HealthPayloads.Num(onDuty.Sum() * hours, 1),
                ["rosteredAgentHours"] = HealthPayloads.Num(rostered.Sum() * hours, 1),
                ["shortfallIntervals"] = shortfall.Count(s => s > 1e-9),
                ["shortfallAgentHours"] = HealthPayloads.Num(shortfall.Sum() * hours, 1),
                ["peakRequiredOnDuty"] = onDuty.Length == 0 ? 0 : (int)onDuty.Max(),
                ["costPerWeek"] = HealthPayloads.Num(rows.Sum(i => Needs(i).Sum(q => q.Cost)), 2),
            },
        };
    }

    /// <summary>The staffing table, or a 400 naming what cannot be met.</summary>
    public static StaffingTable Table(CenterModel model, StaffingGoal goal, double? shrinkage)
    {
        try
        {
            return IntervalStaffing.Compute(model, goal, new StaffingOptions { Shrinkage = shrinkage });
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            throw new Core.Errors.TwinLabException(Core.Errors.ErrorCodes.InvalidArgument, $"No staffing meets the goal: {e.Message}");
        }
    }

    public static JsonObject Goal(StaffingGoal goal) => new()
    {
        ["serviceLevel"] = goal.ServiceLevel,
        ["targetAnswerSeconds"] = goal.TargetAnswerSeconds,
        ["maxAbandonment"] = goal.MaxAbandonment,
        ["maxOccupancy"] = goal.MaxOccupancy,
        ["text"] = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{goal.ServiceLevel * 100:0.#}% answered within {goal.TargetAnswerSeconds:0.#} s, at most {(goal.MaxAbandonment ?? 1) * 100:0.#}% abandoned, occupancy at most {(goal.MaxOccupancy ?? 1) * 100:0.#}%"),
    };
}
