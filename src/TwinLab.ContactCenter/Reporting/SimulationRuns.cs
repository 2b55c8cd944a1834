using TwinLab.ContactCenter.Simulation;

namespace TwinLab.ContactCenter.Reporting;

/// <summary>The simulation section's input: independent replications of one scenario.</summary>
/// <param name="Name">The scenario's name, e.g. "baseline" or "rostered, 1 day".</param>
/// <param name="Replications">One result per replication (all of the same scenario and horizon).</param>
public sealed record SimulationRuns(string Name, IReadOnlyList<ContactCenterResult> Replications)
{
    /// <summary>Confidence level of the KPI intervals (Student t over replications).</summary>
    public double Confidence { get; init; } = 0.95;

    /// <summary>Lower percentile of the per-interval bands across replications (0–1).</summary>
    public double BandLow { get; init; } = 0.10;

    /// <summary>Upper percentile of the per-interval bands across replications (0–1).</summary>
    public double BandHigh { get; init; } = 0.90;

    /// <summary>The service-level goal drawn on the service-level chart (e.g. 0.8); none when null.</summary>
    public double? ServiceLevelGoal { get; init; }
}
