using TwinLab.ContactCenter.Data;
using TwinLab.Simulation.Random.Distributions;

namespace TwinLab.ContactCenter.Simulation;

/// <summary>One queue of a scenario, ready to simulate (immutable; shared by concurrent replications).</summary>
internal sealed class CompiledQueue
{
    public required string Name { get; init; }
    public required Channel Channel { get; init; }
    public required int Priority { get; init; }
    /// <summary>Fresh arrivals in simulated seconds; null when the queue gets none.</summary>
    public required PiecewisePoissonProcess? Arrivals { get; init; }
    public required Distribution Handle { get; init; }
    /// <summary>The scenario's handle-time factor for this queue.</summary>
    public required double HandleScale { get; init; }
    public required Distribution? Patience { get; init; }
    public required double FirstContactResolution { get; init; }
    public required double RepeatDelaySeconds { get; init; }
    /// <summary>Per interval of the week (Monday 00:00 first), how many intervals until the queue is open again
    /// (0 when it is open: its arrival rate is positive); null when it is never closed or never open.</summary>
    public required int[]? IntervalsToOpening { get; init; }
    /// <summary>Share of fresh contacts a chatbot resolves before they reach the queue.</summary>
    public required double Deflection { get; init; }
    /// <summary>The queue a share of fresh contacts moves to (a phone queue's chat twin), or −1.</summary>
    public required int ShiftTo { get; init; }
    public required double ShiftShare { get; init; }
    public required bool OffersCallback { get; init; }
    /// <summary>Service-level target: answered within this many seconds.</summary>
    public required double TargetSeconds { get; init; }
}
