using System.CommandLine;
using TwinLab.ContactCenter.Analytics;
using TwinLab.ContactCenter.Calibration;
using TwinLab.ContactCenter.Data;
using TwinLab.ContactCenter.Planning;
using TwinLab.ContactCenter.Twin;

namespace TwinLab.Cli.Commands;

/// <summary>
/// <c>twinlab contact staff [--target 80/20] [--max-abandon 5%] [--occupancy 85%] [--shrinkage S] [--forecast]
/// [--schedule] [--time-limit 60s] [--search-limit U] [--verify N] [--seed S] [--report FILE.html]</c>: the cheapest
/// staffing per interval of the week that meets the goal, optionally a CP-SAT shift schedule covering it and a
/// simulation of that schedule.
/// </summary>
internal static class ContactStaff
{
    /// <summary>CP-SAT deterministic time units per skill when <c>--search-limit</c> is not given: enough for the
    /// example centre's week to come within a few per cent of the bound, and the same schedule on every machine.</summary>
    internal const double DefaultSearchLimit = 2;

    public static Command Create(GlobalOptions g)
    {
        var target = new Option<string>("--target") { Description = "Service-level goal PERCENT/SECONDS for phone and chat", DefaultValueFactory = _ => "80/20" };
        var maxAbandon = new Option<string>("--max-abandon") { Description = "Cap on the abandonment share of phone and chat, e.g. 5%", DefaultValueFactory = _ => "5%" };
        var occupancy = new Option<string>("--occupancy") { Description = "Cap on agent occupancy, e.g. 85%", DefaultValueFactory = _ => "85%" };
        var shrinkage = new Option<string?>("--shrinkage") { Description = "Share of paid time off contacts (breaks, absence, training), e.g. 30% (default: the roster's)" };
        var forecast = new Option<bool>("--forecast") { Description = "Staff the forecast week after the log (recalibrates the stored log) instead of the average week" };
        var schedule = new Option<bool>("--schedule") { Description = "Also build a shift schedule covering the staffing (CP-SAT; 8-hour and 4-hour shifts with breaks)" };
        var timeLimit = new Option<string>("--time-limit") { Description = "Wall-clock safety cap of the schedule search per skill (the deterministic --search-limit normally ends it first, so results repeat)", DefaultValueFactory = _ => "60s" };
        var searchLimit = new Option<double>("--search-limit")
        {
            Description = "Work cap of the schedule search per skill, in CP-SAT deterministic time units (the same cap gives the same schedule on any machine)",
            DefaultValueFactory = _ => DefaultSearchLimit,
        };
        var verify = new Option<int?>("--verify") { Description = "Simulate the schedule for N independent weeks (N ≥ 2; implies --schedule)" };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the --verify simulation", DefaultValueFactory = _ => 1UL };
        var report = new Option<string?>("--report") { Description = "Write an HTML report: required vs scheduled vs rostered agents, and the simulation when verified" };
        var cmd = new Command("staff", "The cheapest staffing per interval of the week meeting a service-level goal (Erlang C/A per queue), optionally a CP-SAT shift schedule and its simulation")
            { target, maxAbandon, occupancy, shrinkage, forecast, schedule, timeLimit, searchLimit, verify, seed, report };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            ctx.RejectAsOf();
            ctx.RequireBranch(ctx.Branch);
            var goal = Goal(ctx.Get(target), ctx.Get(maxAbandon), ctx.Get(occupancy));
            double? shrink = ctx.Get(shrinkage) is { } s ? ContactInput.Share(s, "--shrinkage") : null;
            if (shrink >= 1) throw new CliUsageException("--shrinkage must be below 100%.");
            var replications = ctx.Get(verify);
            if (replications is < 2) throw new CliUsageException($"--verify needs at least 2 replications (for confidence intervals), got {replications}.");
            var planning = new PlanningOptions
            {
                TimeLimit = TimeSpan.FromSeconds(ContactInput.Seconds(ctx.Get(timeLimit), "--time-limit", "s")),
                DeterministicTimeLimit = ctx.Get(searchLimit) is var u && u > 0 && double.IsFinite(u) ? u
                    : throw new CliUsageException($"--search-limit must be a positive number of deterministic time units, got {u}."),
            };
            var reportPath = ctx.Get(report);

            var twin = ContactCommand.Twin(ctx);
            var stored = ContactCommand.RequireModel(ctx, twin);
            var (model, basis) = ctx.Get(forecast) ? ForecastModel(ctx, twin, stored.Model) : (stored.Model, "the average week of the log");
            var plan = new StaffingPlanRun(stored.Title, basis, model, goal, Table(model, goal, shrink));
            if (ctx.Get(schedule) || replications is not null) plan = plan with { Schedule = Schedule(model, plan.Table, planning) };
            if (replications is { } n)
                plan = plan with { Verification = ContactStaffVerification.Run(model, plan.Table, plan.Schedule!, n, ctx.Get(seed), simulateForReport: reportPath is not null) };
            if (reportPath is not null) ContactStaffReport.Write(plan, reportPath);
            if (ctx.Json) ctx.WriteJson(ContactStaffJson.Of(plan, reportPath));
            else ContactStaffPrinter.Print(ctx.Out, plan, reportPath);
            return 0;
        }));
        return cmd;
    }

    /// <summary>The goal from the command line's target and caps.</summary>
    internal static StaffingGoal Goal(string target, string maxAbandon, string occupancy)
    {
        var (level, seconds) = ContactInput.Target(target);
        var abandon = ContactInput.Share(maxAbandon, "--max-abandon");
        var busy = ContactInput.Share(occupancy, "--occupancy");
        if (abandon == 0) throw new CliUsageException($"--max-abandon {maxAbandon}: must be above 0% (100% lifts the cap).");
        if (busy == 0) throw new CliUsageException($"--occupancy {occupancy}: must be above 0% (100% lifts the cap).");
        return new StaffingGoal(level, seconds) { MaxAbandonment = abandon, MaxOccupancy = busy };
    }

    private static (CenterModel Model, string Basis) ForecastModel(CliContext ctx, ContactCenterTwin twin, CenterModel stored)
    {
        var log = ContactCommand.RequireLog(ctx, twin);
        var roster = twin.LoadRoster() ?? throw new CliUsageException(
            $"--forecast recalibrates the stored log, but no roster is stored in {ctx.DbPath}: run 'twinlab contact import {log.Source} --roster FILE' first.");
        var calibration = CenterCalibration.Calibrate(log.Interactions, roster.Roster, new CalibrationSettings { IntervalMinutes = stored.IntervalMinutes });
        try
        {
            var (model, dates) = ForecastWeek.Model(calibration);
            return (model, $"the forecast week {dates.Min():yyyy-MM-dd} to {dates.Max():yyyy-MM-dd}");
        }
        catch (ArgumentException e)
        {
            throw new CliUsageException($"--forecast: {e.Message}");
        }
    }

    private static StaffingTable Table(CenterModel model, StaffingGoal goal, double? shrinkage)
    {
        try
        {
            return IntervalStaffing.Compute(model, goal, new StaffingOptions { Shrinkage = shrinkage });
        }
        catch (InvalidOperationException e)
        {
            throw new CliUsageException($"No staffing meets the goal: {e.Message}");
        }
        catch (ArgumentException e)
        {
            throw new CliUsageException($"The stored centre cannot be staffed: {e.Message}");
        }
    }

    private static StaffingSchedule Schedule(CenterModel model, StaffingTable table, PlanningOptions options)
    {
        try
        {
            return SchedulePlanner.Schedule(model, table, options);
        }
        catch (InfeasibleScheduleException e)
        {
            throw new CliUsageException($"No shift schedule: {e.Message}");
        }
    }
}

/// <summary>Everything <c>contact staff</c> computed, for the printer, the JSON and the report.</summary>
/// <param name="Title">The stored centre's title.</param>
/// <param name="Basis">Which week was staffed, in words.</param>
/// <param name="Model">The centre staffed.</param>
/// <param name="Goal">The goal.</param>
/// <param name="Table">Required agents per interval.</param>
internal sealed record StaffingPlanRun(string Title, string Basis, CenterModel Model, StaffingGoal Goal, StaffingTable Table)
{
    /// <summary>The shift schedule, with <c>--schedule</c> or <c>--verify</c>.</summary>
    public StaffingSchedule? Schedule { get; init; }

    /// <summary>The simulation of the schedule, with <c>--verify</c>.</summary>
    public ContactStaffVerification? Verification { get; init; }

    /// <summary>The table summed per day, Monday first.</summary>
    public IReadOnlyList<StaffingDay> Days
    {
        get
        {
            var hours = Table.IntervalMinutes / 60.0;
            return Table.Intervals.GroupBy(i => i.Day).Select(d => new StaffingDay(d.Key,
                d.Max(i => i.Agents), d.Max(i => i.ScheduledAgents), d.Sum(i => i.Agents) * hours, d.Sum(i => i.ScheduledAgents) * hours,
                d.Sum(i => i.Cost))).ToArray();
        }
    }

    /// <summary>The interval with the most agents on duty (the first of equals).</summary>
    public IntervalRequirement Peak => Table.Intervals.MaxBy(i => i.ScheduledAgents)!;

    /// <summary>Agent-hours of coverage beyond the requirement, over all skills.</summary>
    public double OverCoverageHours => Schedule is null ? 0
        : Schedule.Skills.Sum(s => s.Schedule.OverCoverage.Sum()) * Table.IntervalMinutes / 60.0;

    /// <summary>Agent-hours the schedule had to cover (agents working, not on break), over all skills.</summary>
    public double RequiredWorkingHours => Schedule is null ? 0
        : Schedule.Skills.Sum(s => s.Required.Sum()) * Table.IntervalMinutes / 60.0;
}

/// <summary>One day of a staffing table.</summary>
/// <param name="Day">The day.</param>
/// <param name="PeakAgents">Most agents on contacts in an interval.</param>
/// <param name="PeakScheduledAgents">Most agents on duty (after shrinkage) in an interval.</param>
/// <param name="AgentHours">Agent-hours on contacts.</param>
/// <param name="ScheduledAgentHours">Agent-hours on duty.</param>
/// <param name="Cost">Cost of the agent-hours on duty.</param>
internal sealed record StaffingDay(DayOfWeek Day, int PeakAgents, int PeakScheduledAgents, double AgentHours, double ScheduledAgentHours, double Cost);
