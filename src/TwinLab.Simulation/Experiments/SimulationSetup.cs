using TwinLab.Core.Twins;

namespace TwinLab.Simulation.Experiments;

/// <summary>What a simulator gets to build one scenario's model.</summary>
/// <param name="Twin">The twin graph the experiment starts from (a branch of the live twin), or null when the simulator needs none.</param>
/// <param name="Parameters">Every parameter's value for this scenario.</param>
/// <param name="Horizon">Simulated time to run, in the simulator's time unit.</param>
/// <param name="Interventions">Names of interventions applied in this scenario (the simulator decides what each means).</param>
public sealed record SimulationSetup(
    GraphSnapshot? Twin,
    ParameterSet Parameters,
    double Horizon,
    IReadOnlyList<string> Interventions)
{
    /// <summary>Telemetry recorded for the twin, when the experiment was started from a store (for calibration and replay).</summary>
    public Func<string, IReadOnlyList<TelemetryPoint>>? Telemetry { get; init; }
}

/// <summary>One telemetry reading a simulator may use: when, and the message's numeric fields.</summary>
/// <param name="Timestamp">When it was recorded.</param>
/// <param name="Values">Numeric fields by name.</param>
public sealed record TelemetryPoint(DateTimeOffset Timestamp, IReadOnlyDictionary<string, double> Values);
