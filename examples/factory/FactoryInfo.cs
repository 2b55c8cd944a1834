using TwinLab.Simulation.Experiments;

namespace TwinLab.Examples.Factory;

/// <summary>The factory simulator's parameters and KPIs; the KPI constants are positions in <see cref="ReplicationOutcome.Kpis"/>.</summary>
internal static class FactoryInfo
{
    public const int Throughput = 0;
    public const int CostPerHour = 1;
    public const int ThroughputPerCost = 2;
    public const int MeanWip = 3;
    public const int FlowTime = 4;
    public const int Availability = 5;
    public const int CrewUtilisation = 6;
    public const int KpiCount = 7;

    public static SimulatorInfo Create() => new(
        "factory",
        "Serial production line from the twin: machines with random failures, buffers between them, a shared pool of repair crews.",
        [
            new ParameterSpec("buffer_size", ParameterKind.Integer, 0, Min: 0, Max: 10_000, Unit: "parts",
                Description: "Capacity of every buffer; 0 keeps each buffer's capacity from the twin."),
            new ParameterSpec("repair_crews", ParameterKind.Integer, 0, Min: 0, Max: 1_000, Unit: "crews",
                Description: "Repair crews shared by the line; 0 keeps the size of the twin's crew pool."),
            new ParameterSpec("mtbf_scale", ParameterKind.Real, 1.0, Min: 0.01, Max: 100,
                Description: "Multiplies every machine's mean time between failures (1.5 = a maintenance programme that makes failures a third rarer)."),
            new ParameterSpec("mttr_scale", ParameterKind.Real, 1.0, Min: 0.01, Max: 100,
                Description: "Multiplies every machine's mean repair time."),
            new ParameterSpec("warmup_hours", ParameterKind.Real, 8.0, Min: 0, Unit: "h",
                Description: "Hours discarded at the start, while the empty line fills; KPIs cover the rest of the horizon."),
            new ParameterSpec("line", ParameterKind.Choice, "",
                Description: "Id of the ProductionLine twin to simulate; empty when the graph has only one."),
        ],
        [
            new KpiSpec("throughput", "parts/h", KpiDirection.Maximise, "Parts leaving the last machine per hour."),
            new KpiSpec("cost_per_hour", "currency/h", KpiDirection.Minimise, "Line cost + crews × crew cost + buffer slots × slot cost."),
            new KpiSpec("throughput_per_cost", "parts/1000", KpiDirection.Maximise, "Parts made per 1000 units of money spent: throughput ÷ cost per hour × 1000."),
            new KpiSpec("mean_wip", "parts", KpiDirection.Minimise, "Time-average parts in the line (in buffers and on machines)."),
            new KpiSpec("flow_time", "min", KpiDirection.Minimise, "Mean time a part spends in the line (Little's law: WIP / throughput)."),
            new KpiSpec("availability", null, KpiDirection.Maximise, "Share of machine time not broken down (waiting for or under repair)."),
            new KpiSpec("crew_utilisation", null, KpiDirection.None, "Share of crew time spent repairing."),
        ]);
}
