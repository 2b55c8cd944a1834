using TwinLab.Simulation.Experiments;

namespace TwinLab.ContactCenter.Simulation;

/// <summary>Everything one replication measured: contact KPIs overall and per queue, agent time and cost, and
/// per-interval series for report bands.</summary>
/// <param name="Overall">Contact KPIs of all queues together.</param>
/// <param name="Queues">Contact KPIs per queue, in the model's queue order.</param>
/// <param name="Occupancy">Busy agent time ÷ staffed agent time (agents available or finishing contacts); an agent
/// with any contact in hand, one call or several chats, counts as busy.</param>
/// <param name="PaidAgentHours">Agent hours on shift, breaks and shrinkage included.</param>
/// <param name="Cost">Paid agent hours × each agent's cost per hour.</param>
/// <param name="StaffedAgentHours">Agent hours available for or handling contacts.</param>
/// <param name="Series">Per interval of the horizon (times in hours from the start): <c>arrivals</c> (contacts
/// offered), <c>service_level</c> (by arrival interval; NaN where none arrived), <c>agents_available</c>,
/// <c>agents_busy</c> and <c>queue_length</c> (time averages).</param>
public sealed record ContactCenterResult(
    ContactKpis Overall,
    IReadOnlyList<ContactKpis> Queues,
    double Occupancy,
    double PaidAgentHours,
    double Cost,
    double StaffedAgentHours,
    IReadOnlyList<TimeSeries> Series);
