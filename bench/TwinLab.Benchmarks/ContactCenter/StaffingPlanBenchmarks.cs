using BenchmarkDotNet.Attributes;
using TwinLab.ContactCenter.Analytics;
using TwinLab.ContactCenter.Data;
using TwinLab.ContactCenter.Planning;
using TwinLab.ContactCenter.Synthetic;

namespace TwinLab.Benchmarks.ContactCenter;

/// <summary>
/// Staffing a week of the example centre (4 queues × 336 half-hours, Erlang A with 80/20, 5% abandonment, 85%
/// occupancy) and solving its shift schedule with CP-SAT (standard 8 h and 4 h templates, one search worker).
/// </summary>
public class StaffingPlanBenchmarks
{
    private static readonly StaffingGoal Goal = StaffingGoal.EightyTwenty with { MaxAbandonment = 0.05, MaxOccupancy = 0.85 };
    private CenterModel _model = null!;
    private StaffingTable _table = null!;

    /// <summary>Builds the example centre and its staffing table once.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _model = SyntheticContactCentre.Truth();
        _table = IntervalStaffing.Compute(_model, Goal);
    }

    /// <summary>Fewest agents per queue and interval for the week.</summary>
    [Benchmark]
    public double StaffWeek() => IntervalStaffing.Compute(_model, Goal).Cost;

    /// <summary>The cheapest covering shift schedule, solved to optimality (both skills).</summary>
    [Benchmark]
    public double ScheduleWeek() => SchedulePlanner.Schedule(_model, _table, new PlanningOptions { TimeLimit = TimeSpan.FromSeconds(60) }).Cost;
}
