namespace TwinLab.Examples.Factory;

/// <summary>A production line as its twins describe it, in flow order.</summary>
/// <param name="LineId">The ProductionLine twin.</param>
/// <param name="Machines">The machines, first to last.</param>
/// <param name="Buffers">The buffers: <c>Buffers[i]</c> sits between <c>Machines[i]</c> and <c>Machines[i + 1]</c>.</param>
/// <param name="CrewPoolId">The RepairCrewPool twin.</param>
/// <param name="CrewPoolSize">Crews in the pool.</param>
/// <param name="Costs">What running the line costs.</param>
public sealed record LineDefinition(
    string LineId,
    IReadOnlyList<MachineSpec> Machines,
    IReadOnlyList<BufferSpec> Buffers,
    string CrewPoolId,
    int CrewPoolSize,
    LineCosts Costs);

/// <summary>One machine's figures, in the units of the Machine model.</summary>
/// <param name="TwinId">The Machine twin.</param>
/// <param name="ProcessingTimeMean">Mean processing time per part, minutes.</param>
/// <param name="ProcessingTimeCv">Coefficient of variation of the processing time (0 = fixed cycle).</param>
/// <param name="MtbfHours">Mean operating time between failures, hours.</param>
/// <param name="MttrMinutes">Mean repair time once a crew has arrived, minutes.</param>
public sealed record MachineSpec(string TwinId, double ProcessingTimeMean, double ProcessingTimeCv, double MtbfHours, double MttrMinutes);

/// <summary>One buffer.</summary>
/// <param name="TwinId">The Buffer twin.</param>
/// <param name="Capacity">Parts it holds.</param>
public sealed record BufferSpec(string TwinId, int Capacity);

/// <summary>Hourly costs from the Factory twin, in its currency.</summary>
/// <param name="FactoryId">The Factory twin.</param>
/// <param name="LinePerHour">Running the line, whatever it makes.</param>
/// <param name="CrewPerHour">One repair crew.</param>
/// <param name="BufferSlotPerHour">One buffer slot.</param>
public sealed record LineCosts(string FactoryId, double LinePerHour, double CrewPerHour, double BufferSlotPerHour)
{
    /// <summary>The cost per hour of a line run with <paramref name="crews"/> crews and <paramref name="bufferSlots"/> slots in all.</summary>
    public double PerHour(int crews, int bufferSlots) => LinePerHour + crews * CrewPerHour + bufferSlots * BufferSlotPerHour;
}
