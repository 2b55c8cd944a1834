using TwinLab.ContactCenter.Data;

namespace TwinLab.ContactCenter.Simulation;

/// <summary>
/// Applies a scenario's staffing what-ifs to a copy of the model (the original is never changed): shrinkage
/// override, cross-training, staffing scale, extra agents. Choices that pick some agents out of many spread them
/// evenly through the roster (agent i is picked when ⌊(i+1)·share⌋ &gt; ⌊i·share⌋), so they are deterministic.
/// </summary>
internal static class ScenarioApplier
{
    public static (CenterModel Model, StaffingPlan? Plan) Apply(CenterModel model, StaffingPlan? plan, ScenarioKnobs knobs)
    {
        var roster = model.Roster;
        if (knobs.Shrinkage is { } shrinkage) roster = roster with { Shrinkage = shrinkage };
        if (plan is null) roster = roster with { Agents = ApplyToAgents(roster.Agents, knobs) };
        else plan = ApplyToPlan(plan, knobs);
        return (model with { Roster = roster }, plan);
    }

    private static List<Agent> ApplyToAgents(IReadOnlyList<Agent> original, ScenarioKnobs knobs)
    {
        var trained = CrossTrain(original, knobs);
        var agents = new List<Agent>();
        for (var i = 0; i < trained.Count; i++)
        {
            var copies = Picks(i, knobs.StaffingScale);
            for (var k = 0; k < copies; k++) agents.Add(k == 0 ? trained[i] : trained[i] with { Id = $"{trained[i].Id}~{k + 1}" });
        }
        if (knobs.ExtraAgents > 0 && knobs.ExtraSkill is { } skill)
        {
            // New hires work the shifts of agents who have the skill as their primary one (else any who have it),
            // taken in turn, and are paid as they are.
            var donors = original.Where(a => a.Skills.Count > 0 && a.Skills[0].Queue == skill).ToList();
            if (donors.Count == 0) donors = original.Where(a => a.Skills.Any(s => s.Queue == skill)).ToList();
            if (donors.Count == 0) donors = [.. original];
            for (var j = 0; j < knobs.ExtraAgents; j++)
            {
                var donor = donors.Count > 0 ? donors[j % donors.Count] : null;
                agents.Add(new Agent($"extra-{skill}-{j + 1}", [new AgentSkill(skill)], donor?.Shifts ?? [],
                    donor?.CostPerHour ?? 0, donor?.ChatConcurrency ?? 2));
            }
        }
        return agents;
    }

    private static IReadOnlyList<Agent> CrossTrain(IReadOnlyList<Agent> agents, ScenarioKnobs knobs)
    {
        if (knobs.CrossTrainShare <= 0 || knobs.CrossTrainSkill is not { } skill) return agents;
        var result = agents.ToList();
        var candidate = 0;
        for (var i = 0; i < result.Count; i++)
        {
            if (result[i].Skills.Any(s => s.Queue == skill)) continue;
            if (Picks(candidate++, knobs.CrossTrainShare) > 0)
                result[i] = result[i] with { Skills = [.. result[i].Skills, new AgentSkill(skill, knobs.CrossTrainProficiency)] };
        }
        return result;
    }

    private static StaffingPlan ApplyToPlan(StaffingPlan plan, ScenarioKnobs knobs)
    {
        var groups = new List<StaffingGroup>();
        var candidate = 0;
        foreach (var group in plan.Groups)
        {
            var template = group.Template;
            if (knobs.CrossTrainShare > 0 && knobs.CrossTrainSkill is { } skill && template.Skills.All(s => s.Queue != skill)
                && Picks(candidate++, knobs.CrossTrainShare) > 0)
                template = template with { Skills = [.. template.Skills, new AgentSkill(skill, knobs.CrossTrainProficiency)] };
            var counts = group.AgentsPerInterval
                .Select(n => (int)Math.Round(n * knobs.StaffingScale, MidpointRounding.AwayFromZero)).ToArray();
            groups.Add(new StaffingGroup(template, counts));
        }
        if (knobs.ExtraAgents > 0 && knobs.ExtraSkill is { } extraSkill && groups.Count > 0)
        {
            // Extra agents are on duty whenever the centre is staffed at all.
            var intervals = groups[0].AgentsPerInterval.Count;
            var counts = new int[intervals];
            for (var i = 0; i < intervals; i++)
                counts[i] = groups.Any(g => g.AgentsPerInterval[i] > 0) ? knobs.ExtraAgents : 0;
            var cost = plan.Groups.Average(g => g.Template.CostPerHour);
            groups.Add(new StaffingGroup(new Agent($"extra-{extraSkill}", [new AgentSkill(extraSkill)], [], cost), counts));
        }
        return new StaffingPlan(groups);
    }

    /// <summary>How many copies the i-th of many gets when each gets <paramref name="share"/> on average
    /// (⌊(i+1)·share⌋ − ⌊i·share⌋): shares below 1 pick evenly spread items, above 1 replicate.</summary>
    private static int Picks(int i, double share) =>
        (int)(Math.Floor((i + 1) * share + 1e-9) - Math.Floor(i * share + 1e-9));
}
