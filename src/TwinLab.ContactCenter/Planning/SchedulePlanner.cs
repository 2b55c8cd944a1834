using System.Globalization;
using TwinLab.ContactCenter.Analytics;
using TwinLab.ContactCenter.Data;
using TwinLab.ContactCenter.Simulation;
using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Random;
using TwinLab.Simulation.Statistics;

namespace TwinLab.ContactCenter.Planning;

/// <summary>
/// From a staffing table to shifts and back through the simulator: schedules each skill group with
/// <see cref="ShiftScheduler"/>, turns the shifts into a <see cref="Roster"/>, simulates what that roster really
/// delivers in the multi-skill centre, and optionally repairs intervals that miss the goal.
/// </summary>
/// <remarks>
/// Shrinkage: the table's shrinkage is a share of paid time, breaks included (as the roster's). The scheduler places
/// the breaks itself, so a skill's requirement is its agents ÷ (1 − r) with r = (s − b)/(1 − b) the rest of the
/// shrinkage beyond the break share b (the smallest among the templates, to stay on the safe side) — the same split
/// the simulator makes for an agent with rostered breaks.
/// </remarks>
public static class SchedulePlanner
{
    /// <summary>
    /// An 8-hour paid day (8 h 30 min span with a 30-minute unpaid lunch 3½–5 h in, and paid 15-minute breaks
    /// 1½–2½ h and 6–7 h in) and a 4-hour part-time shift (one paid 15-minute break 1½–2½ h in); starts every 30 minutes.
    /// </summary>
    public static IReadOnlyList<ShiftTemplate> StandardTemplates { get; } =
    [
        new("8h", 510, [new BreakRule(15, 90, 150), new BreakRule(30, 210, 300, Paid: false), new BreakRule(15, 360, 420)]),
        new("4h", 240, [new BreakRule(15, 90, 150)]),
    ];

    /// <summary>Schedules every skill of the table.</summary>
    /// <param name="model">The centre (its roster gives each skill's cost per hour and chat concurrency).</param>
    /// <param name="table">The staffing to cover.</param>
    /// <param name="options">Templates and solver limits.</param>
    /// <exception cref="InfeasibleScheduleException">A skill cannot be covered (the message names skill and interval).</exception>
    public static StaffingSchedule Schedule(CenterModel model, StaffingTable table, PlanningOptions? options = null) =>
        Schedule(model, table, options ?? new PlanningOptions(), extra: null);

    /// <summary>Simulates a roster over a week (Monday 00:00 on) and summarises service level per interval and the KPIs.</summary>
    /// <param name="model">The centre; its roster is replaced by <paramref name="roster"/>.</param>
    /// <param name="roster">The agents and shifts to try, e.g. <see cref="StaffingSchedule.Roster"/>.</param>
    /// <param name="goal">Gives the answer-time target for phone and chat.</param>
    /// <param name="replications">Independent weeks, ≥ 1 (≥ 2 for confidence intervals).</param>
    /// <param name="seed">Experiment seed: replication r uses stream (seed, 0, r), so answers repeat.</param>
    /// <param name="confidence">Confidence level of the intervals.</param>
    /// <param name="emailTargetHours">Email's answer target in hours.</param>
    public static ScheduleEvaluation Simulate(CenterModel model, Roster roster, StaffingGoal goal, int replications, ulong seed,
        double confidence = 0.95, double emailTargetHours = 24)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(roster);
        ArgumentNullException.ThrowIfNull(goal);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(replications);
        var simulator = new ContactCenterSimulator(model with { Roster = roster });
        var scenario = simulator.Prepare(
            ("days", ParameterValue.Of(7.0)),
            ("service_level_target_seconds", ParameterValue.Of(goal.TargetAnswerSeconds)),
            ("email_target_hours", ParameterValue.Of(emailTargetHours)));
        var results = new ContactCenterResult[replications];
        Parallel.For(0, replications, r => results[r] = scenario.Simulate(RandomStream.For(seed, 0, r)));

        var perDay = 24 * 60 / model.IntervalMinutes;
        var series = results.Select(r => r.Series.Single(s => s.Name == "service_level").Values).ToArray();
        var intervals = new IntervalServiceLevel[model.IntervalsPerWeek];
        for (var i = 0; i < intervals.Length; i++)
        {
            var values = series.Where(v => i < v.Length && !double.IsNaN(v[i])).Select(v => v[i]).ToArray();
            var day = (DayOfWeek)((i / perDay + 1) % 7);
            var start = TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(i % perDay * model.IntervalMinutes));
            if (values.Length == 0) { intervals[i] = new(i, day, start, double.NaN, double.NaN, double.NaN, 0); continue; }
            var s = Summaries.Summarize("service_level", values, confidence);
            intervals[i] = values.Length > 1
                ? new(i, day, start, s.Mean, s.CiLow, s.CiHigh, values.Length)
                : new(i, day, start, s.Mean, double.NaN, double.NaN, 1);
        }
        KpiSummary Kpi(string name, Func<ContactCenterResult, double> pick) =>
            Summaries.Summarize(name, results.Select(pick).Where(v => !double.IsNaN(v)).ToArray(), confidence);
        return new ScheduleEvaluation(intervals,
            Kpi("service_level", r => r.Overall.ServiceLevel),
            Kpi("abandonment_rate", r => r.Overall.AbandonmentRate),
            Kpi("asa", r => r.Overall.AverageSpeedOfAnswer),
            Kpi("occupancy", r => r.Occupancy),
            Kpi("cost", r => r.Cost),
            replications);
    }

    /// <summary>
    /// Schedules, simulates, and where a staffed interval's simulated mean service level misses the goal, adds one agent to
    /// the requirement of the skill needing most there and solves again; at most <paramref name="maxIterations"/> schedules.
    /// </summary>
    /// <param name="model">The centre.</param>
    /// <param name="table">The staffing to start from.</param>
    /// <param name="replications">Replications per simulation.</param>
    /// <param name="seed">Simulation seed (the same for every iteration: common random numbers).</param>
    /// <param name="maxIterations">Most schedules to solve, ≥ 1.</param>
    /// <param name="options">Templates and solver limits.</param>
    public static RepairedSchedule Repair(CenterModel model, StaffingTable table, int replications, ulong seed, int maxIterations = 3,
        PlanningOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxIterations);
        options ??= new PlanningOptions();
        var skills = table.Skills;
        var extra = skills.ToDictionary(s => s, _ => new double[table.Intervals.Count], StringComparer.Ordinal);
        for (var iteration = 1; ; iteration++)
        {
            var schedule = Schedule(model, table, options, extra);
            var evaluation = Simulate(model, schedule.Roster, table.Goal, replications, seed);
            // Only intervals the table staffs: where it needs nobody the centre is closed, and the few contacts the
            // simulator still sees there (repeats coming back at night, queues at closing) are not a staffing gap.
            var missed = evaluation.Intervals
                .Where(i => i.Mean < table.Goal.ServiceLevel && table.Intervals[i.Index].Agents > 0).Select(i => i.Index).ToArray();
            if (missed.Length == 0 || iteration == maxIterations)
            {
                var added = Enumerable.Range(0, table.Intervals.Count).Select(i => (int)skills.Sum(s => extra[s][i])).ToArray();
                return new RepairedSchedule(schedule, evaluation, iteration, missed, added);
            }
            foreach (var i in missed)
            {
                var busiest = skills.OrderByDescending(s => table.Intervals[i].AgentsFor(s) + extra[s][i]).First();
                extra[busiest][i] += 1;
            }
        }
    }

    private static StaffingSchedule Schedule(CenterModel model, StaffingTable table, PlanningOptions options, Dictionary<string, double[]>? extra)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Templates is not { Count: > 0 }) throw new ArgumentException("At least one shift template is needed.", nameof(options));
        var breakShare = options.Templates.Min(t => t.Breaks.Sum(b => b.Minutes) / (double)t.LengthMinutes);
        var rest = table.Shrinkage > breakShare ? (table.Shrinkage - breakShare) / (1 - breakShare) : 0;
        var skills = new List<SkillSchedule>();
        var agents = new List<Agent>();
        foreach (var skill in table.Skills)
        {
            var required = table.Intervals.Select(i => (i.AgentsFor(skill) + (extra?[skill][i.Index] ?? 0)) / (1 - rest)).ToArray();
            var template = GroupAgent(model, skill, table);
            var schedule = ShiftScheduler.Solve(new ShiftScheduleRequest(table.IntervalMinutes, required, options.Templates, template.CostPerHour)
            {
                TimeLimit = options.TimeLimit,
                DeterministicTimeLimit = options.DeterministicTimeLimit,
                Seed = options.Seed,
                MaxAgentsOnDuty = options.MaxAgentsOnDuty,
                Label = skill,
            });
            skills.Add(new SkillSchedule(skill, template, required, schedule));
            agents.AddRange(ToAgents(template, schedule));
        }
        return new StaffingSchedule(skills, new Roster(agents, table.Shrinkage));
    }

    /// <summary>The agents that work a schedule: one per shift, each with the group's skills and cost; ids are
    /// "{template id}-{number}-{day}-{HHmm}-{template name}".</summary>
    /// <param name="template">Skills, cost and chat concurrency of every agent.</param>
    /// <param name="schedule">The shifts.</param>
    public static IEnumerable<Agent> ToAgents(Agent template, ShiftSchedule schedule)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(schedule);
        var number = 0;
        foreach (var s in schedule.Shifts)
        {
            var shift = new Shift([s.Day], s.Start, s.End, s.Breaks.Select(b => new Break(b.Start, b.Minutes)).ToArray());
            for (var j = 1; j <= s.Count; j++)
                yield return template with
                {
                    Id = string.Create(CultureInfo.InvariantCulture, $"{template.Id}-{++number:000}-{s.Day.ToString()[..3].ToLowerInvariant()}-{s.Start:HHmm}-{s.Template}"),
                    Shifts = [shift],
                    CostPerHour = s.CostPerHour,
                };
        }
    }

    private static Agent GroupAgent(CenterModel model, string skill, StaffingTable table)
    {
        var skilled = model.Roster.Agents.Where(a => a.Skills.Any(s => s.Queue == skill)).ToArray();
        var cost = table.Intervals.SelectMany(i => i.Queues).FirstOrDefault(q => q.Queue == skill)?.CostPerHour ?? 0;
        var concurrency = skilled.Length > 0 ? Math.Max(1, (int)Math.Round(skilled.Average(a => a.ChatConcurrency), MidpointRounding.AwayFromZero)) : 2;
        return new Agent(skill, [new AgentSkill(skill)], [], cost, concurrency);
    }
}
