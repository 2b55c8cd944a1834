using Microsoft.Extensions.Logging;
using Orleans.Storage;
using TwinLab.Cluster.Twins;
using TwinLab.Core.Errors;
using TwinLab.Core.History;
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
/// Placed by <see cref="CoordinatorPlacement"/>: on the membership seed under localhost membership (where its state is
/// kept), otherwise on the silo that receives the request (the node an operator started the experiment on).
/// </remarks>
[CoordinatorPlacement]
internal sealed class ExperimentGrain(
    [PersistentState("experiment", ClusterStorage.Experiments)] IPersistentState<ExperimentGrainState> state,
    SimulatorCatalog catalog,
    ClusterExperimentOptions options,
    ClusterTwinOptions twinOptions,
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
        var branch = Validate(order);
        state.State.Twin = await FreezeTwinAsync(branch);
        state.State.Order = order;
        await SaveAsync();
        Begin(order);
        return Status();
    }

    public Task<ExperimentStatus> GetStatusAsync() => Task.FromResult(Status());

    public Task<string?> GetResultJsonAsync() => Task.FromResult(state.State.ResultJson);

    public Task<ExperimentTwin?> GetTwinAsync() => Task.FromResult(state.State.Twin);

    /// <summary>
    /// The scenario's branch as the twin grains hold it now — models, twins, relationships — as <c>twinlab run</c> forks
    /// its branch at the start: every replication, on whichever silo, computes from this state.
    /// </summary>
    private async Task<ExperimentTwin> FreezeTwinAsync(string branch)
    {
        var models = await GrainFactory.GetGrain<IModelsGrain>(branch).GetAsync();
        var graph = await new ClusterTwins(GrainFactory, twinOptions.IndexShards).SnapshotAsync(branch);
        return new ExperimentTwin(branch, models.Documents, SnapshotJson.Write(graph.Twins.Values, graph.Relationships));
    }

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
            mine.Twin ??= stored.Twin;
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
    /// <returns>The branch whose twin the experiment starts from.</returns>
    private string Validate(ExperimentOrder order)
    {
        ScenarioDefinition scenario;
        try
        {
            scenario = new ScenarioParser(catalog).Parse(order.ScenarioText, order.ScenarioFile);
            catalog.Get(scenario.Simulator);
        }
        catch (TwinLabException e)
        {
            throw new ArgumentException(e.Message, nameof(order));
        }
        if (order.PartitionSize < 0)
            throw new ArgumentException($"{order.ScenarioFile}: partition size {order.PartitionSize} must be at least 1 (or 0 for the cluster's default).", nameof(order));
        if (scenario.Twin.Load is not null || scenario.Twin.Models is not null)
            throw new ArgumentException($"{order.ScenarioFile}: 'twin: load' and 'twin: models' read files on the machine that runs the experiment, which a cluster does not; " +
                "put the models and twins on the cluster first (POST /models, PUT /digitaltwins/{id} on any node), then leave out 'load' and 'models'.", nameof(order));
        if (scenario.Twin.AtSequence is not null || scenario.Twin.AtTime is not null)
            throw new ArgumentException($"{order.ScenarioFile}: 'twin: at' forks an earlier state, but the cluster's twin grains hold only the current one; leave out 'at'.", nameof(order));
        return scenario.Twin.Branch;
    }

    private void Begin(ExperimentOrder order)
    {
        var id = this.GetPrimaryKeyString();
        var executor = new ClusterReplicationExecutor(GrainFactory, this.AsReference<IExperimentGrain>(), order, id,
            new Dictionary<string, PartitionResult>(state.State.Partitions, StringComparer.Ordinal), options, log);
        _executor = executor;
        var progress = new Progress(this);
        var twin = state.State.Twin is { } frozen ? ExperimentTwins.Read(frozen) : null;
        // Started on the grain's scheduler: the continuation after the engine's thread finishes runs as a turn of this grain.
        _ = Complete(Task.Run(() => Run(order, twin, executor, progress)));
        // Keep the coordinator active while it runs, even if nobody asks for its status.
        DelayDeactivation(TimeSpan.FromDays(1));
    }

    private string Run(ExperimentOrder order, Core.Twins.GraphSnapshot? twin, ClusterReplicationExecutor executor, Progress progress)
    {
        var scenario = new ScenarioParser(catalog).Parse(order.ScenarioText, order.ScenarioFile);
        if (order.Seed is { } seed) scenario = scenario with { Seed = seed };
        var record = ExperimentRunner.Run(scenario, catalog.Get(scenario.Simulator), twin,
            new TwinOrigin(scenario.Twin.Branch, 0, "(cluster: the branch's twin grains at the start)"),
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
        // The end is saved even while the cluster is still noticing a lost silo (its storage or directory calls refused
        // for a while): given up on, a re-activation would run the experiment's last stage again.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await SaveAsync();
                break;
            }
            catch (Exception e) when (e is OrleansException or TimeoutException && attempt + 1 < options.MaxAttempts)
            {
                log.LogWarning("Saving the end of experiment {Experiment} failed (attempt {Attempt}: {Error}); trying again",
                    this.GetPrimaryKeyString(), attempt + 1, e.Message);
                await Task.Delay(options.RetryDelay * (1 << Math.Min(attempt, 6)));
            }
        }
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
