using TwinLab.Simulation.Experiments;

namespace TwinLab.Simulation.Scenarios;

/// <summary>A parsed scenario file: what to start from, what to simulate, which experiment to run.</summary>
public sealed record ScenarioDefinition
{
    /// <summary>The file it was read from.</summary>
    public required string File { get; init; }
    /// <summary>SHA-256 of the file's bytes (hex): part of every result's provenance.</summary>
    public required string Hash { get; init; }
    /// <summary>Name shown in reports.</summary>
    public required string Name { get; init; }
    /// <summary>Optional longer description.</summary>
    public string? Description { get; init; }
    /// <summary>The twin state the experiment starts from.</summary>
    public required TwinSource Twin { get; init; }
    /// <summary>Simulator name (see <see cref="SimulatorCatalog"/>).</summary>
    public required string Simulator { get; init; }
    /// <summary>Simulated time per replication.</summary>
    public required double Horizon { get; init; }
    /// <summary>Experiment seed.</summary>
    public required ulong Seed { get; init; }
    /// <summary>Replications per scenario.</summary>
    public required int Replications { get; init; }
    /// <summary>Parameter values of the base scenario (the simulator's defaults for the rest).</summary>
    public required ParameterSet Parameters { get; init; }
    /// <summary>Interventions of the base scenario.</summary>
    public required IReadOnlyList<string> Interventions { get; init; }
    /// <summary>KPIs to show (all when empty).</summary>
    public required IReadOnlyList<string> Kpis { get; init; }
    /// <summary>The experiment.</summary>
    public required ExperimentDefinition Experiment { get; init; }

    /// <summary>The base scenario.</summary>
    public ScenarioSpec BaseScenario => new("base", Parameters, Interventions);
}

/// <summary>Where an experiment's twin comes from.</summary>
/// <param name="Branch">Branch of the database the experiment forks (default <c>main</c>).</param>
/// <param name="AtSequence">Fork at this sequence number instead of the branch's head.</param>
/// <param name="AtTime">Fork at this time instead of the branch's head.</param>
/// <param name="Load">A graph file (models and twins, as <c>twinlab twins import</c> reads) loaded into the branch when
/// the database does not hold the twins yet; relative to the scenario file.</param>
/// <param name="Models">DTDL models (a file or folder) imported with <paramref name="Load"/>; defaults to a <c>models</c>
/// folder beside the graph file.</param>
public sealed record TwinSource(string Branch = "main", long? AtSequence = null, DateTimeOffset? AtTime = null, string? Load = null, string? Models = null);
