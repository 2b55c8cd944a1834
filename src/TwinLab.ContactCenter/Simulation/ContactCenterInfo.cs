using TwinLab.Simulation.Experiments;

namespace TwinLab.ContactCenter.Simulation;

/// <summary>The contact-centre simulator's parameters (the what-ifs) and KPIs.</summary>
/// <remarks>Skill choices list the model's skills (queue names), so they are built per model.</remarks>
internal static class ContactCenterInfo
{
    public const string All = "all";
    private static readonly string[] DayNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
    private static readonly string[] Routings = ["skill-priority", "longest-idle", "overflow"];

    public static SimulatorInfo Create(IReadOnlyList<string> skills)
    {
        string[] scopes = [All, .. skills];
        return new SimulatorInfo(
            ContactCenterSimulator.SimulatorName,
            "Multi-skill, multi-channel contact centre: skill-based routing, abandonment, callbacks, retrials, chat concurrency, shifts, shrinkage, repeat contacts.",
            [
                new ParameterSpec("days", ParameterKind.Real, 1.0, Min: 0, Max: 366, Unit: "days",
                    Description: "Days simulated per replication; 0 uses the experiment's horizon (in days)."),
                new ParameterSpec("start_day", ParameterKind.Choice, "monday", Choices: DayNames, Description: "Day of the week the run starts (at 00:00)."),
                new ParameterSpec("warmup_hours", ParameterKind.Real, 0.0, Min: 0, Unit: "h",
                    Description: "Hours at the start whose contacts and agent time the KPIs leave out (the centre starts empty)."),
                new ParameterSpec("staffing_scale", ParameterKind.Real, 1.0, Min: 0, Max: 10,
                    Description: "Multiplies the number of agents (1.1 = 10% more, copies spread evenly through the roster)."),
                new ParameterSpec("extra_agents", ParameterKind.Integer, 0, Min: 0, Max: 100_000, Unit: "agents",
                    Description: "Agents added with the single skill 'skill', working the shifts of agents who have it."),
                new ParameterSpec("skill", ParameterKind.Choice, skills[0], Choices: skills, Description: "Skill of the extra agents."),
                new ParameterSpec("cross_train_share", ParameterKind.Real, 0.0, Min: 0, Max: 1,
                    Description: "Share of agents lacking 'cross_train_skill' who learn it (as their last skill)."),
                new ParameterSpec("cross_train_skill", ParameterKind.Choice, skills[0], Choices: skills, Description: "Skill the cross-trained agents learn."),
                new ParameterSpec("cross_train_proficiency", ParameterKind.Real, 0.8, Min: 0.05, Max: 5,
                    Description: "Speed of cross-trained agents in their new skill (1 = average)."),
                new ParameterSpec("handle_time_factor", ParameterKind.Real, 1.0, Min: 0.05, Max: 20,
                    Description: "Multiplies handle times (0.9 = a knowledge base that saves 10%)."),
                new ParameterSpec("handle_time_skill", ParameterKind.Choice, All, Choices: scopes, Description: "Queues the handle-time factor applies to."),
                new ParameterSpec("chatbot_deflection", ParameterKind.Real, 0.0, Min: 0, Max: 1,
                    Description: "Share of fresh phone and chat contacts of 'deflection_topic' a chatbot resolves before they queue."),
                new ParameterSpec("deflection_topic", ParameterKind.Choice, All, Choices: scopes, Description: "Topic (queue) the chatbot deflects."),
                new ParameterSpec("channel_shift", ParameterKind.Real, 0.0, Min: 0, Max: 1,
                    Description: "Share of fresh phone contacts moved to the chat queue of the same skill (where there is one)."),
                new ParameterSpec("callback", ParameterKind.Boolean, ParameterValue.Of(false), Description: "Offer phone callers a callback once they have waited the threshold."),
                new ParameterSpec("callback_threshold_seconds", ParameterKind.Real, 60.0, Min: 0, Unit: "s",
                    Description: "Wait after which callers are offered a callback."),
                new ParameterSpec("callback_acceptance", ParameterKind.Real, 0.5, Min: 0, Max: 1,
                    Description: "Share of offered callers who accept; they leave the queue and are called back when an agent has no live contact to take."),
                new ParameterSpec("retrial_share", ParameterKind.Real, 0.0, Min: 0, Max: 1,
                    Description: "Share of abandoning callers who try again (0 by default: logged arrivals already include retrials)."),
                new ParameterSpec("retrial_delay_minutes", ParameterKind.Real, 10.0, Min: 0.01, Unit: "min", Description: "Mean delay before a retrial (exponential)."),
                new ParameterSpec("shrinkage", ParameterKind.Real, -1.0, Min: -1, Max: 0.95,
                    Description: "Share of paid time unavailable (breaks included); -1 keeps the roster's."),
                new ParameterSpec("routing", ParameterKind.Choice, Routings[0], Choices: Routings,
                    Description: "skill-priority: primary skills first; longest-idle: skill-blind; overflow: secondary skills only after the overflow delay."),
                new ParameterSpec("overflow_delay_seconds", ParameterKind.Real, 30.0, Min: 0, Unit: "s",
                    Description: "With overflow routing, how long a contact waits before agents with its skill as a secondary one may take it."),
                new ParameterSpec("chat_slowdown", ParameterKind.Real, 0.25, Min: 0, Max: 5,
                    Description: "Each other chat an agent holds when a chat starts stretches its handle time by this share."),
                new ParameterSpec("service_level_target_seconds", ParameterKind.Real, 20.0, Min: 0, Unit: "s",
                    Description: "Service-level target for phone and chat (80/20 means 80% within 20 s)."),
                new ParameterSpec("email_target_hours", ParameterKind.Real, 24.0, Min: 0, Unit: "h", Description: "Service-level target for email."),
                new ParameterSpec("satisfaction", ParameterKind.Boolean, ParameterValue.Of(true), Description: "Predict satisfaction with the model's predictor, when it has one."),
            ],
            KpiVector.Specs);
    }

    /// <summary>The scenario's knobs from its parameter values.</summary>
    /// <param name="p">The parameters.</param>
    /// <param name="horizonDays">The experiment's horizon, used when <c>days</c> is 0.</param>
    public static ScenarioKnobs Read(ParameterSet p, double horizonDays)
    {
        var days = p.GetDouble("days");
        if (days == 0) days = horizonDays;
        if (!(days > 0) || double.IsInfinity(days))
            throw ModelValidator.Error("the horizon must be positive: set 'days' or give the experiment a horizon in days");
        var warmup = p.GetDouble("warmup_hours");
        if (warmup >= days * 24) throw ModelValidator.Error($"warmup_hours ({warmup}) must be shorter than the horizon ({days * 24} h)");
        var shrinkage = p.GetDouble("shrinkage");
        return new ScenarioKnobs
        {
            Days = days,
            StartDay = Array.IndexOf(DayNames, p.GetText("start_day")),
            WarmupHours = warmup,
            StaffingScale = p.GetDouble("staffing_scale"),
            ExtraAgents = p.GetInt("extra_agents"),
            ExtraSkill = p.GetText("skill"),
            CrossTrainShare = p.GetDouble("cross_train_share"),
            CrossTrainSkill = p.GetText("cross_train_skill"),
            CrossTrainProficiency = p.GetDouble("cross_train_proficiency"),
            HandleTimeFactor = p.GetDouble("handle_time_factor"),
            HandleTimeScope = Scope(p.GetText("handle_time_skill")),
            Deflection = p.GetDouble("chatbot_deflection"),
            DeflectionScope = Scope(p.GetText("deflection_topic")),
            ChannelShift = p.GetDouble("channel_shift"),
            Callback = p.GetBool("callback"),
            CallbackThresholdSeconds = p.GetDouble("callback_threshold_seconds"),
            CallbackAcceptance = p.GetDouble("callback_acceptance"),
            RetrialShare = p.GetDouble("retrial_share"),
            RetrialDelayMinutes = p.GetDouble("retrial_delay_minutes"),
            Shrinkage = shrinkage < 0 ? null : shrinkage,
            Routing = (RoutingRule)Array.IndexOf(Routings, p.GetText("routing")),
            OverflowDelaySeconds = p.GetDouble("overflow_delay_seconds"),
            ChatSlowdown = p.GetDouble("chat_slowdown"),
            TargetSeconds = p.GetDouble("service_level_target_seconds"),
            EmailTargetHours = p.GetDouble("email_target_hours"),
            Satisfaction = p.GetBool("satisfaction"),
        };
    }

    private static string? Scope(string value) => value == All ? null : value;
}
