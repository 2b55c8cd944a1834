namespace TwinLab.Cluster.Experiments;

/// <summary>Where an experiment on the cluster stands.</summary>
/// <param name="Id">The experiment's id (the coordinator grain's key).</param>
/// <param name="State">Not started, running, finished or failed.</param>
/// <param name="CompletedReplications">Replications finished so far.</param>
/// <param name="PlannedReplications">Replications planned (grows while a precision target is not yet met).</param>
/// <param name="CompletedPartitions">Partitions finished and kept in the coordinator's state.</param>
/// <param name="OutstandingPartitions">Partitions handed out and not yet back.</param>
/// <param name="Retries">Partitions handed out again after a failure or time-out (a lost silo shows here).</param>
/// <param name="Resumes">Times the coordinator resumed the run after being re-activated.</param>
/// <param name="CoordinatorSilo">The silo hosting the coordinator.</param>
/// <param name="Error">Why the run failed, when it did.</param>
[GenerateSerializer, Immutable, Alias("twinlab.ExperimentStatus")]
public sealed record ExperimentStatus(
    [property: Id(0)] string Id,
    [property: Id(1)] ExperimentState State,
    [property: Id(2)] long CompletedReplications,
    [property: Id(3)] long PlannedReplications,
    [property: Id(4)] int CompletedPartitions,
    [property: Id(5)] int OutstandingPartitions,
    [property: Id(6)] int Retries,
    [property: Id(7)] int Resumes,
    [property: Id(8)] string CoordinatorSilo,
    [property: Id(9)] string? Error);

/// <summary>The life of an experiment on the cluster.</summary>
[GenerateSerializer, Alias("twinlab.ExperimentState")]
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<ExperimentState>))]
public enum ExperimentState
{
    /// <summary>No order received under this id.</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("not-started")]
    NotStarted,
    /// <summary>Partitions are being run.</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("running")]
    Running,
    /// <summary>The result is ready.</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("finished")]
    Finished,
    /// <summary>The run stopped with an error (see <see cref="ExperimentStatus.Error"/>).</summary>
    [System.Text.Json.Serialization.JsonStringEnumMemberName("failed")]
    Failed,
}
