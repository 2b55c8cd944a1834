namespace TwinLab.ContactCenter.Recommendation;

/// <summary>
/// Candidate changes ranked by how much they improve the objective per cost, each with the scenario behind it, its
/// KPI differences from the baseline (paired under common random numbers, with confidence intervals) and the
/// settings to reproduce it. Plain data for JSON: numbers that do not exist (no answered contact, no satisfaction
/// predictor, no cost) are null, never NaN or infinity.
/// </summary>
/// <param name="Objective">The objective's name (<c>service_level</c>, <c>asa</c>, <c>abandonment</c>, <c>satisfaction</c>).</param>
/// <param name="ObjectiveKpi">The simulator KPI behind it.</param>
/// <param name="ObjectiveUnit">Unit of every improvement (<c>percentage points</c>, <c>seconds</c>, <c>score points</c>).</param>
/// <param name="Currency">Currency label of the costs, when known.</param>
/// <param name="Replications">Replications per scenario.</param>
/// <param name="Seed">Experiment seed.</param>
/// <param name="Days">Days simulated per replication.</param>
/// <param name="StartDay">Day of the week the simulation starts.</param>
/// <param name="WarmupHours">Hours at the start left out of KPIs and costs.</param>
/// <param name="Confidence">Confidence level of the intervals.</param>
/// <param name="Baseline">The centre as it is: KPI means.</param>
/// <param name="Ranking">Every candidate, best first (<see cref="CandidateResult.Rank"/> 1, 2, …): first those
/// that improve the objective significantly at no extra cost or while saving money (largest improvement first), then
/// those that improve it at a cost (most improvement per 1,000 per day first), then those whose improvement is not
/// significant, and last those that make it significantly worse.</param>
/// <param name="Combination">The best compatible candidates evaluated together, when asked for and at least two
/// qualified; its <see cref="CandidateResult.Rank"/> is 0.</param>
/// <param name="TargetServiceLevel">Service-level target (fraction), if given.</param>
/// <param name="MaxAbandonment">Most abandonment allowed (fraction), if given.</param>
/// <param name="BaselineMeetsTargets">Whether the baseline meets the targets; null without targets.</param>
/// <param name="MeetingTargets">Names of the scenarios (<c>baseline</c>, candidates, combination) whose mean KPIs meet
/// the targets, cheapest total cost per day first; empty without targets.</param>
/// <param name="Notes">What the reader should know (missing KPIs, how costs are counted).</param>
public sealed record RecommendationResult(
    string Objective,
    string ObjectiveKpi,
    string ObjectiveUnit,
    string? Currency,
    int Replications,
    ulong Seed,
    double Days,
    string StartDay,
    double WarmupHours,
    double Confidence,
    ScenarioKpis Baseline,
    IReadOnlyList<CandidateResult> Ranking,
    CandidateResult? Combination,
    double? TargetServiceLevel,
    double? MaxAbandonment,
    bool? BaselineMeetsTargets,
    IReadOnlyList<string> MeetingTargets,
    IReadOnlyList<string> Notes)
{
    /// <summary>A ranked candidate by name.</summary>
    /// <exception cref="KeyNotFoundException">No candidate has that name.</exception>
    public CandidateResult Candidate(string name) =>
        Ranking.FirstOrDefault(c => c.Name == name) ?? throw new KeyNotFoundException($"No candidate '{name}'.");
}

/// <summary>Mean KPIs of one scenario over its replications (null where a KPI does not exist).</summary>
/// <param name="ServiceLevel">Service level, a fraction (answered within target ÷ offered less those abandoning within target).</param>
/// <param name="AsaSeconds">Average speed of answer, seconds.</param>
/// <param name="AbandonmentRate">Abandoned ÷ offered.</param>
/// <param name="Occupancy">Busy ÷ staffed agent time.</param>
/// <param name="HandleTimeSeconds">Mean handle time, seconds.</param>
/// <param name="Satisfaction">Mean predicted satisfaction score; null without a satisfaction predictor.</param>
/// <param name="AgentCostPerDay">Paid agent hours × cost per hour, per calendar day.</param>
/// <param name="CandidateCostPerDay">The change's own cost per day (0 for the baseline).</param>
/// <param name="TotalCostPerDay">Agent cost plus the change's cost, per day.</param>
public sealed record ScenarioKpis(
    double? ServiceLevel,
    double? AsaSeconds,
    double? AbandonmentRate,
    double? Occupancy,
    double? HandleTimeSeconds,
    double? Satisfaction,
    double? AgentCostPerDay,
    double CandidateCostPerDay,
    double? TotalCostPerDay);

/// <summary>How one KPI of a candidate differs from the baseline (candidate − baseline over paired replications).</summary>
/// <param name="Kpi">KPI name: the simulator's (<c>service_level</c>, <c>asa_seconds</c>, <c>abandonment_rate</c>,
/// <c>occupancy</c>, <c>handle_time_seconds</c>, <c>satisfaction</c>) or <c>agent_cost_per_day</c> /
/// <c>total_cost_per_day</c>.</param>
/// <param name="Unit">Its unit, if any.</param>
/// <param name="Direction"><c>maximise</c>, <c>minimise</c> or <c>none</c>.</param>
/// <param name="Baseline">Baseline mean over the paired replications.</param>
/// <param name="Candidate">Candidate mean over the paired replications.</param>
/// <param name="Difference">Mean paired difference.</param>
/// <param name="CiLow">Lower end of its paired-t interval.</param>
/// <param name="CiHigh">Upper end.</param>
/// <param name="Significant">Whether the interval excludes 0.</param>
/// <param name="Assessment"><c>better</c>, <c>worse</c> (significant, in the KPI's direction), <c>changed</c>
/// (significant, no direction) or <c>no significant change</c>.</param>
public sealed record KpiChange(
    string Kpi,
    string? Unit,
    string Direction,
    double? Baseline,
    double? Candidate,
    double? Difference,
    double? CiLow,
    double? CiHigh,
    bool Significant,
    string Assessment);

/// <summary>One candidate's evaluation and place in the ranking.</summary>
/// <param name="Rank">1 = best; 0 for the combination, which is not ranked.</param>
/// <param name="Name">The candidate's name.</param>
/// <param name="Description">Its description.</param>
/// <param name="Parameters">Simulator parameters it sets, as written (name → value).</param>
/// <param name="Verdict">One of <see cref="CandidateVerdicts"/>.</param>
/// <param name="Improvement">Mean improvement of the objective (positive = better), in the objective's unit.</param>
/// <param name="ImprovementCiLow">Lower end of the improvement's paired-t interval.</param>
/// <param name="ImprovementCiHigh">Upper end.</param>
/// <param name="Significant">Whether the improvement's interval excludes 0; false means "not significant".</param>
/// <param name="CandidateCostPerDay">The change's own cost per day (one-off cost amortised, plus per-day cost).</param>
/// <param name="AgentCostChangePerDay">Change in simulated agent cost per day (added agents, for instance).</param>
/// <param name="CostChangePerDay">Total change in cost per day: agent cost change plus the change's own cost
/// (negative = saves money).</param>
/// <param name="ImprovementPer1000">Improvement per 1,000 of extra cost per day; null when the change costs
/// nothing extra or saves money.</param>
/// <param name="MeetsTargets">Whether its mean KPIs meet the targets; null without targets.</param>
/// <param name="Kpis">Its mean KPIs.</param>
/// <param name="Changes">Its KPI differences from the baseline with confidence intervals.</param>
public sealed record CandidateResult(
    int Rank,
    string Name,
    string Description,
    IReadOnlyDictionary<string, string> Parameters,
    string Verdict,
    double? Improvement,
    double? ImprovementCiLow,
    double? ImprovementCiHigh,
    bool Significant,
    double CandidateCostPerDay,
    double? AgentCostChangePerDay,
    double? CostChangePerDay,
    double? ImprovementPer1000,
    bool? MeetsTargets,
    ScenarioKpis Kpis,
    IReadOnlyList<KpiChange> Changes)
{
    /// <summary>The change of one KPI by name.</summary>
    /// <exception cref="KeyNotFoundException">No such KPI.</exception>
    public KpiChange Change(string kpi) =>
        Changes.FirstOrDefault(c => c.Kpi == kpi) ?? throw new KeyNotFoundException($"No KPI '{kpi}'.");
}

/// <summary>The verdicts of <see cref="CandidateResult.Verdict"/>, in ranking order.</summary>
public static class CandidateVerdicts
{
    /// <summary>Improves the objective significantly and costs nothing extra or saves money.</summary>
    public const string ImprovesAtNoCost = "improves at no cost";
    /// <summary>Improves the objective significantly at an extra cost.</summary>
    public const string ImprovesAtCost = "improves at a cost";
    /// <summary>The improvement's confidence interval includes 0.</summary>
    public const string NotSignificant = "not significant";
    /// <summary>Makes the objective significantly worse.</summary>
    public const string Worse = "worse";
}
