namespace TwinLab.ContactCenter.Data;

/// <summary>The agents of a contact centre, their skills, shifts and cost.</summary>
/// <param name="Agents">The agents.</param>
/// <param name="Shrinkage">Share of paid time not available for contacts (breaks, training, absence), 0–1.</param>
public sealed record Roster(IReadOnlyList<Agent> Agents, double Shrinkage);

/// <summary>One agent.</summary>
/// <param name="Id">Agent id (as in the interaction log).</param>
/// <param name="Skills">Skills (queues) with proficiency: 1 = normal speed, 0.8 = takes 25% longer; order = routing preference.</param>
/// <param name="Shifts">When the agent works.</param>
/// <param name="CostPerHour">Paid cost per hour.</param>
/// <param name="ChatConcurrency">Chats the agent can handle at once.</param>
public sealed record Agent(string Id, IReadOnlyList<AgentSkill> Skills, IReadOnlyList<Shift> Shifts, double CostPerHour, int ChatConcurrency = 2);

/// <summary>A skill an agent has.</summary>
/// <param name="Queue">Queue, skill or topic.</param>
/// <param name="Proficiency">Speed relative to the average agent (1 = average).</param>
public sealed record AgentSkill(string Queue, double Proficiency = 1);

/// <summary>A recurring shift.</summary>
/// <param name="Days">Days it applies to.</param>
/// <param name="Start">Start time of day.</param>
/// <param name="End">End time of day (after <paramref name="Start"/>).</param>
/// <param name="Breaks">Breaks within it.</param>
public sealed record Shift(IReadOnlyList<DayOfWeek> Days, TimeOnly Start, TimeOnly End, IReadOnlyList<Break> Breaks);

/// <summary>A break within a shift.</summary>
/// <param name="Start">Start time of day.</param>
/// <param name="Minutes">Length.</param>
public sealed record Break(TimeOnly Start, int Minutes);
