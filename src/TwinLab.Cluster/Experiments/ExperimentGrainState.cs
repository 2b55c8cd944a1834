namespace TwinLab.Cluster.Experiments;

/// <summary>
/// What a coordinator keeps in grain state so that a re-activation continues rather than restarts: the order, every
/// finished partition, and the result or error once there is one.
/// </summary>
[GenerateSerializer, Alias("twinlab.ExperimentGrainState")]
internal sealed class ExperimentGrainState
{
    /// <summary>The order, once started.</summary>
    [Id(0)] public ExperimentOrder? Order { get; set; }
    /// <summary>Finished partitions by <see cref="PartitionWork.Key"/>.</summary>
    [Id(1)] public Dictionary<string, PartitionResult> Partitions { get; set; } = new(StringComparer.Ordinal);
    /// <summary>The finished experiment's results.json.</summary>
    [Id(2)] public string? ResultJson { get; set; }
    /// <summary>Why the run failed.</summary>
    [Id(3)] public string? Error { get; set; }
    /// <summary>Times the run was resumed after a re-activation.</summary>
    [Id(4)] public int Resumes { get; set; }
    /// <summary>Partitions handed out again in earlier activations.</summary>
    [Id(5)] public int Retries { get; set; }
    /// <summary>The twin the run started from, frozen at the start so a resumed run computes from the same state.</summary>
    [Id(6)] public ExperimentTwin? Twin { get; set; }
}
