namespace TwinLab.ContactCenter.Analytics;

/// <summary>
/// A closed-form queue (Erlang C or Erlang A) for one workload and target, evaluated at a number of agents N
/// given the Erlang B value B(N, A). Taking B as an input lets the staffing search move B between candidates
/// (<see cref="ErlangBCursor"/>) instead of recomputing it in O(N) at every one.
/// </summary>
internal interface IQueueFormula
{
    /// <summary>The offered load A in Erlangs.</summary>
    double OfferedLoad { get; }

    /// <summary>The fewest agents the formula accepts (Erlang C needs N &gt; A for a steady state).</summary>
    int MinimumAgents { get; }

    /// <summary>The metrics with <paramref name="agents"/> agents, where <paramref name="erlangB"/> = B(agents, A).</summary>
    StaffingMetrics Evaluate(int agents, double erlangB);
}
