using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using TwinLab.ContactCenter.Analytics;
using TwinLab.ContactCenter.Data;
using TwinLab.ContactCenter.Planning;
using TwinLab.ContactCenter.Simulation;
using TwinLab.ContactCenter.Twin;
using TwinLab.Core.Errors;
using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Random;
using TwinLab.Simulation.Statistics;

namespace TwinLab.Server.Domains;

/// <summary>
/// The centre's KPIs under three plans, simulated with common random numbers (replication r of every scenario uses stream
/// (seed, 0, r)): the current roster; the recommended plan, a shift schedule covering the Erlang requirement of the goal
/// (<see cref="SchedulePlanner.Schedule"/>, with a deterministic search limit so it repeats); and the current roster under
/// more contacts (every queue's arrival rates scaled by 1 + volume).
/// </summary>
/// <remarks>The schedule search takes seconds, so its result is kept per stored centre version (the model document's
/// save time and title) and goal: saving a new calibration changes the key, so a kept schedule cannot go stale.</remarks>
internal static class ContactScenarios
{
    /// <summary>CP-SAT deterministic time units per skill, as <c>twinlab contact staff</c>'s default: the same schedule on any machine.</summary>
    private const double SearchLimit = 2;

    private const int MaxKept = 16;

    private static readonly ConcurrentDictionary<string, StaffingSchedule> Schedules = new(StringComparer.Ordinal);

    /// <summary>Runs the scenarios and summarises each KPI: mean and 95% confidence interval of the mean over replications (Student t).</summary>
    public static JsonObject Run(StoredModel stored, StaffingGoal goal, double? shrinkage, int replications, ulong seed, double days, double volume, CancellationToken cancel)
    {
        var model = stored.Model;
        var key = string.Create(CultureInfo.InvariantCulture,
            $"{stored.Saved:O}|{stored.Title}|{goal.ServiceLevel}|{goal.TargetAnswerSeconds}|{goal.MaxAbandonment}|{goal.MaxOccupancy}|{shrinkage}");
        if (!Schedules.TryGetValue(key, out var schedule))
        {
            var table = ContactStaffing.Table(model, goal, shrinkage);
            try
            {
                schedule = SchedulePlanner.Schedule(model, table, new PlanningOptions { DeterministicTimeLimit = SearchLimit, TimeLimit = TimeSpan.FromSeconds(60) });
            }
            catch (InfeasibleScheduleException e)
            {
                throw new TwinLabException(ErrorCodes.InvalidArgument, $"No shift schedule covers the requirement of the goal: {e.Message}");
            }
            if (Schedules.Count >= MaxKept) Schedules.Clear();
            Schedules[key] = schedule;
        }
        var scaled = model with
        {
            Queues = [.. model.Queues.Select(q => q with { ArrivalRatesPerHour = [.. q.ArrivalRatesPerHour.Select(r => r * (1 + volume))] })],
        };
        var pct = (volume * 100).ToString("0.#", CultureInfo.InvariantCulture);
        var scenarios = new (string Id, string Name, string Description, CenterModel Model)[]
        {
            ("current", "Current roster", $"The stored roster: {model.Roster.Agents.Count} agents on their shifts.", model),
            ("recommended", "Recommended plan", $"A shift schedule ({schedule.Roster.Agents.Count} shifts of 8 h and 4 h with breaks) covering the Erlang requirement for the goal.", model with { Roster = schedule.Roster }),
            ("volume", $"Current roster, +{pct}% contacts", $"The stored roster with every queue's arrival rates × {(1 + volume).ToString("0.###", CultureInfo.InvariantCulture)}.", scaled),
        };
        var satisfaction = model.Satisfaction is not null;
        var result = new JsonArray();
        foreach (var (id, name, description, m) in scenarios)
        {
            var prepared = new ContactCenterSimulator(m).Prepare(
                ("days", ParameterValue.Of(days)),
                ("service_level_target_seconds", ParameterValue.Of(goal.TargetAnswerSeconds)));
            var runs = new ContactCenterResult[replications];
            Parallel.For(0, replications, new ParallelOptions { CancellationToken = cancel }, r => runs[r] = prepared.Simulate(RandomStream.For(seed, 0, r), cancel));
            result.Add(new JsonObject
            {
                ["id"] = id,
                ["name"] = name,
                ["description"] = description,
                ["agents"] = prepared.AgentCount,
                ["kpis"] = new JsonObject
                {
                    ["serviceLevel"] = Kpi(runs, r => r.Overall.ServiceLevel, 4),
                    ["asaSeconds"] = Kpi(runs, r => r.Overall.AverageSpeedOfAnswer, 2),
                    ["abandonment"] = Kpi(runs, r => r.Overall.AbandonmentRate, 4),
                    ["occupancy"] = Kpi(runs, r => r.Occupancy, 4),
                    ["handleSeconds"] = Kpi(runs, r => r.Overall.MeanHandle, 1),
                    ["satisfaction"] = satisfaction ? Kpi(runs, r => r.Overall.Satisfaction, 3) : null,
                    ["offered"] = Kpi(runs, r => r.Overall.Offered, 1),
                    ["paidAgentHours"] = Kpi(runs, r => r.PaidAgentHours, 1),
                    ["cost"] = Kpi(runs, r => r.Cost, 2),
                },
            });
        }
        return new JsonObject
        {
            ["goal"] = ContactStaffing.Goal(goal),
            ["replications"] = replications,
            ["seed"] = seed,
            ["days"] = days,
            ["volume"] = volume,
            ["confidence"] = 0.95,
            ["satisfactionModelled"] = satisfaction,
            ["units"] = new JsonObject
            {
                ["serviceLevel"] = "fraction 0–1 (answered within the target ÷ offered less those abandoning within it)",
                ["asaSeconds"] = "seconds (phone and chat answered live)",
                ["abandonment"] = "fraction 0–1 of offered",
                ["occupancy"] = "fraction 0–1 (busy ÷ staffed agent time)",
                ["handleSeconds"] = "seconds (mean handle time)",
                ["satisfaction"] = "predicted score of handled contacts (the calibrated satisfaction model's scale)",
                ["offered"] = "contacts over the horizon",
                ["paidAgentHours"] = "agent hours over the horizon",
                ["cost"] = "roster currency over the horizon",
            },
            ["scenarios"] = result,
        };
    }

    private static JsonObject Kpi(ContactCenterResult[] runs, Func<ContactCenterResult, double> pick, int digits)
    {
        var values = runs.Select(pick).Where(double.IsFinite).ToArray();
        if (values.Length == 0) return new JsonObject { ["mean"] = null, ["low95"] = null, ["high95"] = null, ["n"] = 0 };
        var s = Summaries.Summarize("kpi", values, 0.95);
        return new JsonObject
        {
            ["mean"] = HealthPayloads.Num(s.Mean, digits),
            ["low95"] = values.Length > 1 ? HealthPayloads.Num(s.CiLow, digits) : null,
            ["high95"] = values.Length > 1 ? HealthPayloads.Num(s.CiHigh, digits) : null,
            ["n"] = values.Length,
        };
    }
}
