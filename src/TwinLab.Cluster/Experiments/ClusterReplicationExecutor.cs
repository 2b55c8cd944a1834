using Microsoft.Extensions.Logging;
using TwinLab.Simulation.Experiments;

namespace TwinLab.Cluster.Experiments;

/// <summary>
/// Hands an experiment's replications to <see cref="IReplicationPartitionGrain"/>s in partitions, retrying a partition
/// on another silo when its call fails or times out, and puts every outcome back at its replication index — so the
/// experiment engine collects exactly what a local run would have produced.
/// </summary>
/// <remarks>
/// Called by the experiment engine on the coordinator's run thread (outside the grain's scheduler), one range at a time.
/// Partitions already finished before the coordinator was re-activated are taken from <paramref name="finished"/>
/// instead of being run again; each newly finished one is recorded in the coordinator's grain state before it counts.
/// </remarks>
internal sealed class ClusterReplicationExecutor(
    IGrainFactory grains,
    IExperimentGrain coordinator,
    ExperimentOrder order,
    string experimentId,
    IReadOnlyDictionary<string, PartitionResult> finished,
    ClusterExperimentOptions options,
    ILogger log) : IReplicationExecutor
{
    private readonly SemaphoreSlim _inFlight = new(Math.Max(1, options.MaxPartitionsInFlight));
    private int _outstanding;
    private int _retries;

    /// <summary>Partitions handed out and not yet back.</summary>
    public int Outstanding => Volatile.Read(ref _outstanding);

    /// <summary>Partitions handed out again after a failure or time-out.</summary>
    public int Retries => Volatile.Read(ref _retries);

    public int RunRange(ReplicationRange work, ReplicationOutcome?[] outcomes, Action onFinished, CancellationToken cancellationToken)
    {
        var size = order.PartitionSize > 0 ? order.PartitionSize : options.PartitionSize;
        var scenario = Wire.ToWire(work.Scenario);
        var parts = new List<PartitionWork>();
        for (var first = work.First; first < work.First + work.Count; first += size)
            parts.Add(new PartitionWork(experimentId, order.ScenarioText, order.ScenarioFile, scenario, work.Seed, work.StreamIndex,
                first, Math.Min(size, work.First + work.Count - first)));
        var done = 0;
        var tasks = parts.Select(async part =>
        {
            var result = await RunPartitionAsync(part, cancellationToken);
            for (var i = 0; i < result.Outcomes.Count; i++)
            {
                if (Wire.FromWire(result.Outcomes[i]) is not { } outcome) continue;
                outcomes[result.First + i] = outcome;
                Interlocked.Increment(ref done);
                onFinished();
            }
        }).ToArray();
        try
        {
            Task.WhenAll(tasks).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped: the partitions that came back are kept, as a local run keeps its finished replications.
        }
        return done;
    }

    private async Task<PartitionResult> RunPartitionAsync(PartitionWork part, CancellationToken cancellationToken)
    {
        if (finished.TryGetValue(part.Key, out var kept)) return kept;
        await _inFlight.WaitAsync(cancellationToken);
        Interlocked.Increment(ref _outstanding);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    // A new key per attempt: a new activation, placed afresh, never the one stuck on a lost silo.
                    var grain = grains.GetGrain<IReplicationPartitionGrain>($"{part.Key}#{attempt}");
                    var result = await grain.RunAsync(part).WaitAsync(options.PartitionTimeout, cancellationToken);
                    await coordinator.RecordPartitionAsync(result);
                    return result;
                }
                catch (Exception e) when (attempt + 1 < options.MaxAttempts && IsTransient(e) && !cancellationToken.IsCancellationRequested)
                {
                    Interlocked.Increment(ref _retries);
                    log.LogWarning("Partition {Partition} of experiment {Experiment} failed (attempt {Attempt}: {Error}); handing it out again",
                        part.Key, experimentId, attempt + 1, e.Message);
                    await Task.Delay(options.RetryDelay * (1 << Math.Min(attempt, 6)), cancellationToken);
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _outstanding);
            _inFlight.Release();
        }
    }

    // A lost silo shows as a time-out or as Orleans refusing or dropping the message; a simulator's own exception would
    // recur on any silo, so it fails the experiment at once.
    private static bool IsTransient(Exception e) => e is TimeoutException or OrleansException;
}
