namespace TwinLab.ContactCenter.Analytics;

/// <summary>
/// Closed-form contact-centre analytics: Erlang C (no abandonment), Erlang A (exponential patience, exact),
/// square-root staffing and the fewest agents meeting a service-level goal, with shrinkage.
/// All times are in seconds; loads are in Erlangs.
/// </summary>
/// <example>
/// The worked check: 100 calls per 30 minutes, AHT 180 s (10 Erlangs), 14 agents and a 20 s target give
/// P(wait) 0.1741, service level 0.8884, ASA 7.84 s and occupancy 0.714; 80/20 needs 14 agents, 20 scheduled at 30% shrinkage.
/// <code>
/// var load = new Workload(100, TimeSpan.FromMinutes(30), 180);
/// var m = Erlang.C(load, 14, 20);
/// var staff = Erlang.StaffC(load, StaffingGoal.EightyTwenty, shrinkage: 0.3); // Agents 14, ScheduledAgents 20
/// </code>
/// </example>
public static class Erlang
{
    /// <summary>
    /// Erlang C (M/M/N): Poisson arrivals, exponential handle times, N agents, callers who never hang up.
    /// Stable for thousands of agents (Erlang B recursion, no factorials).
    /// </summary>
    /// <param name="workload">The interval's calls and handle time.</param>
    /// <param name="agents">Agents on the phones, N ≥ 1.</param>
    /// <param name="targetAnswerSeconds">The service-level target t, in seconds.</param>
    /// <returns>
    /// The metrics. When N ≤ A the queue has no steady state; the result is then its long-run limit, not an error:
    /// P(wait) = 1, ASA, mean wait and queue length +∞, service level 0, occupancy 1.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="agents"/> &lt; 1 or the target is negative or not finite.</exception>
    public static StaffingMetrics C(Workload workload, int agents, double targetAnswerSeconds)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(agents);
        Require.NonNegativeFinite(targetAnswerSeconds, nameof(targetAnswerSeconds));
        return new ErlangCFormula(workload, targetAnswerSeconds).Evaluate(agents);
    }

    /// <summary>
    /// Erlang A (Palm's M/M/N+M): as Erlang C, but each caller hangs up after an exponential patience with the given
    /// mean. Exact: the birth–death chain is summed to double precision. Any N ≥ 1 is valid (abandonment bounds the queue).
    /// </summary>
    /// <param name="workload">The interval's calls and handle time.</param>
    /// <param name="agents">Agents on the phones, N ≥ 1.</param>
    /// <param name="targetAnswerSeconds">The service-level target t, in seconds.</param>
    /// <param name="meanPatienceSeconds">Mean time a caller will wait before hanging up, 1/θ; +∞ means nobody abandons (Erlang C).</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    /// <exception cref="ArgumentException">The queue would hold millions of callers (overload with a near-infinite patience).</exception>
    public static StaffingMetrics A(Workload workload, int agents, double targetAnswerSeconds, double meanPatienceSeconds)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(agents);
        Require.NonNegativeFinite(targetAnswerSeconds, nameof(targetAnswerSeconds));
        var formula = Formula(workload, targetAnswerSeconds, meanPatienceSeconds);
        return formula.Evaluate(agents, TwinLab.Simulation.Queueing.ErlangC.ErlangB(agents, workload.OfferedLoad));
    }

    /// <summary>The fewest agents for which Erlang C meets the goal, and the agents to schedule given shrinkage.</summary>
    /// <param name="workload">The interval's calls and handle time.</param>
    /// <param name="goal">Service level and optional ASA and occupancy caps (an abandonment cap is always met).</param>
    /// <param name="shrinkage">Fraction of scheduled time not on the phones (breaks, training, absence), in [0, 1).</param>
    /// <exception cref="InvalidOperationException">No staffing up to ten million agents meets the goal.</exception>
    public static StaffingResult StaffC(Workload workload, StaffingGoal goal, double shrinkage = 0)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(goal);
        Require.FractionBelowOne(shrinkage, nameof(shrinkage));
        return StaffingSearch.Solve(new ErlangCFormula(workload, goal.TargetAnswerSeconds), workload, goal, shrinkage);
    }

    /// <summary>The fewest agents for which Erlang A meets the goal, and the agents to schedule given shrinkage.</summary>
    /// <param name="workload">The interval's calls and handle time.</param>
    /// <param name="goal">Service level and optional ASA, abandonment and occupancy caps.</param>
    /// <param name="meanPatienceSeconds">Mean patience 1/θ in seconds; +∞ gives Erlang C.</param>
    /// <param name="shrinkage">Fraction of scheduled time not on the phones, in [0, 1).</param>
    /// <exception cref="InvalidOperationException">No staffing up to ten million agents meets the goal.</exception>
    public static StaffingResult StaffA(Workload workload, StaffingGoal goal, double meanPatienceSeconds, double shrinkage = 0)
    {
        ArgumentNullException.ThrowIfNull(workload);
        ArgumentNullException.ThrowIfNull(goal);
        Require.FractionBelowOne(shrinkage, nameof(shrinkage));
        return StaffingSearch.Solve(Formula(workload, goal.TargetAnswerSeconds, meanPatienceSeconds), workload, goal, shrinkage);
    }

    /// <summary>
    /// Agents to schedule so that <paramref name="agents"/> remain on the phones after shrinkage: ⌈N / (1 − s)⌉.
    /// </summary>
    /// <param name="agents">Agents needed on the phones, N ≥ 0.</param>
    /// <param name="shrinkage">Fraction of scheduled time lost, in [0, 1).</param>
    public static int ScheduledAgents(int agents, double shrinkage)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(agents);
        Require.FractionBelowOne(shrinkage, nameof(shrinkage));
        // Shrinkage is given as a decimal fraction, which binary floating point only approximates: 14/(1 − 0.3) may
        // come out a hair above 20. The tolerance keeps such rounding from adding an agent.
        return (int)Math.Ceiling(agents / (1 - shrinkage) - 1e-9);
    }

    /// <summary>
    /// Square-root staffing (Halfin and Whitt, Operations Research 29(3), 1981): N = ⌈R + β√R⌉ agents for
    /// R Erlangs, a starting point that is close to exact for large R.
    /// </summary>
    /// <param name="offeredLoad">R, in Erlangs (≥ 0).</param>
    /// <param name="beta">The safety factor β ≥ 0, e.g. from <see cref="HalfinWhittBeta"/>.</param>
    public static int SquareRootStaffing(double offeredLoad, double beta)
    {
        Require.NonNegativeFinite(offeredLoad, nameof(offeredLoad));
        Require.NonNegativeFinite(beta, nameof(beta));
        return (int)Math.Ceiling(offeredLoad + beta * Math.Sqrt(offeredLoad));
    }

    /// <summary>
    /// The Halfin–Whitt function α(β) = [1 + βΦ(β)/φ(β)]⁻¹: the probability of waiting that N = R + β√R agents
    /// give as R grows (Φ and φ the standard normal distribution and density).
    /// </summary>
    /// <param name="beta">β ≥ 0.</param>
    public static double HalfinWhittWaitProbability(double beta) =>
        HalfinWhitt.WaitProbability(Require.NonNegativeFinite(beta, nameof(beta)));

    /// <summary>The β that gives the target probability of waiting under the Halfin–Whitt function (≈ 1.06 for 0.2).</summary>
    /// <param name="waitProbability">Target P(wait), in (0, 1].</param>
    public static double HalfinWhittBeta(double waitProbability)
    {
        Require.PositiveFraction(waitProbability, nameof(waitProbability));
        return HalfinWhitt.SmallestBeta(b => HalfinWhitt.WaitProbability(b) <= waitProbability);
    }

    private static IQueueFormula Formula(Workload workload, double targetAnswerSeconds, double meanPatienceSeconds)
    {
        // +∞ patience is θ = 0: no abandonment, which is Erlang C exactly.
        if (double.IsPositiveInfinity(meanPatienceSeconds)) return new ErlangCFormula(workload, targetAnswerSeconds);
        Require.PositiveFinite(meanPatienceSeconds, nameof(meanPatienceSeconds));
        return new ErlangAFormula(workload, targetAnswerSeconds, meanPatienceSeconds);
    }
}
