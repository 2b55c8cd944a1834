using TwinLab.Core.Errors;

namespace TwinLab.ContactCenter.Recommendation;

/// <summary>The KPI candidates are ranked by: its improvement per 1,000 of cost per day.</summary>
public enum RecommendationObjective
{
    /// <summary>Service level (answered within target), improvement in percentage points.</summary>
    ServiceLevel,
    /// <summary>Average speed of answer, improvement = seconds less.</summary>
    Asa,
    /// <summary>Abandonment rate, improvement in percentage points less.</summary>
    Abandonment,
    /// <summary>Mean predicted satisfaction, improvement in score points (needs a model with a satisfaction predictor).</summary>
    Satisfaction,
}

/// <summary>Names, KPIs and units of the <see cref="RecommendationObjective"/> values.</summary>
public static class RecommendationObjectives
{
    /// <summary>The names accepted by <see cref="Parse"/> (as on the command line), in enum order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["service_level", "asa", "abandonment", "satisfaction"];

    /// <summary>Reads an objective name: <c>service_level</c>, <c>asa</c>, <c>abandonment</c> or <c>satisfaction</c>
    /// (also the simulator's KPI names <c>asa_seconds</c> and <c>abandonment_rate</c>; case and '-' are ignored).</summary>
    /// <exception cref="TwinLabException">Any other name.</exception>
    public static RecommendationObjective Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant().Replace('-', '_') switch
        {
            "service_level" or "sl" => RecommendationObjective.ServiceLevel,
            "asa" or "asa_seconds" => RecommendationObjective.Asa,
            "abandonment" or "abandonment_rate" => RecommendationObjective.Abandonment,
            "satisfaction" or "csat" => RecommendationObjective.Satisfaction,
            _ => throw new TwinLabException(ErrorCodes.InvalidArgument,
                $"Unknown objective '{name}'; use one of {string.Join(", ", Names)}."),
        };
    }

    /// <summary>The objective's name as <see cref="Parse"/> reads it.</summary>
    public static string Name(this RecommendationObjective objective) => Names[(int)objective];

    /// <summary>The simulator KPI behind the objective.</summary>
    public static string Kpi(this RecommendationObjective objective) => objective switch
    {
        RecommendationObjective.ServiceLevel => "service_level",
        RecommendationObjective.Asa => "asa_seconds",
        RecommendationObjective.Abandonment => "abandonment_rate",
        _ => "satisfaction",
    };

    /// <summary>The unit improvements are stated in.</summary>
    public static string Unit(this RecommendationObjective objective) => objective switch
    {
        RecommendationObjective.Asa => "seconds",
        RecommendationObjective.Satisfaction => "score points",
        _ => "percentage points",
    };

    /// <summary>Improvement per unit of KPI difference (candidate − baseline): +100 for service level (fraction to
    /// percentage points, higher is better), −100 for abandonment, −1 for ASA, +1 for satisfaction.</summary>
    internal static double Scale(this RecommendationObjective objective) => objective switch
    {
        RecommendationObjective.ServiceLevel => 100,
        RecommendationObjective.Asa => -1,
        RecommendationObjective.Abandonment => -100,
        _ => 1,
    };
}
