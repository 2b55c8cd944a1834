namespace TwinLab.ContactCenter.Analytics;

/// <summary>
/// Steady-state performance of one interval with a given number of agents on the phones, from Erlang C or Erlang A.
/// For an overloaded Erlang C queue (agents ≤ offered load) there is no steady state: see <see cref="Erlang.C"/>.
/// </summary>
/// <param name="Agents">Agents answering calls (after shrinkage).</param>
/// <param name="OfferedLoad">Offered load A = λ·AHT, in Erlangs.</param>
/// <param name="TargetAnswerSeconds">The answer-time target t the service levels refer to.</param>
/// <param name="WaitProbability">P(W &gt; 0): the probability an arriving caller finds every agent busy.</param>
/// <param name="AverageSpeedOfAnswerSeconds">ASA: mean wait of the calls that are answered.</param>
/// <param name="MeanWaitSeconds">Mean wait of all callers, counting an abandoning caller's time until hanging up (equals ASA without abandonment).</param>
/// <param name="ServiceLevel">The default service level: answered within the target over all offered (<see cref="ServiceLevelDefinition.OfAllOffered"/>).</param>
/// <param name="ServiceLevelExcludingShortAbandons">Answered within the target over offered less abandoned within the target (<see cref="ServiceLevelDefinition.ExcludingShortAbandons"/>).</param>
/// <param name="Occupancy">The fraction of time agents are busy with calls: carried load over agents.</param>
/// <param name="AbandonmentProbability">P(abandon): the fraction of callers who hang up before being answered (0 for Erlang C).</param>
/// <param name="MeanQueueLength">E[Q]: mean number of callers waiting.</param>
public sealed record StaffingMetrics(
    int Agents,
    double OfferedLoad,
    double TargetAnswerSeconds,
    double WaitProbability,
    double AverageSpeedOfAnswerSeconds,
    double MeanWaitSeconds,
    double ServiceLevel,
    double ServiceLevelExcludingShortAbandons,
    double Occupancy,
    double AbandonmentProbability,
    double MeanQueueLength)
{
    /// <summary>The service level under the given definition.</summary>
    /// <param name="definition">Which calls count; see <see cref="ServiceLevelDefinition"/>.</param>
    public double ServiceLevelFor(ServiceLevelDefinition definition) => definition switch
    {
        ServiceLevelDefinition.OfAllOffered => ServiceLevel,
        ServiceLevelDefinition.ExcludingShortAbandons => ServiceLevelExcludingShortAbandons,
        _ => throw new ArgumentOutOfRangeException(nameof(definition), definition, "Unknown service-level definition."),
    };
}
