using BenchmarkDotNet.Attributes;
using TwinLab.Simulation.Events;
using TwinLab.Simulation.Queueing;
using TwinLab.Simulation.Random;

namespace TwinLab.Benchmarks.Simulation;

/// <summary>
/// The discrete-event engine on the M/M/1 queue (λ = 0.8, μ = 1); target: at least 10 million events a second
/// on one core. Each benchmark reports time per event (OperationsPerInvoke), so events/s = 1 s / Mean.
/// An event is an arrival or a service completion.
/// </summary>
[MemoryDiagnoser]
public class EventEngineBenchmarks
{
    private const int Customers = 2_000_000;
    private const int ProcessCustomers = 250_000;
    private ulong _seed;

    /// <summary>A fresh seed per invocation, so no invocation replays another's customers.</summary>
    [IterationSetup]
    public void NextSeed() => _seed++;

    /// <summary>The low-level engine: one handler, struct events, no allocation per event. N customers are exactly 2N events.</summary>
    [Benchmark(OperationsPerInvoke = 2 * Customers)]
    public double MM1LowLevel()
    {
        var random = RandomStream.FromSeed(_seed);
        var engine = new EventEngine();
        var model = new MmcModel(engine, random.Split(0), random.Split(1), 0.8, 1.0, 1, 0, Customers);
        model.Start();
        engine.Run();
        return model.MeanWait;
    }

    /// <summary>The process layer, written as a SimPy user would (per event: two per customer, as counted for SimPy).</summary>
    [Benchmark(OperationsPerInvoke = 2 * ProcessCustomers)]
    public double MM1ProcessLayer()
    {
        var random = RandomStream.FromSeed(_seed);
        return MmcProcessModel.Run(random.Split(0), random.Split(1), 0.8, 1.0, 1, ProcessCustomers).EndTime;
    }
}
