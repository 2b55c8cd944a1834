using TwinLab.Core.Twins;

namespace TwinLab.Simulation.Experiments;

/// <summary>
/// Everything an experiment needs to evaluate scenarios: the simulator, the twin it starts from, the run options
/// and the cancellation token. Experiments (Monte Carlo, comparison, sweep, optimisation, sensitivity, calibration)
/// are written against this, so they know nothing about any domain.
/// </summary>
/// <remarks>Thread-safe for progress counting; scenarios are evaluated one at a time, their replications in parallel.</remarks>
public sealed class ExperimentContext(
    ISimulator simulator,
    RunOptions options,
    GraphSnapshot? twin = null,
    double horizon = 0,
    CancellationToken cancellationToken = default)
{
    private long _completed;
    private long _total;

    /// <summary>The simulator.</summary>
    public ISimulator Simulator { get; } = simulator;
    /// <summary>The simulator's parameters and KPIs.</summary>
    public SimulatorInfo Info { get; } = simulator.Info;
    /// <summary>Seed, threads, progress.</summary>
    public RunOptions Options { get; } = options;
    /// <summary>The twin state the experiment starts from (a branch of the live twin), if any.</summary>
    public GraphSnapshot? Twin { get; } = twin;
    /// <summary>Simulated time per replication.</summary>
    public double Horizon { get; } = horizon;
    /// <summary>Telemetry of the twin, for simulators that calibrate or replay.</summary>
    public Func<string, IReadOnlyList<TelemetryPoint>>? Telemetry { get; init; }
    /// <summary>Stops the experiment; finished replications are kept.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;
    /// <summary>Whether a stop was requested.</summary>
    public bool IsCancelled => CancellationToken.IsCancellationRequested;

    /// <summary>Parameter values: the simulator's defaults with <paramref name="overrides"/>.</summary>
    public ParameterSet Parameters(IEnumerable<KeyValuePair<string, ParameterValue>>? overrides = null) =>
        ParameterSet.Create(Info, overrides);

    /// <summary>Adds to the number of replications the progress bar expects.</summary>
    public void Plan(long replications)
    {
        Interlocked.Add(ref _total, replications);
        Report("planning");
    }

    /// <summary>Runs a fixed number of replications of a scenario.</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="index">Its index in the experiment's results.</param>
    /// <param name="replications">How many.</param>
    /// <param name="streamIndex">Scenario index for the random streams; pass the same value for scenarios compared
    /// with common random numbers. Defaults to <paramref name="index"/>.</param>
    public ScenarioResult Run(ScenarioSpec scenario, int index, int replications, int? streamIndex = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(replications);
        var (setup, model) = Prepare(scenario);
        var outcomes = new ReplicationOutcome?[replications];
        var stream = streamIndex ?? index;
        RunRange(scenario, setup, model, stream, 0, replications, outcomes);
        return ReplicationRunner.Collect(Info, index, scenario.Name, scenario.Parameters, scenario.Interventions, stream, outcomes);
    }

    /// <summary>Runs batches of replications until <paramref name="target"/> is met (or its maximum is reached).</summary>
    public ScenarioResult RunUntil(ScenarioSpec scenario, int index, PrecisionTarget target, int? streamIndex = null)
    {
        var kpi = Info.KpiIndex(target.Kpi);
        if (kpi < 0) throw new Core.Errors.TwinLabException(Core.Errors.ErrorCodes.InvalidArgument,
            $"Precision target names KPI '{target.Kpi}', which simulator '{Info.Name}' does not report.");
        var (setup, model) = Prepare(scenario);
        var stream = streamIndex ?? index;
        var outcomes = new ReplicationOutcome?[target.MaxReplications];
        var done = 0;
        var next = Math.Min(Math.Max(target.MinReplications, 2), target.MaxReplications);
        while (true)
        {
            RunRange(scenario, setup, model, stream, done, next - done, outcomes);
            done = next;
            var result = ReplicationRunner.Collect(Info, index, scenario.Name, scenario.Parameters, scenario.Interventions, stream, outcomes.AsSpan(0, done));
            var summary = result.Summaries[kpi];
            var width = target.Relative ? summary.RelativeHalfWidth : summary.HalfWidth;
            if (width <= target.HalfWidth || done >= target.MaxReplications || IsCancelled) return result;
            next = Math.Min(done + target.BatchSize, target.MaxReplications);
            Plan(next - done);
        }
    }

    private (SimulationSetup Setup, IPreparedModel Model) Prepare(ScenarioSpec scenario)
    {
        var setup = new SimulationSetup(Twin, scenario.Parameters, Horizon, scenario.Interventions) { Telemetry = Telemetry };
        return (setup, Simulator.Prepare(setup));
    }

    private void RunRange(ScenarioSpec scenario, SimulationSetup setup, IPreparedModel model, int stream, int first, int count, ReplicationOutcome?[] outcomes)
    {
        if (Options.Executor is { } executor)
            executor.RunRange(new ReplicationRange(Info.Name, scenario, setup, model, Options.Seed, stream, first, count), outcomes,
                () => Finished(scenario.Name), CancellationToken);
        else
            ReplicationRunner.RunRange(model, Options, stream, first, count, outcomes, () => Finished(scenario.Name), CancellationToken);
    }

    private void Finished(string stage)
    {
        Interlocked.Increment(ref _completed);
        Report(stage);
    }

    private void Report(string stage) =>
        Options.Progress?.Report(new ExperimentProgress(Interlocked.Read(ref _completed), Interlocked.Read(ref _total), stage));
}
