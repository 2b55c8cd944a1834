namespace TwinLab.Examples.Factory;

/// <summary>A scenario's parameter values, resolved against the twin.</summary>
/// <param name="BufferSize">Capacity of every buffer, or null to keep the twin's capacities.</param>
/// <param name="Crews">Repair crews.</param>
/// <param name="MtbfScale">Factor on every machine's MTBF.</param>
/// <param name="MttrScale">Factor on every machine's MTTR.</param>
/// <param name="WarmupHours">Hours discarded at the start.</param>
/// <param name="HorizonHours">Hours per replication, warm-up included.</param>
internal sealed record LineSettings(int? BufferSize, int Crews, double MtbfScale, double MttrScale, double WarmupHours, double HorizonHours);
