using BenchmarkDotNet.Attributes;
using TwinLab.ContactCenter.Analytics;

namespace TwinLab.Benchmarks.ContactCenter;

/// <summary>
/// The closed-form contact-centre analytics: one evaluation at the worked example (10 Erlangs, 14 agents) and a
/// full 80/20 staffing search at 1,000 Erlangs, which must stay under 1 ms (square-root start, O(1) steps).
/// </summary>
[MemoryDiagnoser]
public class ErlangBenchmarks
{
    // An illustrative five-minute mean patience; longer patience means more queue states to sum.
    private const double PatienceSeconds = 300;
    private static readonly Workload WorkedExample = new(100, TimeSpan.FromMinutes(30), 180);
    private static readonly Workload ThousandErlangs = Workload.PerHour(20_000, 180);

    /// <summary>Erlang C metrics for the worked example at 14 agents.</summary>
    [Benchmark]
    public double ErlangCMetricsAt14() => Erlang.C(WorkedExample, 14, 20).ServiceLevel;

    /// <summary>Erlang A metrics (5-minute patience) for the worked example at 14 agents.</summary>
    [Benchmark]
    public double ErlangAMetricsAt14() => Erlang.A(WorkedExample, 14, 20, PatienceSeconds).ServiceLevel;

    /// <summary>Fewest agents for 80/20 at 1,000 Erlangs, AHT 180 s, with Erlang C.</summary>
    [Benchmark]
    public int ErlangCStaffing1000Erlangs() => Erlang.StaffC(ThousandErlangs, StaffingGoal.EightyTwenty).Agents;

    /// <summary>Fewest agents for 80/20 at 1,000 Erlangs, AHT 180 s, with Erlang A (5-minute patience).</summary>
    [Benchmark]
    public int ErlangAStaffing1000Erlangs() => Erlang.StaffA(ThousandErlangs, StaffingGoal.EightyTwenty, PatienceSeconds).Agents;
}
