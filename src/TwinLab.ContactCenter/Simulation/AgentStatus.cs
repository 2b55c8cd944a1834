namespace TwinLab.ContactCenter.Simulation;

/// <summary>Where an agent's schedule puts them at a moment of the week.</summary>
internal enum AgentStatus : byte
{
    /// <summary>Not on a shift: neither paid nor available.</summary>
    Off,
    /// <summary>On a shift and not on a break: paid and available (unless shrinkage takes the interval).</summary>
    Working,
    /// <summary>On a break within a shift: paid, not available.</summary>
    Break,
}
