using TwinLab.Core.Errors;
using TwinLab.Simulation.Events;
using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Random;

namespace TwinLab.Simulation.Queueing;

/// <summary>
/// The M/M/c queue as a simulator (<c>simulator: mmc</c>): Poisson arrivals, c servers with exponential
/// service, one FIFO queue. A reference model: its KPIs have closed forms in <see cref="ErlangC"/>, which
/// makes it the check that the engine and the experiment machinery are right.
/// </summary>
/// <remarks>
/// Each replication runs on the low-level <see cref="EventEngine"/> with its own engine and model, drawing
/// arrivals from <c>random.Split(0)</c> and service times from <c>random.Split(1)</c>, so scenarios that change
/// only the number of servers see the same customers (common random numbers).
/// With <c>customers</c> = 0 a replication runs for the setup's horizon instead of a customer count.
/// </remarks>
public sealed class MmcSimulator : ISimulator
{
    /// <inheritdoc />
    public SimulatorInfo Info { get; } = new(
        "mmc",
        "M/M/c queue: Poisson arrivals, c exponential servers, one FIFO queue (checks against Erlang C).",
        [
            new ParameterSpec("arrival_rate", ParameterKind.Real, 0.8, Min: 0, Unit: "1/time", Description: "Customers arriving per time unit (λ)."),
            new ParameterSpec("service_rate", ParameterKind.Real, 1.0, Min: 0, Unit: "1/time", Description: "Customers one server serves per time unit (μ)."),
            new ParameterSpec("servers", ParameterKind.Integer, 1, Min: 1, Max: 100_000, Description: "Number of servers (c)."),
            new ParameterSpec("customers", ParameterKind.Integer, 20_000, Min: 0, Max: 1e12, Unit: "customers",
                Description: "Customers measured per replication after the warm-up; 0 runs for the horizon instead."),
            new ParameterSpec("warmup", ParameterKind.Integer, 2_000, Min: 0, Max: 1e12, Unit: "customers",
                Description: "Customers discarded at the start, while the empty queue fills."),
        ],
        [
            new KpiSpec("mean_wait", "time", KpiDirection.Minimise, "Mean time waiting before service (Wq)."),
            new KpiSpec("p_wait", null, KpiDirection.Minimise, "Share of customers who had to wait."),
            new KpiSpec("mean_queue_length", "customers", KpiDirection.Minimise, "Time-average number waiting (Lq)."),
            new KpiSpec("utilisation", null, KpiDirection.None, "Time-average share of servers busy."),
            new KpiSpec("mean_system_time", "time", KpiDirection.Minimise, "Mean time from arrival to departure (W)."),
            new KpiSpec("throughput", "1/time", KpiDirection.Maximise, "Departures per time unit."),
        ]);

    /// <inheritdoc />
    public IPreparedModel Prepare(SimulationSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var p = setup.Parameters;
        var model = new Prepared(
            p.GetDouble("arrival_rate"), p.GetDouble("service_rate"), p.GetInt("servers"),
            (long)Math.Round(p.GetDouble("customers")), (long)Math.Round(p.GetDouble("warmup")), setup.Horizon);
        if (!(model.ArrivalRate > 0) || !double.IsFinite(model.ArrivalRate)) Invalid("arrival_rate must be positive");
        if (!(model.ServiceRate > 0) || !double.IsFinite(model.ServiceRate)) Invalid("service_rate must be positive");
        if (model.Customers == 0 && !(setup.Horizon > 0 && double.IsFinite(setup.Horizon)))
            Invalid("with customers = 0 the run needs a positive, finite horizon");
        return model;
    }

    private static void Invalid(string why) => throw new TwinLabException(ErrorCodes.InvalidArgument, $"Simulator 'mmc': {why}.");

    /// <summary>Immutable, so replications on several threads share it safely; each run builds its own engine and model.</summary>
    private sealed record Prepared(double ArrivalRate, double ServiceRate, int Servers, long Customers, long Warmup, double Horizon)
        : IPreparedModel
    {
        public ReplicationOutcome Run(RandomStream random, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(random);
            var engine = new EventEngine(Servers + 2); // at most one departure per server and the next arrival
            var byCount = Customers > 0;
            var model = new MmcModel(engine, random.Split(0), random.Split(1), ArrivalRate, ServiceRate, Servers,
                Warmup, byCount ? Customers : long.MaxValue);
            model.Start();
            var until = byCount ? double.PositiveInfinity : Horizon;
            long steps = 0;
            while (engine.NextEventTime < until && engine.Step())
                if ((++steps & 0xFFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
            if (!byCount) model.Finish(Horizon);
            return new ReplicationOutcome([
                model.MeanWait, model.WaitProbability, model.MeanQueueLength,
                model.Utilisation, model.MeanSystemTime, model.Throughput,
            ]);
        }
    }
}
