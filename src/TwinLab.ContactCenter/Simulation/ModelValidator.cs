using TwinLab.ContactCenter.Data;
using TwinLab.Core.Errors;

namespace TwinLab.ContactCenter.Simulation;

/// <summary>Checks a centre model (and staffing plan) once, so a replication never meets a value it cannot use.</summary>
internal static class ModelValidator
{
    public static void Validate(CenterModel model, StaffingPlan? plan)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.IntervalMinutes <= 0 || 7 * 24 * 60 % model.IntervalMinutes != 0)
            throw Error($"IntervalMinutes must divide a week into whole intervals (15, 30, 60, …), got {model.IntervalMinutes}");
        if (model.Queues is not { Count: > 0 }) throw Error("the model has no queues");
        var intervals = model.IntervalsPerWeek;
        var seen = new HashSet<(string, Channel)>();
        foreach (var q in model.Queues)
        {
            var name = $"queue '{q.Queue}' ({q.Channel})";
            if (string.IsNullOrWhiteSpace(q.Queue)) throw Error("a queue has no name");
            if (!seen.Add((q.Queue, q.Channel))) throw Error($"{name} appears twice");
            if (q.ArrivalRatesPerHour is null || q.ArrivalRatesPerHour.Length != intervals)
                throw Error($"{name} needs {intervals} arrival rates (one per interval of a week), got {q.ArrivalRatesPerHour?.Length ?? 0}");
            if (q.ArrivalRatesPerHour.Any(r => !(r >= 0) || double.IsInfinity(r)))
                throw Error($"{name} has a negative or non-finite arrival rate");
            if (q.HandleSeconds is null || !(q.HandleSeconds.Mean > 0)) throw Error($"{name} needs a handle-time distribution with a positive mean");
            if (!(q.FirstContactResolution is > 0 and <= 1)) throw Error($"{name}: FirstContactResolution must be in (0, 1], got {q.FirstContactResolution}");
            if (!(q.RepeatDelayHours > 0) || double.IsInfinity(q.RepeatDelayHours))
                throw Error($"{name}: RepeatDelayHours must be positive, got {q.RepeatDelayHours}");
        }
        var skills = model.Queues.Select(q => q.Queue).ToHashSet(StringComparer.Ordinal);
        if (model.Roster is null) throw Error("the model has no roster");
        if (!(model.Roster.Shrinkage is >= 0 and < 1)) throw Error($"shrinkage must be in [0, 1), got {model.Roster.Shrinkage}");
        foreach (var agent in model.Roster.Agents) CheckAgent(agent, skills, checkShifts: plan is null);
        if (plan is null) return;
        foreach (var group in plan.Groups)
        {
            CheckAgent(group.Template, skills, checkShifts: false);
            if (group.AgentsPerInterval is null || group.AgentsPerInterval.Count != intervals)
                throw Error($"staffing group '{group.Template.Id}' needs {intervals} head counts, got {group.AgentsPerInterval?.Count ?? 0}");
            if (group.AgentsPerInterval.Any(n => n < 0)) throw Error($"staffing group '{group.Template.Id}' has a negative head count");
        }
    }

    private static void CheckAgent(Agent agent, HashSet<string> skills, bool checkShifts)
    {
        var name = $"agent '{agent.Id}'";
        foreach (var skill in agent.Skills)
        {
            if (!skills.Contains(skill.Queue)) throw Error($"{name} has skill '{skill.Queue}', which no queue has");
            if (!(skill.Proficiency > 0) || double.IsInfinity(skill.Proficiency))
                throw Error($"{name}: proficiency for '{skill.Queue}' must be positive, got {skill.Proficiency}");
        }
        if (agent.ChatConcurrency < 0) throw Error($"{name}: ChatConcurrency must not be negative");
        if (!(agent.CostPerHour >= 0) || double.IsInfinity(agent.CostPerHour)) throw Error($"{name}: CostPerHour must be finite and non-negative");
        if (!checkShifts) return;
        foreach (var shift in agent.Shifts)
            if (shift.Breaks.Any(b => b.Minutes < 0)) throw Error($"{name} has a break of negative length");
    }

    public static TwinLabException Error(string why) =>
        new(ErrorCodes.InvalidArgument, $"Simulator '{ContactCenterSimulator.SimulatorName}': {why}.");
}
