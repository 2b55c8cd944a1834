using Orleans.Runtime;
using TwinLab.Cluster.Experiments;

namespace TwinLab.Cluster.Operations;

/// <summary>
/// What an operator watches on a cluster: the silos, activations per grain type and silo, messages per second, and the
/// progress of the experiments this node started. Read from Orleans' management grain on demand.
/// </summary>
/// <remarks>Thread-safe. Calls per second are the change in this silo's <see cref="GrainCallCounter"/> since the previous
/// reading (the first reading has no rate); each node reports its own, so the cluster's rate is the sum over its nodes.</remarks>
public sealed class ClusterMetrics(IGrainFactory grains, GrainCallCounter calls, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _experiments = new(StringComparer.Ordinal);
    private (DateTimeOffset At, long Calls)? _last;

    /// <summary>Remembers an experiment started through this node, so that its progress is reported.</summary>
    public void Track(string experimentId)
    {
        lock (_gate) _experiments.Add(experimentId);
    }

    /// <summary>Takes a reading.</summary>
    public async Task<ClusterReading> ReadAsync()
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        var hosts = await management.GetHosts(onlyActive: true);
        var silos = hosts.Keys.ToArray();
        var grainsByType = await management.GetSimpleGrainStatistics(silos);
        var runtime = await management.GetRuntimeStatistics(silos);
        var now = time.GetUtcNow();
        var count = calls.Calls;
        double? perSecond = null;
        string[] ids;
        lock (_gate)
        {
            if (_last is { } last && now > last.At) perSecond = (count - last.Calls) / (now - last.At).TotalSeconds;
            _last = (now, count);
            ids = _experiments.Order(StringComparer.Ordinal).ToArray();
        }
        var experiments = await Task.WhenAll(ids.Select(id => grains.GetGrain<IExperimentGrain>(id).GetStatusAsync()));
        return new ClusterReading(
            now,
            silos.Select((s, i) => new SiloReading(s.ToString(), runtime[i].ActivationCount, runtime[i].EnvironmentStatistics.FilteredCpuUsagePercentage,
                runtime[i].EnvironmentStatistics.FilteredMemoryUsageBytes)).ToArray(),
            grainsByType.GroupBy(g => g.GrainType, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Sum(x => x.ActivationCount), StringComparer.Ordinal),
            count,
            perSecond,
            experiments);
    }
}

/// <summary>A reading of the cluster.</summary>
/// <param name="At">When it was taken.</param>
/// <param name="Silos">Each active silo.</param>
/// <param name="Activations">Activations per grain type, over all silos.</param>
/// <param name="CallsReceived">Grain calls this node's silo has received since it started.</param>
/// <param name="CallsPerSecond">Grain calls per second this node's silo received since the previous reading; <c>null</c> for the first.</param>
/// <param name="Experiments">The experiments started through this node.</param>
public sealed record ClusterReading(
    DateTimeOffset At, IReadOnlyList<SiloReading> Silos, IReadOnlyDictionary<string, int> Activations, long CallsReceived, double? CallsPerSecond,
    IReadOnlyList<ExperimentStatus> Experiments);

/// <summary>One silo in a reading.</summary>
/// <param name="Address">Its address.</param>
/// <param name="Activations">Grain activations it hosts.</param>
/// <param name="CpuUsage">CPU use in percent, as Orleans measures it (<c>null</c> when unknown).</param>
/// <param name="MemoryUsage">Memory in use in bytes (<c>null</c> when unknown).</param>
public sealed record SiloReading(string Address, int Activations, float? CpuUsage, long? MemoryUsage);
