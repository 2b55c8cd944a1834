using EngineErlangC = TwinLab.Simulation.Queueing.ErlangC;

namespace TwinLab.ContactCenter.Analytics;

/// <summary>
/// Erlang C (M/M/N) in contact-centre units: seconds, an interval's volume and an answer-time target.
/// </summary>
/// <remarks>
/// With A = λ·AHT and N &gt; A (Gans, Koole and Mandelbaum, "Telephone call centers: tutorial, review, and research
/// prospects", M&amp;SOM 5(2), 2003; Gross, Shortle, Thompson and Harris, <i>Fundamentals of Queueing Theory</i>,
/// 4th ed., 2008, §2.4):
/// C = P(W &gt; 0) = B / (1 − (A/N)(1 − B)) with B = B(N, A) the Erlang B value;
/// ASA = C·AHT / (N − A); SL(t) = P(W ≤ t) = 1 − C·exp(−(N − A)·t / AHT); occupancy = A / N.
/// B comes from the engine's <see cref="EngineErlangC.ErlangB"/> recursion (no factorials, so N in the
/// thousands is safe); the one-line step from B to C is repeated here rather than calling
/// <see cref="EngineErlangC.WaitProbability"/> because the staffing search moves B between candidates
/// (<see cref="ErlangBCursor"/>), and the engine helper would rebuild B from scratch in O(N) for every one.
/// Overload (N ≤ A) has no steady state. Rather than throwing, so interval tables and staffing searches can show it,
/// the result is the long-run limit: every caller waits (P(wait) = 1), waits grow without bound (ASA, mean wait and
/// queue = +∞), no call is answered within any fixed target (service level 0) and agents never idle (occupancy 1).
/// </remarks>
internal sealed class ErlangCFormula(Workload workload, double targetAnswerSeconds) : IQueueFormula
{
    private readonly double _load = workload.OfferedLoad;
    private readonly double _handleSeconds = workload.AverageHandleTimeSeconds;
    private readonly double _arrivalRate = workload.ArrivalRatePerSecond;

    /// <inheritdoc />
    public double OfferedLoad => _load;

    /// <inheritdoc />
    public int MinimumAgents => (int)Math.Floor(_load) + 1;

    /// <summary>The metrics with <paramref name="agents"/> agents, computing B(N, A) with the engine's recursion.</summary>
    public StaffingMetrics Evaluate(int agents) => Evaluate(agents, EngineErlangC.ErlangB(agents, _load));

    /// <inheritdoc />
    public StaffingMetrics Evaluate(int agents, double erlangB)
    {
        if (agents <= _load)
        {
            return new StaffingMetrics(agents, _load, targetAnswerSeconds, WaitProbability: 1,
                double.PositiveInfinity, double.PositiveInfinity, ServiceLevel: 0, ServiceLevelExcludingShortAbandons: 0,
                Occupancy: 1, AbandonmentProbability: 0, double.PositiveInfinity);
        }

        var occupancy = _load / agents;
        var wait = erlangB / (1 - occupancy * (1 - erlangB));
        var spare = agents - _load;
        var asa = wait * _handleSeconds / spare;
        var serviceLevel = 1 - wait * Math.Exp(-spare * targetAnswerSeconds / _handleSeconds);
        return new StaffingMetrics(agents, _load, targetAnswerSeconds, wait, asa, asa, serviceLevel, serviceLevel,
            occupancy, AbandonmentProbability: 0, MeanQueueLength: _arrivalRate * asa); // Lq = λ·Wq, Little's law
    }
}
