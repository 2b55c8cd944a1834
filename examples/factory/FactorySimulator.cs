using TwinLab.Simulation.Experiments;
using static TwinLab.Examples.Factory.TwinProperties;

namespace TwinLab.Examples.Factory;

/// <summary>
/// The factory twin as a simulator (<c>simulator: factory</c>): a serial production line read from the twin graph,
/// with random failures and repairs, finite buffers and a shared pool of repair crews. Answers which buffer size and
/// how many crews give the most throughput per cost.
/// </summary>
/// <remarks>
/// <para>The simulated clock runs in hours; <see cref="SimulationSetup.Horizon"/> is the hours per replication.</para>
/// <para><see cref="Prepare"/> reads the line once per scenario into arrays; each replication then runs on its own
/// <see cref="Simulation.Events.EventEngine"/>, so concurrent replications share nothing mutable. Machine <c>i</c>
/// draws processing, failure and repair times from its own sub-streams of the replication's stream, so scenarios
/// that differ only in buffers or crews see the same parts and the same failures (common random numbers).</para>
/// </remarks>
public sealed class FactorySimulator : ISimulator
{
    /// <inheritdoc />
    public SimulatorInfo Info { get; } = FactoryInfo.Create();

    /// <inheritdoc />
    public IPreparedModel Prepare(SimulationSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var graph = setup.Twin ?? throw Error("it needs a twin graph; give the scenario file a 'twin:' (e.g. load: twins.json)");
        var p = setup.Parameters;
        var line = LineReader.Read(graph, p.GetText("line") is { Length: > 0 } id ? id : null);
        var settings = new LineSettings(
            BufferSize: p.GetInt("buffer_size") is > 0 and var size ? size : null,
            Crews: p.GetInt("repair_crews") is > 0 and var crews ? crews : line.CrewPoolSize,
            MtbfScale: p.GetDouble("mtbf_scale"),
            MttrScale: p.GetDouble("mttr_scale"),
            WarmupHours: p.GetDouble("warmup_hours"),
            HorizonHours: setup.Horizon);
        if (settings.Crews < 1)
            throw Error($"crew pool '{line.CrewPoolId}' has size 0 and repair_crews is 0; the line needs at least one repair crew");
        if (!(settings.HorizonHours > settings.WarmupHours) || !double.IsFinite(settings.HorizonHours))
            throw Error($"the horizon ({settings.HorizonHours} h) must be finite and longer than warmup_hours ({settings.WarmupHours} h)");
        return PreparedLine.Create(line, settings);
    }
}
