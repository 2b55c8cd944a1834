using TwinLab.ContactCenter.Analytics;
using TwinLab.ContactCenter.Data;

namespace TwinLab.ContactCenter.Planning;

/// <summary>What one queue needs in one interval.</summary>
/// <param name="Queue">Queue (skill) name.</param>
/// <param name="Channel">Channel.</param>
/// <param name="Arrivals">Contacts expected in the interval, repeats included (see <see cref="StaffingOptions.CountRepeats"/>).</param>
/// <param name="OfferedLoad">Offered load in Erlangs (agent-equivalents of work; for chat, chat slots).</param>
/// <param name="Agents">Fewest agents on contacts that meet the goal (for chat: slots ÷ concurrency, rounded up).</param>
/// <param name="ScheduledAgents">Agents on duty so that <paramref name="Agents"/> remain after shrinkage.</param>
/// <param name="Metrics">Predicted performance with the staffing found (for chat: of the chat slots; for email: the
/// occupancy-only estimate, with service level and ASA NaN).</param>
/// <param name="CostPerHour">Average cost per hour of the roster's agents with this skill.</param>
/// <param name="Cost">Scheduled agents × interval hours × <paramref name="CostPerHour"/>.</param>
public sealed record QueueRequirement(
    string Queue, Channel Channel, double Arrivals, double OfferedLoad, int Agents, int ScheduledAgents,
    StaffingMetrics Metrics, double CostPerHour, double Cost);
