using TwinLab.ContactCenter.Analytics;
using TwinLab.ContactCenter.Data;

namespace TwinLab.ContactCenter.Planning;

/// <summary>
/// The fewest agents per queue and interval of a week that meet a service goal: a service level (e.g. 80% within
/// 20 s), optionally capped abandonment, ASA and occupancy, from the closed-form queues in <see cref="Erlang"/>.
/// </summary>
/// <remarks>
/// <para>Each interval is taken as steady (the stationary independent period-by-period approach; Green, Kolesar and
/// Whitt, "Coping with time-varying demand when setting staffing requirements for a service system", POM 16(1), 2007):
/// the queue's mean rate in the interval, the mean of its handle-time distribution as AHT, and Erlang A with the mean
/// of its patience distribution when it has one (exponential patience assumed), Erlang C otherwise.</para>
/// <para>Arrivals are the model's fresh contacts plus their repeats (÷ first-contact resolution) unless
/// <see cref="StaffingOptions.CountRepeats"/> is off.</para>
/// <para><b>Phone</b>: agents = the Erlang answer. <b>Chat</b>: an agent holding c chats at once is c servers, so the
/// Erlang answer counts chat slots and agents = ⌈slots / c⌉, with c the mean <see cref="Agent.ChatConcurrency"/> of the
/// roster's agents with the skill (rounded, at least 1). <b>Email</b> has a target in hours, far longer than an
/// interval, so it is staffed to keep up with the work: ⌈load / occupancy cap⌉ agents; its service level and ASA are
/// not predicted (NaN).</para>
/// <para>Queues are staffed apart and summed: a multi-skill centre pools agents and needs somewhat fewer, which the
/// simulator shows (<see cref="SchedulePlanner.Simulate"/>). Agents on duty are ⌈agents / (1 − shrinkage)⌉ per queue.</para>
/// </remarks>
public static class IntervalStaffing
{
    /// <summary>Staffs every interval of <paramref name="model"/>'s week.</summary>
    /// <param name="model">The centre: arrival rates, handle times and patience per queue; the roster for chat
    /// concurrency, cost per hour and shrinkage.</param>
    /// <param name="goal">What phone and chat must achieve in every interval.</param>
    /// <param name="options">Email, shrinkage and fallback settings.</param>
    /// <exception cref="ArgumentException">The model has no queues, a queue's rates do not cover the week, or a
    /// handle time is not positive (the message names the queue).</exception>
    /// <exception cref="InvalidOperationException">No staffing meets the goal in some interval (the message names it).</exception>
    public static StaffingTable Compute(CenterModel model, StaffingGoal goal, StaffingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(goal);
        options ??= new StaffingOptions();
        var shrinkage = options.Shrinkage ?? model.Roster?.Shrinkage ?? 0;
        if (!(shrinkage is >= 0 and < 1)) throw new ArgumentOutOfRangeException(nameof(options), shrinkage, "Shrinkage must be in [0, 1).");
        if (!(options.EmailOccupancy is > 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(options), options.EmailOccupancy, "EmailOccupancy must be in (0, 1].");
        if (model.IntervalMinutes <= 0 || 7 * 24 * 60 % model.IntervalMinutes != 0)
            throw new ArgumentException($"IntervalMinutes must divide a week, got {model.IntervalMinutes}.", nameof(model));
        if (model.Queues is not { Count: > 0 }) throw new ArgumentException("The model has no queues.", nameof(model));

        var queues = model.Queues.Select(q => Prepare(q, model, options)).ToArray();
        var interval = TimeSpan.FromMinutes(model.IntervalMinutes);
        var perDay = 24 * 60 / model.IntervalMinutes;
        var rows = new IntervalRequirement[model.IntervalsPerWeek];
        for (var i = 0; i < rows.Length; i++)
        {
            var day = (DayOfWeek)((i / perDay + 1) % 7);
            var start = TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(i % perDay * model.IntervalMinutes));
            var needs = new QueueRequirement[queues.Length];
            for (var q = 0; q < queues.Length; q++)
            {
                try
                {
                    needs[q] = Staff(queues[q], i, interval, goal, shrinkage, options);
                }
                catch (InvalidOperationException e)
                {
                    throw new InvalidOperationException(
                        $"Queue '{queues[q].Model.Queue}' ({queues[q].Model.Channel}), {day} {start:HH:mm}: {e.Message}", e);
                }
            }
            rows[i] = Combine(i, day, start, needs, queues);
        }
        return new StaffingTable(model.IntervalMinutes, goal, shrinkage, rows);
    }

    private sealed record PreparedQueue(QueueModel Model, double HandleSeconds, double PatienceSeconds, int Concurrency, double CostPerHour, double[] OfferedPerHour);

    private static PreparedQueue Prepare(QueueModel q, CenterModel model, StaffingOptions options)
    {
        var name = $"Queue '{q.Queue}' ({q.Channel})";
        if (q.ArrivalRatesPerHour is null || q.ArrivalRatesPerHour.Length != model.IntervalsPerWeek)
            throw new ArgumentException($"{name} needs {model.IntervalsPerWeek} arrival rates, got {q.ArrivalRatesPerHour?.Length ?? 0}.", nameof(model));
        var handle = q.HandleSeconds?.Mean ?? double.NaN;
        if (!(handle > 0) || double.IsInfinity(handle))
            throw new ArgumentException($"{name} needs a handle time with a positive finite mean, got {handle}.", nameof(model));
        var patience = q.PatienceSeconds?.Mean ?? double.PositiveInfinity;
        if (!(patience > 0)) throw new ArgumentException($"{name} has a non-positive mean patience.", nameof(model));
        var agents = model.Roster?.Agents ?? [];
        var skilled = agents.Where(a => a.Skills.Any(s => s.Queue == q.Queue)).ToArray();
        var concurrency = skilled.Length > 0
            ? Math.Max(1, (int)Math.Round(skilled.Average(a => a.ChatConcurrency), MidpointRounding.AwayFromZero))
            : Math.Max(1, options.DefaultChatConcurrency);
        var cost = skilled.Length > 0 ? skilled.Average(a => a.CostPerHour)
            : agents.Count > 0 ? agents.Average(a => a.CostPerHour) : options.DefaultCostPerHour;
        if (!(q.FirstContactResolution is > 0 and <= 1))
            throw new ArgumentException($"{name}: FirstContactResolution must be in (0, 1], got {q.FirstContactResolution}.", nameof(model));
        // Each contact is resolved with probability FCR, so a fresh one makes 1/FCR contacts on average (geometric),
        // arriving where in the week the repeat delay and the opening hours put them.
        var offered = options.CountRepeats ? RepeatFlow.Offered(q, model.IntervalMinutes) : q.ArrivalRatesPerHour;
        return new PreparedQueue(q, handle, patience, q.Channel == Channel.Chat ? concurrency : 1, cost, offered);
    }

    private static QueueRequirement Staff(PreparedQueue q, int i, TimeSpan interval, StaffingGoal goal, double shrinkage, StaffingOptions options)
    {
        var arrivals = q.OfferedPerHour[i] * interval.TotalHours;
        var workload = new Workload(arrivals, interval, q.HandleSeconds);
        int agents;
        StaffingMetrics metrics;
        if (q.Model.Channel == Channel.Email)
        {
            var cap = goal.MaxOccupancy ?? options.EmailOccupancy;
            var load = workload.OfferedLoad;
            agents = load > 0 ? Math.Max(1, (int)Math.Ceiling(load / cap - 1e-9)) : 0;
            metrics = new StaffingMetrics(agents, load, options.EmailTargetHours * 3600, double.NaN, double.NaN, double.NaN,
                double.NaN, double.NaN, agents > 0 ? load / agents : 0, 0, double.NaN);
        }
        else
        {
            var result = double.IsPositiveInfinity(q.PatienceSeconds)
                ? Erlang.StaffC(workload, goal)
                : Erlang.StaffA(workload, goal, q.PatienceSeconds);
            metrics = result.Metrics;
            agents = (result.Agents + q.Concurrency - 1) / q.Concurrency;
        }
        var scheduled = Erlang.ScheduledAgents(agents, shrinkage);
        return new QueueRequirement(q.Model.Queue, q.Model.Channel, arrivals, workload.OfferedLoad, agents, scheduled, metrics,
            q.CostPerHour, scheduled * interval.TotalHours * q.CostPerHour);
    }

    private static IntervalRequirement Combine(int i, DayOfWeek day, TimeOnly start, QueueRequirement[] needs, PreparedQueue[] queues)
    {
        double offered = 0, withinTarget = 0, abandoned = 0, answered = 0, answerWait = 0, busy = 0;
        for (var q = 0; q < needs.Length; q++)
        {
            var n = needs[q];
            var m = n.Metrics;
            // Busy agent-equivalents: carried load (occupancy × servers), chat slots shared by an agent's concurrency.
            busy += m.Agents > 0 ? m.Occupancy * m.Agents / queues[q].Concurrency : 0;
            if (n.Channel == Data.Channel.Email || n.Arrivals <= 0) continue;
            offered += n.Arrivals;
            withinTarget += m.ServiceLevel * n.Arrivals;
            abandoned += m.AbandonmentProbability * n.Arrivals;
            var answeredHere = (1 - m.AbandonmentProbability) * n.Arrivals;
            answered += answeredHere;
            answerWait += answeredHere > 0 ? m.AverageSpeedOfAnswerSeconds * answeredHere : 0;
        }
        var agents = needs.Sum(n => n.Agents);
        return new IntervalRequirement(i, day, start, needs, agents, needs.Sum(n => n.ScheduledAgents),
            offered > 0 ? withinTarget / offered : double.NaN,
            answered > 0 ? answerWait / answered : double.NaN,
            offered > 0 ? abandoned / offered : double.NaN,
            agents > 0 ? busy / agents : double.NaN,
            needs.Sum(n => n.Cost));
    }
}
