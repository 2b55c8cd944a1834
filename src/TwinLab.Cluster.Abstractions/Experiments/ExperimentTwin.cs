namespace TwinLab.Cluster.Experiments;

/// <summary>
/// The twin an experiment starts from, frozen when it starts and sent to every silo that runs its replications, so
/// each computes from the same state (as one process computes from the fork of its branch).
/// </summary>
/// <param name="Branch">The branch it was read from.</param>
/// <param name="ModelDocuments">The branch's DTDL documents, in import order.</param>
/// <param name="Graph">Twins and relationships as a snapshot payload (<c>SnapshotJson</c>: <c>{"twins": […], "relationships": […]}</c>).</param>
[GenerateSerializer, Immutable, Alias("twinlab.ExperimentTwin")]
public sealed record ExperimentTwin(
    [property: Id(0)] string Branch,
    [property: Id(1)] IReadOnlyList<string> ModelDocuments,
    [property: Id(2)] byte[] Graph);
