namespace TwinLab.ContactCenter.Simulation;

/// <summary>How contacts and agents are matched (the <c>routing</c> parameter).</summary>
/// <remarks>Under every rule an agent with fewer contacts in hand is preferred (which only matters for chats:
/// it spreads them over agents), and a freed agent takes the highest-priority queue (<c>QueueModel.Priority</c>)
/// first, live contacts before callbacks.</remarks>
internal enum RoutingRule
{
    /// <summary>
    /// Skills-based routing: an arriving contact goes to a free agent for whom its skill ranks highest (primary
    /// skill before secondary), then the most proficient, then the longest idle; a freed agent takes, after queue
    /// priority, its own highest-ranked skill, then the longest-waiting contact.
    /// </summary>
    SkillPriority,

    /// <summary>Skill-blind within the eligible agents: the longest-idle agent who has the skill; a freed agent
    /// takes, after queue priority, the longest-waiting contact whatever the skill's rank.</summary>
    LongestIdle,

    /// <summary>As <see cref="SkillPriority"/>, but an agent serves a queue that is not its primary skill only once the
    /// contact has waited the overflow delay (the common "overflow after t seconds" rule of ACD routers).</summary>
    Overflow,
}
