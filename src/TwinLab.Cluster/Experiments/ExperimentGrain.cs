using Microsoft.Extensions.Logging;
using Orleans.Placement;
using Orleans.Storage;
using TwinLab.Core.Errors;
using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Results;
using TwinLab.Simulation.Scenarios;

namespace TwinLab.Cluster.Experiments;

/// <summary>
/// Coordinates one experiment: runs <see cref="ExperimentRunner"/> — the engine the CLI and the server use — with a
/// <see cref="ClusterReplicationExecutor"/>, so every experiment type (Monte Carlo, comparison, sweep, optimisation,
/// sensitivity, calibration) spreads its replications over the cluster and merges them into the same record.
/// </summary>
/// <remarks>
/// The engine runs on a thread of its own (it blocks while partitions run), outside the grain's scheduler; it reports
/// finished partitions back through <see cref="RecordPartitionAsync"/>, a grain call, so grain state is only ever
/// touched on the grain's own turn. On activation with an unfinished order in state, the run resumes.
/// Placed on the silo that receives the request when it is one (the node an operator started the experiment on), so the
/// coordinator lives where its status is read.
/// </remarks>
[PreferLocalPlacement]
internal sealed class ExperimentGrain(
    [PersistentState("experiment", ClusterStorage.Experiments)] IPersistentState<ExperimentGrainState> state,
    SimulatorCatalog catalog,
    ClusterExperimentOptions options,
    TimeProvider time,
    ILogger<ExperimentGrain> log) : Grain, IExperimentGrain
{
    private ClusterReplicationExecutor? _executor;
    private ExperimentProgress _progress;
    private readonly Lock _progressGate = new();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Order is { } order && !IsOver)
        {
            state.State.Resumes++;
            log.LogInformation("Experiment {Experiment} resumes with {Partitions} partitions already finished", this.GetPrimaryKeyString(),
                state.State.Partitions.Count);
            Begin(order);
        }
        return Task.CompletedTask;
    }

    public async Task<ExperimentStatus> StartAsync(ExperimentOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (state.State.Order is { } existing)
        {
            if (existing != order)
                throw new InvalidOperationException($"Experiment '{this.GetPrimaryKeyString()}' already runs scenario file '{existing.ScenarioFile}' with other settings; start the new one under another id.");
            return Status();
        }
        Validate(order);
        state.State.Order = order;
        await SaveAsync();
        Begin(order);
        return Status();
    }

    public Task<ExperimentStatus> GetStatusAsync() => Task.FromResult(Status());

    public Task<string?> GetResultJsonAsync() => Task.FromResult(state.State.ResultJson);

    public async Task RecordPartitionAsync(PartitionResult result)
    {
        if (!state.State.Partitions.TryAdd(result.Key, result)) return;
        await SaveAsync();
    }

    /// <summary>
    /// Writes the state. A stale ETag means another writer got there first: the storage lost the record (an in-memory
    /// store whose silo died), or, with a persistent store, a second activation of this coordinator ran during a
    /// membership change. Either way the stored and this activation's progress are merged, not overwritten: a partition's
    /// result depends only on its key (same seed, same indices), so the union of finished partitions is right, and a
    /// result or an error either side has is kept (a result wins over an error).
    /// </summary>
    private async Task SaveAsync()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch (InconsistentStateException)
        {
            // Merged into this activation's object, which stays the state: code awaiting elsewhere in this grain holds it
            // (Complete sets ResultJson on the object it read before its await).
            var mine = state.State;
            await state.ReadStateAsync();
            var stored = state.State;
            foreach (var (key, result) in stored.Partitions) mine.Partitions.TryAdd(key, result);
            mine.Order ??= stored.Order;
            mine.ResultJson ??= stored.ResultJson;
            mine.Error = mine.ResultJson is null ? mine.Error ?? stored.Error : null;
            mine.Resumes = Math.Max(mine.Resumes, stored.Resumes);
            mine.Retries = Math.Max(mine.Retries, stored.Retries);
            state.State = mine;
            await state.WriteStateAsync();
        }
    }

    private bool IsOver => state.State.ResultJson is not null || state.State.Error is not null;

    /// <summary>Parses the scenario here, so a bad file is refused at once with the parser's file/line message.</summary>
    private void Validate(ExperimentOrder order)
    {
        try
        {
            var scenario = new ScenarioParser(catalog).Parse(order.ScenarioText, order.ScenarioFile);
            catalog.Get(scenario.Simulator);
        }
        catch (TwinLabException e)
        {
            throw new ArgumentException(e.Message, nameof(order));
        }
        if (order.PartitionSize < 0)
            throw new ArgumentException($"{order.ScenarioFile}: partition size {order.PartitionSize} must be at least 1 (or 0 for the cluster's default).", nameof(order));
    }

    private void Begin(ExperimentOrder order)
    {
        var id = this.GetPrimaryKeyString();
        var executor = new ClusterReplicationExecutor(GrainFactory, this.AsReference<IExperimentGrain>(), order, id,
            new Dictionary<string, PartitionResult>(state.State.Partitions, StringComparer.Ordinal), options, log);
        _executor = executor;
        var progress = new Progress(this);
        // Started on the grain's scheduler: the continuation after the engine's thread finishes runs as a turn of this grain.
        _ = Complete(Task.Run(() => Run(order, executor, progress)));
        // Keep the coordinator active while it runs, even if nobody asks for its status.
        DelayDeactivation(TimeSpan.FromDays(1));
    }

    private string Run(ExperimentOrder order, ClusterReplicationExecutor executor, Progress progress)
    {
        var scenario = new ScenarioParser(catalog).Parse(order.ScenarioText, order.ScenarioFile);
        if (order.Seed is { } seed) scenario = scenario with { Seed = seed };
        var record = ExperimentRunner.Run(scenario, catalog.Get(scenario.Simulator), null,
            new TwinOrigin(scenario.Twin.Branch, 0, "(cluster: no twin)"),
            new RunOptions(scenario.Seed, 1, progress) { Executor = executor }, time);
        return ResultsJson.Serialize(record);
    }

    private async Task Complete(Task<string> run)
    {
        try
        {
            state.State.ResultJson = await run;
        }
        catch (Exception e)
        {
            log.LogError(e, "Experiment {Experiment} failed", this.GetPrimaryKeyString());
            state.State.Error = e is AggregateException { InnerException: { } inner } ? inner.Message : e.Message;
        }
        state.State.Retries += _executor?.Retries ?? 0;
        await SaveAsync();
        DelayDeactivation(TimeSpan.Zero);
    }

    private ExperimentStatus Status()
    {
        ExperimentProgress p;
        lock (_progressGate) p = _progress;
        var s = state.State;
        var experimentState = s.Order is null ? ExperimentState.NotStarted
            : s.Error is not null ? ExperimentState.Failed
            : s.ResultJson is not null ? ExperimentState.Finished
            : ExperimentState.Running;
        var running = experimentState == ExperimentState.Running ? _executor : null;
        if (p.Total == 0 && experimentState == ExperimentState.Finished)
        {
            // Re-activated after the run: the engine's counts are gone, the finished partitions are not.
            var kept = s.Partitions.Values.Sum(r => (long)r.Outcomes.Count(o => o is not null));
            p = new ExperimentProgress(kept, kept, "finished");
        }
        return new ExperimentStatus(this.GetPrimaryKeyString(), experimentState, p.Completed, p.Total, s.Partitions.Count,
            running?.Outstanding ?? 0, s.Retries + (running?.Retries ?? 0), s.Resumes, RuntimeIdentity, s.Error);
    }

    /// <summary>Keeps the latest progress the engine reports (from its own thread).</summary>
    private sealed class Progress(ExperimentGrain grain) : IProgress<ExperimentProgress>
    {
        public void Report(ExperimentProgress value)
        {
            lock (grain._progressGate) grain._progress = value;
        }
    }
}
