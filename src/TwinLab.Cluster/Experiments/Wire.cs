using TwinLab.Simulation.Experiments;

namespace TwinLab.Cluster.Experiments;

/// <summary>
/// Converts the experiment engine's scenario and outcome types to the records sent between silos and back, losslessly:
/// every double is carried as its exact bits, so outcomes merged from many silos equal those computed in one process.
/// </summary>
internal static class Wire
{
    public static ScenarioWire ToWire(ScenarioSpec scenario) => new(
        scenario.Name,
        scenario.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new ParameterWire(p.Key, p.Value.Number, p.Value.IsText ? p.Value.Text : null)).ToArray(),
        scenario.Interventions.ToArray());

    /// <summary>The scenario again, each value checked against the simulator's parameter specs as the parser did.</summary>
    public static ScenarioSpec FromWire(ScenarioWire wire, SimulatorInfo info) => new(
        wire.Name,
        ParameterSet.Create(info, wire.Parameters.Select(p =>
            KeyValuePair.Create(p.Name, p.Text is null ? ParameterValue.Of(p.Number) : ParameterValue.Of(p.Text)))),
        wire.Interventions);

    public static OutcomeWire? ToWire(ReplicationOutcome? outcome) => outcome is null
        ? null
        : new OutcomeWire(outcome.Kpis, outcome.Series?.Select(s => new SeriesWire(s.Name, s.Times, s.Values)).ToArray());

    public static ReplicationOutcome? FromWire(OutcomeWire? wire) => wire is null
        ? null
        : new ReplicationOutcome(wire.Kpis, wire.Series?.Select(s => new TimeSeries(s.Name, s.Times, s.Values)).ToArray());
}
