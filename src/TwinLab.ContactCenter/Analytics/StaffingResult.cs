namespace TwinLab.ContactCenter.Analytics;

/// <summary>The answer of a staffing calculation.</summary>
/// <param name="Agents">The fewest agents on the phones that meet every goal.</param>
/// <param name="ScheduledAgents">Agents to schedule so that, after shrinkage, <paramref name="Agents"/> are on the phones.</param>
/// <param name="Metrics">The performance with <paramref name="Agents"/> agents.</param>
public sealed record StaffingResult(int Agents, int ScheduledAgents, StaffingMetrics Metrics);
