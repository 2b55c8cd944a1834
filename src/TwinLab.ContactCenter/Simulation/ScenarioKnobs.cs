namespace TwinLab.ContactCenter.Simulation;

/// <summary>The what-if settings of one scenario, read from the parameters (see <see cref="ContactCenterInfo"/>).</summary>
/// <remarks>Skill and topic scopes are a skill (queue) name, or null for every queue.</remarks>
internal sealed record ScenarioKnobs
{
    public double Days { get; init; } = 1;
    /// <summary>Day of the week the run starts on, 0 = Monday (the first day of <c>ArrivalRatesPerHour</c>).</summary>
    public int StartDay { get; init; }
    public double WarmupHours { get; init; }
    public double StaffingScale { get; init; } = 1;
    public int ExtraAgents { get; init; }
    public string? ExtraSkill { get; init; }
    public double CrossTrainShare { get; init; }
    public string? CrossTrainSkill { get; init; }
    public double CrossTrainProficiency { get; init; } = 0.8;
    public double HandleTimeFactor { get; init; } = 1;
    public string? HandleTimeScope { get; init; }
    public double Deflection { get; init; }
    public string? DeflectionScope { get; init; }
    public double ChannelShift { get; init; }
    public bool Callback { get; init; }
    public double CallbackThresholdSeconds { get; init; } = 60;
    public double CallbackAcceptance { get; init; } = 0.5;
    public double RetrialShare { get; init; }
    public double RetrialDelayMinutes { get; init; } = 10;
    /// <summary>Replaces the roster's shrinkage when not null.</summary>
    public double? Shrinkage { get; init; }
    public RoutingRule Routing { get; init; } = RoutingRule.SkillPriority;
    public double OverflowDelaySeconds { get; init; } = 30;
    public double ChatSlowdown { get; init; } = 0.25;
    public double TargetSeconds { get; init; } = 20;
    public double EmailTargetHours { get; init; } = 24;
    public bool Satisfaction { get; init; } = true;
}
