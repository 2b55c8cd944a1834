namespace TwinLab.Cluster.Experiments;

/// <summary>An experiment to run on the cluster: the scenario file itself, so every silo parses the same text.</summary>
/// <param name="ScenarioText">The scenario file's text (YAML).</param>
/// <param name="ScenarioFile">Its name, for error messages and provenance.</param>
/// <param name="Seed">Overrides the file's <c>seed</c> when given.</param>
/// <param name="PartitionSize">Replications per partition (one grain call each); 0 uses the cluster's default.</param>
[GenerateSerializer, Immutable, Alias("twinlab.ExperimentOrder")]
public sealed record ExperimentOrder(
    [property: Id(0)] string ScenarioText,
    [property: Id(1)] string ScenarioFile,
    [property: Id(2)] ulong? Seed = null,
    [property: Id(3)] int PartitionSize = 0);
