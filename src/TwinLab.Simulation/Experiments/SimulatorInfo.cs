namespace TwinLab.Simulation.Experiments;

/// <summary>What a simulator is, which parameters it takes and which KPIs it reports.</summary>
/// <param name="Name">Name used in scenario files (<c>simulator: factory</c>).</param>
/// <param name="Description">One line for users.</param>
/// <param name="Parameters">The parameters it accepts; scenario files may set no others.</param>
/// <param name="Kpis">The KPIs each replication reports, in the order of <see cref="ReplicationOutcome.Kpis"/>.</param>
public sealed record SimulatorInfo(
    string Name,
    string Description,
    IReadOnlyList<ParameterSpec> Parameters,
    IReadOnlyList<KpiSpec> Kpis)
{
    /// <summary>The interventions the simulator understands (scenario files may name no others); empty when it takes none.</summary>
    public IReadOnlyList<string> Interventions { get; init; } = [];

    /// <summary>Index of a KPI by name, or -1.</summary>
    public int KpiIndex(string name)
    {
        for (var i = 0; i < Kpis.Count; i++)
            if (string.Equals(Kpis[i].Name, name, StringComparison.Ordinal)) return i;
        return -1;
    }
}

/// <summary>The kind of value a parameter holds.</summary>
public enum ParameterKind
{
    /// <summary>A real number.</summary>
    Real,
    /// <summary>A whole number.</summary>
    Integer,
    /// <summary>True or false.</summary>
    Boolean,
    /// <summary>One of <see cref="ParameterSpec.Choices"/>.</summary>
    Choice,
}

/// <summary>A parameter a simulator accepts.</summary>
/// <param name="Name">Name in scenario files.</param>
/// <param name="Kind">Kind of value.</param>
/// <param name="Default">Value when a scenario does not set it.</param>
/// <param name="Min">Smallest allowed value (numeric kinds).</param>
/// <param name="Max">Largest allowed value (numeric kinds).</param>
/// <param name="Choices">Allowed values (<see cref="ParameterKind.Choice"/>).</param>
/// <param name="Unit">Unit shown to users.</param>
/// <param name="Description">What it means.</param>
public sealed record ParameterSpec(
    string Name,
    ParameterKind Kind,
    ParameterValue Default,
    double Min = double.NegativeInfinity,
    double Max = double.PositiveInfinity,
    IReadOnlyList<string>? Choices = null,
    string? Unit = null,
    string? Description = null);

/// <summary>Whether more of a KPI is better or worse.</summary>
public enum KpiDirection
{
    /// <summary>Neither: reported only.</summary>
    None,
    /// <summary>Lower is better.</summary>
    Minimise,
    /// <summary>Higher is better.</summary>
    Maximise,
}

/// <summary>A KPI a simulator reports per replication.</summary>
/// <param name="Name">Name in scenario files and reports.</param>
/// <param name="Unit">Unit shown to users.</param>
/// <param name="Direction">Which way is better.</param>
/// <param name="Description">What it means.</param>
public sealed record KpiSpec(string Name, string? Unit = null, KpiDirection Direction = KpiDirection.None, string? Description = null);
