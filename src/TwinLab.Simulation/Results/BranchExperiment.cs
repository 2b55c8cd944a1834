using TwinLab.Core.Application;
using TwinLab.Core.History;
using TwinLab.Core.Twins;
using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Scenarios;

namespace TwinLab.Simulation.Results;

/// <summary>How <see cref="BranchExperiment.Run"/> runs an experiment.</summary>
public sealed record BranchExperimentOptions
{
    /// <summary>Replications run at once; 0 means one per core. Results do not depend on it.</summary>
    public int Threads { get; init; }

    /// <summary>Receives progress after each finished replication (from worker threads), or <c>null</c>.</summary>
    public IProgress<ExperimentProgress>? Progress { get; init; }

    /// <summary>Keep the experiment's branch afterwards (default: discard it; its fork point is in the result).</summary>
    public bool KeepBranch { get; init; }

    /// <summary>
    /// Called with the fresh branch's name before its state is read, to put twins there (the CLI's <c>twin: load</c>);
    /// <c>null</c> when the twin is already in the database.
    /// </summary>
    public Action<string>? PrepareBranch { get; init; }

    /// <summary>Clock for the branch name, start time and duration.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}

/// <summary>A finished (or stopped) experiment as stored: the record and its <c>results.json</c> text.</summary>
/// <param name="Record">The record, with its unique result id.</param>
/// <param name="Json">The record as stored (<see cref="ResultsJson.Serialize"/>).</param>
public sealed record StoredExperiment(ExperimentRecord Record, string Json);

/// <summary>
/// The one run path of <c>twinlab run</c> and the server's <c>/experiments</c>: forks a fresh branch of the twin (at the
/// scenario's <c>twin: at</c> point), runs the experiment on its state, stores the result as a document of kind
/// <see cref="DocumentKind"/> under a unique id, and discards the branch.
/// </summary>
/// <remarks>Thread-safe: concurrent runs get distinct branch names and result ids. Names and ids end in a short random
/// suffix, so runs in other processes on the same database (<c>twinlab run</c> beside the server) in the same second do
/// not collide either; a taken name is retried with another suffix, and a result never overwrites a stored one.</remarks>
public static class BranchExperiment
{
    /// <summary>Kind under which experiment results are stored in the database.</summary>
    public const string DocumentKind = "experiment";

    // Choosing a free name (or id) and taking it must be one step when experiments run side by side.
    private static readonly Lock NameGate = new();

    /// <summary>Forks <paramref name="source"/>, runs the experiment on the fork, stores the result and discards the fork.</summary>
    /// <param name="service">The twin the experiment forks and where the result is stored.</param>
    /// <param name="source">The branch to fork (usually the scenario's <c>twin: branch</c>).</param>
    /// <param name="scenario">The parsed scenario file (its seed is the experiment's).</param>
    /// <param name="simulator">Its simulator.</param>
    /// <param name="options">Threads, progress, branch handling, clock.</param>
    /// <param name="cancellationToken">Stops the run; finished replications are kept and the stored record is marked cancelled.</param>
    /// <exception cref="Core.Errors.TwinLabException">Unknown source branch, or a fork point outside the history.</exception>
    public static StoredExperiment Run(
        TwinService service, string source, ScenarioDefinition scenario, ISimulator simulator, BranchExperimentOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(simulator);
        ArgumentNullException.ThrowIfNull(options);
        long? at = scenario.Twin.AtSequence ?? (scenario.Twin.AtTime is { } time ? service.SequenceAt(time) : null);
        var (branch, info) = CreateFreshBranch(service, source, at, scenario, options.Time);
        try
        {
            options.PrepareBranch?.Invoke(branch);
            var twin = service.SnapshotOf(branch);
            var record = ExperimentRunner.Run(scenario, simulator, twin, new TwinOrigin(source, info.ForkSequence, branch),
                new RunOptions(scenario.Seed, options.Threads, options.Progress), options.Time, cancellationToken);
            return Store(service, record);
        }
        finally
        {
            if (!options.KeepBranch) service.DiscardBranch(branch);
        }
    }

    /// <summary>Stores <paramref name="record"/> under its id and a random suffix (<c>ID-3f9a</c>), another suffix if that is taken.</summary>
    private static StoredExperiment Store(TwinService service, ExperimentRecord record)
    {
        lock (NameGate)
        {
            // Two runs of one file and seed within a second share the runner's id: never overwrite a stored result. The
            // check is right before the save, under the lock; the suffix covers another process doing the same.
            string id;
            do id = $"{record.Id}-{Suffix()}";
            while (service.Store.LoadDocument(DocumentKind, id) is not null);
            record = record with { Id = id };
            var json = ResultsJson.Serialize(record);
            service.Store.SaveDocument(new StoredDocument(DocumentKind, record.Id, record.Started, $"{record.Name} ({record.Type})", json));
            return new StoredExperiment(record, json);
        }
    }

    private static (string Name, BranchInfo Info) CreateFreshBranch(
        TwinService service, string source, long? at, ScenarioDefinition scenario, TimeProvider time)
    {
        var stem = $"exp-{time.GetUtcNow().UtcDateTime:yyyyMMdd-HHmmss}-{scenario.Hash[..6]}";
        lock (NameGate)
        {
            for (var attempt = 1; ; attempt++)
            {
                var name = $"{stem}-{Suffix()}";
                if (service.Branches.Any(b => b.Name == name)) continue;
                try
                {
                    return (name, service.CreateBranch(name, source, at));
                }
                catch (Core.Errors.TwinLabException) when (attempt < 5 && service.Branches.Any(b => b.Name == name))
                {
                    // Taken meanwhile (another writer on this service): try another suffix.
                }
            }
        }
    }

    /// <summary>Four random hex digits.</summary>
    private static string Suffix() => System.Random.Shared.Next(0x10000).ToString("x4", System.Globalization.CultureInfo.InvariantCulture);
}
