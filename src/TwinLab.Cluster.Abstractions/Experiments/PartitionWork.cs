namespace TwinLab.Cluster.Experiments;

/// <summary>
/// One partition of replications, with what a silo needs to prepare the scenario's model exactly as the coordinator did:
/// the scenario file (for the simulator and horizon) and the scenario's own parameters and interventions. The twin is not
/// in it: the silo fetches it once per experiment from the coordinator (<see cref="IExperimentGrain.GetTwinAsync"/>).
/// </summary>
/// <param name="ExperimentId">The experiment.</param>
/// <param name="ScenarioText">The scenario file's text.</param>
/// <param name="ScenarioFile">Its name.</param>
/// <param name="Scenario">The scenario within the experiment (an experiment may run many).</param>
/// <param name="Seed">The experiment seed.</param>
/// <param name="StreamIndex">Scenario index of the random streams.</param>
/// <param name="First">First replication index.</param>
/// <param name="Count">Number of replications.</param>
[GenerateSerializer, Immutable, Alias("twinlab.PartitionWork")]
public sealed record PartitionWork(
    [property: Id(0)] string ExperimentId,
    [property: Id(1)] string ScenarioText,
    [property: Id(2)] string ScenarioFile,
    [property: Id(3)] ScenarioWire Scenario,
    [property: Id(4)] ulong Seed,
    [property: Id(5)] int StreamIndex,
    [property: Id(6)] int First,
    [property: Id(7)] int Count)
{
    /// <summary>The partition's identity within its experiment (the same for every attempt).</summary>
    public string Key => $"{ExperimentId}/{StreamIndex}/{Scenario.Name}/{First}+{Count}";
}

/// <summary>A scenario's name, parameter values and interventions, as sent between silos.</summary>
/// <param name="Name">Scenario name.</param>
/// <param name="Parameters">Every parameter's value.</param>
/// <param name="Interventions">Interventions applied.</param>
[GenerateSerializer, Immutable, Alias("twinlab.ScenarioWire")]
public sealed record ScenarioWire(
    [property: Id(0)] string Name,
    [property: Id(1)] IReadOnlyList<ParameterWire> Parameters,
    [property: Id(2)] IReadOnlyList<string> Interventions);

/// <summary>One parameter value: a number (booleans as 0 or 1, sent as the exact double) or a choice.</summary>
/// <param name="Name">Parameter name.</param>
/// <param name="Number">The number (ignored for a choice).</param>
/// <param name="Text">The choice, or <c>null</c> for a number.</param>
[GenerateSerializer, Immutable, Alias("twinlab.ParameterWire")]
public sealed record ParameterWire([property: Id(0)] string Name, [property: Id(1)] double Number, [property: Id(2)] string? Text);
