using TwinLab.ContactCenter.Data;
using TwinLab.Simulation.Random.Distributions;

namespace TwinLab.ContactCenter.Simulation;

/// <summary>Compiles a (scenario-adjusted) model and the scenario's knobs into a <see cref="CompiledCenter"/>.</summary>
internal static class CenterCompiler
{
    private const double Day = 86_400;

    public static CompiledCenter Compile(CenterModel model, StaffingPlan? plan, ScenarioKnobs knobs)
    {
        var intervalSeconds = model.IntervalMinutes * 60.0;
        var startOffset = knobs.StartDay * Day;
        var queues = new CompiledQueue[model.Queues.Count];
        for (var q = 0; q < queues.Length; q++) queues[q] = CompileQueue(model, q, knobs, intervalSeconds, startOffset);
        var agents = Agents(model, plan, intervalSeconds);
        var n = queues.Length;
        var proficiency = new double[agents.Count * n];
        var rank = new int[agents.Count * n];
        Array.Fill(rank, -1);
        var compiled = new CompiledAgent[agents.Count];
        for (var a = 0; a < agents.Count; a++)
        {
            var (agent, schedule) = agents[a];
            var entries = new List<(int Queue, int Rank)>();
            for (var r = 0; r < agent.Skills.Count; r++)
                for (var q = 0; q < n; q++)
                {
                    if (model.Queues[q].Queue != agent.Skills[r].Queue || rank[a * n + q] >= 0) continue;
                    rank[a * n + q] = r;
                    proficiency[a * n + q] = agent.Skills[r].Proficiency;
                    entries.Add((q, r));
                }
            compiled[a] = new CompiledAgent
            {
                Id = agent.Id,
                Queues = entries.Select(e => e.Queue).ToArray(),
                Ranks = entries.Select(e => e.Rank).ToArray(),
                ChatCapacity = agent.ChatConcurrency,
                CostPerHour = agent.CostPerHour,
                IntervalShrinkage = IntervalShrinkage(model.Roster.Shrinkage, schedule.BreakShare),
                Schedule = schedule,
            };
        }
        var queueAgents = new int[n][];
        for (var q = 0; q < n; q++)
            queueAgents[q] = Enumerable.Range(0, compiled.Length).Where(a => rank[a * n + q] >= 0)
                .OrderBy(a => rank[a * n + q]).ThenByDescending(a => proficiency[a * n + q]).ThenBy(a => a).ToArray();
        return new CompiledCenter
        {
            Queues = queues,
            Agents = compiled,
            QueueAgents = queueAgents,
            Proficiency = proficiency,
            Rank = rank,
            HasSecondary = queueAgents.Select((list, q) => list.Any(a => rank[a * n + q] > 0)).ToArray(),
            IntervalSeconds = intervalSeconds,
            StartOffsetSeconds = startOffset,
            HorizonSeconds = knobs.Days * Day,
            WarmupSeconds = knobs.WarmupHours * 3600,
            Routing = knobs.Routing,
            OverflowDelaySeconds = knobs.OverflowDelaySeconds,
            ChatSlowdown = knobs.ChatSlowdown,
            CallbackThresholdSeconds = knobs.CallbackThresholdSeconds,
            CallbackAcceptance = knobs.Callback ? knobs.CallbackAcceptance : 0,
            RetrialShare = knobs.RetrialShare,
            RetrialDelaySeconds = knobs.RetrialDelayMinutes * 60,
            Satisfaction = knobs.Satisfaction ? model.Satisfaction : null,
        };
    }

    private static CompiledQueue CompileQueue(CenterModel model, int q, ScenarioKnobs knobs, double intervalSeconds, double startOffset)
    {
        var m = model.Queues[q];
        var perSecond = m.ArrivalRatesPerHour.Select(r => r / 3600).ToArray();
        // The weekly profile starts on Monday 00:00, which lies startOffset before the run's time 0.
        var arrivals = perSecond.Any(r => r > 0)
            ? PiecewisePoissonProcess.EqualIntervals(intervalSeconds, perSecond, cyclic: true, start: -startOffset)
            : null;
        var live = m.Channel != Channel.Email;
        var shiftTo = m.Channel == Channel.Phone && knobs.ChannelShift > 0
            ? IndexOf(model, m.Queue, Channel.Chat)
            : -1;
        return new CompiledQueue
        {
            Name = m.Queue,
            Channel = m.Channel,
            Priority = m.Priority,
            Arrivals = arrivals,
            Handle = m.HandleSeconds,
            HandleScale = InScope(knobs.HandleTimeScope, m.Queue) ? knobs.HandleTimeFactor : 1,
            Patience = m.PatienceSeconds,
            FirstContactResolution = m.FirstContactResolution,
            RepeatDelaySeconds = m.RepeatDelayHours * 3600,
            IntervalsToOpening = IntervalsToOpening(m.ArrivalRatesPerHour),
            Deflection = live && InScope(knobs.DeflectionScope, m.Queue) ? knobs.Deflection : 0,
            ShiftTo = shiftTo,
            ShiftShare = shiftTo >= 0 ? knobs.ChannelShift : 0,
            OffersCallback = knobs.Callback && m.Channel == Channel.Phone,
            TargetSeconds = live ? knobs.TargetSeconds : knobs.EmailTargetHours * 3600,
        };
    }

    /// <summary>For each interval of the week, the intervals until the next one with arrivals (the queue's opening
    /// hours as the arrival profile shows them); null when every interval or none has arrivals.</summary>
    internal static int[]? IntervalsToOpening(IReadOnlyList<double> ratesPerHour)
    {
        var n = ratesPerHour.Count;
        if (ratesPerHour.All(r => r > 0) || !ratesPerHour.Any(r => r > 0)) return null;
        var wait = new int[n];
        // Two passes backwards round the cyclic week: the first reaches every closed interval's next opening.
        var next = -1;
        for (var pass = 0; pass < 2; pass++)
            for (var k = n - 1; k >= 0; k--)
            {
                if (ratesPerHour[k] > 0) { wait[k] = 0; next = k; continue; }
                if (next >= 0) wait[k] = next > k ? next - k : next + n - k;
            }
        return wait;
    }

    /// <summary>The agents and their weekly schedules: the roster's, or one agent per head of a staffing plan
    /// (the j-th agent of a group is on duty in the intervals that need more than j).</summary>
    private static List<(Agent Agent, WeeklySchedule Schedule)> Agents(CenterModel model, StaffingPlan? plan, double intervalSeconds)
    {
        if (plan is null) return model.Roster.Agents.Select(a => (a, WeeklySchedule.FromShifts(a.Shifts))).ToList();
        var agents = new List<(Agent, WeeklySchedule)>();
        foreach (var group in plan.Groups)
        {
            var most = group.AgentsPerInterval.Count > 0 ? group.AgentsPerInterval.Max() : 0;
            for (var j = 0; j < most; j++)
            {
                var onDuty = group.AgentsPerInterval.Select(n => n > j).ToArray();
                agents.Add((group.Template with { Id = $"{group.Template.Id}#{j + 1}", Shifts = [] },
                    WeeklySchedule.FromIntervals(onDuty, intervalSeconds)));
            }
        }
        return agents;
    }

    /// <summary>
    /// The chance shrinkage takes one of the agent's working intervals. Roster shrinkage is the share of paid time
    /// lost, explicit breaks included, so only the rest is drawn at random: with break share b of shift time and
    /// shrinkage s, a working interval is lost with probability (s − b)/(1 − b), making the expected total s
    /// (none when the breaks already reach s).
    /// </summary>
    private static double IntervalShrinkage(double shrinkage, double breakShare) =>
        breakShare >= shrinkage ? 0 : (shrinkage - breakShare) / (1 - breakShare);

    private static bool InScope(string? scope, string queue) => scope is null || scope == queue;

    private static int IndexOf(CenterModel model, string name, Channel channel)
    {
        for (var i = 0; i < model.Queues.Count; i++)
            if (model.Queues[i].Queue == name && model.Queues[i].Channel == channel) return i;
        return -1;
    }
}
