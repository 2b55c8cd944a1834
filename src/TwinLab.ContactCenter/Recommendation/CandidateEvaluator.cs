using TwinLab.Core.Errors;
using TwinLab.Simulation.Experiments;

namespace TwinLab.ContactCenter.Recommendation;

/// <summary>Compares a candidate's replications with the baseline's: KPI differences, objective improvement, cost.</summary>
internal sealed class CandidateEvaluator
{
    // Costs that differ by less than this per day are equal (agent cost is summed in floating point).
    private const double CostTolerance = 1e-6;

    private readonly SimulatorInfo _info;
    private readonly RecommendationOptions _options;
    private readonly ScenarioResult _baseline;
    private readonly double _days;

    public CandidateEvaluator(SimulatorInfo info, RecommendationOptions options, ScenarioResult baseline)
    {
        _info = info;
        _options = options;
        _baseline = baseline;
        // KPIs and costs cover the simulated time after the warm-up.
        _days = options.Days - options.WarmupHours / 24;
        BaselineKpis = Kpis(baseline, 0);
    }

    public ScenarioKpis BaselineKpis { get; }

    /// <summary>Notes about the baseline; throws when the objective cannot be measured at all.</summary>
    public List<string> CheckBaseline()
    {
        var notes = new List<string>();
        var kpi = _options.Objective.Kpi();
        if (Mean(_baseline, kpi) is null)
            throw new TwinLabException(ErrorCodes.InvalidArgument, _options.Objective == RecommendationObjective.Satisfaction
                ? "The objective 'satisfaction' needs a model with a satisfaction predictor; this one has none (too few surveyed contacts to fit one?)."
                : $"The objective '{_options.Objective.Name()}' cannot be measured: the baseline answered no contacts in {_options.Days} day(s) from {_options.StartDay}.");
        if (BaselineKpis.Satisfaction is null) notes.Add("Satisfaction is not predicted: the model has no satisfaction predictor.");
        return notes;
    }

    public CandidateResult Evaluate(string name, string description, IReadOnlyDictionary<string, string> parameters, double candidateDaily, ScenarioResult result)
    {
        var changes = new List<KpiChange>();
        foreach (var kpi in (string[])["service_level", "asa_seconds", "abandonment_rate", "occupancy", "handle_time_seconds", "satisfaction"])
        {
            var spec = _info.Kpis[_info.KpiIndex(kpi)];
            changes.Add(Change(kpi, spec.Unit, spec.Direction, Paired(result, kpi)));
        }
        var agentCost = Paired(result, "cost").Transform(1 / _days);
        var totalCost = agentCost.Transform(1, candidateDaily);
        changes.Add(Change("agent_cost_per_day", "currency/day", KpiDirection.Minimise, agentCost));
        changes.Add(Change("total_cost_per_day", "currency/day", KpiDirection.Minimise, totalCost));

        var improvement = Paired(result, _options.Objective.Kpi()).Transform(_options.Objective.Scale());
        var costChange = totalCost.Pairs > 0 ? Snap(totalCost.Mean) : double.NaN;
        var significant = improvement.Pairs > 0 && improvement.Significant;
        var verdict = !significant ? CandidateVerdicts.NotSignificant
            : improvement.Mean < 0 ? CandidateVerdicts.Worse
            : costChange <= 0 ? CandidateVerdicts.ImprovesAtNoCost
            : CandidateVerdicts.ImprovesAtCost;
        double? perThousand = costChange > 0 && improvement.Pairs > 0 ? improvement.Mean / (costChange / 1000) : null;
        var kpis = Kpis(result, candidateDaily);
        return new CandidateResult(
            0, name, description, parameters, verdict,
            Finite(improvement.Mean), Finite(improvement.Low), Finite(improvement.High), significant,
            candidateDaily, Finite(Snap(agentCost.Mean)), Finite(costChange), perThousand,
            MeetsTargets(kpis), kpis, changes);
    }

    public bool? MeetsTargets(ScenarioKpis kpis)
    {
        if (_options.TargetServiceLevel is null && _options.MaxAbandonment is null) return null;
        if (_options.TargetServiceLevel is { } sl && !(kpis.ServiceLevel >= sl)) return false;
        if (_options.MaxAbandonment is { } ab && !(kpis.AbandonmentRate <= ab)) return false;
        return true;
    }

    private PairedDifference Paired(ScenarioResult candidate, string kpi)
    {
        var k = _info.KpiIndex(kpi);
        return PairedDifference.Of(_baseline.Replications, _baseline.Values[k], candidate.Replications, candidate.Values[k], _options.Confidence);
    }

    private static KpiChange Change(string kpi, string? unit, KpiDirection direction, PairedDifference d)
    {
        var significant = d.Pairs > 0 && d.Significant;
        var sign = double.IsNaN(d.Mean) ? 0 : direction switch
        {
            KpiDirection.Maximise => Math.Sign(d.Mean),
            KpiDirection.Minimise => -Math.Sign(d.Mean),
            _ => 0,
        };
        var assessment = !significant ? "no significant change" : sign > 0 ? "better" : sign < 0 ? "worse" : "changed";
        return new KpiChange(kpi, unit, direction.ToString().ToLowerInvariant(), Finite(d.BaselineMean), Finite(d.CandidateMean),
            Finite(d.Mean), Finite(d.Low), Finite(d.High), significant, assessment);
    }

    private ScenarioKpis Kpis(ScenarioResult result, double candidateDaily)
    {
        var agentCost = Mean(result, "cost") / _days;
        return new ScenarioKpis(
            Mean(result, "service_level"), Mean(result, "asa_seconds"), Mean(result, "abandonment_rate"), Mean(result, "occupancy"),
            Mean(result, "handle_time_seconds"), Mean(result, "satisfaction"), agentCost, candidateDaily, agentCost + candidateDaily);
    }

    /// <summary>Mean over the replications where the KPI exists; null when it exists in none.</summary>
    private double? Mean(ScenarioResult result, string kpi)
    {
        var values = result.Values[_info.KpiIndex(kpi)];
        double sum = 0;
        var n = 0;
        foreach (var v in values)
        {
            if (double.IsNaN(v)) continue;
            sum += v;
            n++;
        }
        return n == 0 ? null : sum / n;
    }

    /// <summary>Cost differences that are rounding noise (unchanged agent hours summed in another order) as 0.</summary>
    private static double Snap(double cost) => Math.Abs(cost) <= CostTolerance ? 0 : cost;

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
