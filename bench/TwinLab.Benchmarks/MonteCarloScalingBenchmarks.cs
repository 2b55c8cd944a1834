using BenchmarkDotNet.Attributes;
using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Queueing;

namespace TwinLab.Benchmarks;

/// <summary>
/// Monte Carlo scaling: 1,000 replications of an M/M/c queue (c = 3, ρ = 0.8, 5,000 customers each) on 1 and 2
/// threads. Target: the 2-thread run within 80% of linear, i.e. time(1) / (2 · time(2)) ≥ 0.8.
/// </summary>
[MemoryDiagnoser]
public class MonteCarloScalingBenchmarks
{
    private readonly MmcSimulator _simulator = new();
    private ScenarioSpec _scenario = null!;

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var parameters = ParameterSet.Create(_simulator.Info, [
            new("arrival_rate", 2.4), new("service_rate", 1.0), new("servers", 3.0), new("customers", 5000.0), new("warmup", 500.0)]);
        _scenario = new ScenarioSpec("M/M/3", parameters, []);
    }

    [Benchmark]
    public double ThousandReplications()
    {
        var context = new ExperimentContext(_simulator, new RunOptions(Seed: 1, Threads: Threads));
        return MonteCarloExperiment.Run(context, [_scenario], 1000)[0].Summaries[0].Mean;
    }
}
