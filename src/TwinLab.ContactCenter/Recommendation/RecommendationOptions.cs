using TwinLab.Simulation.Experiments;

namespace TwinLab.ContactCenter.Recommendation;

/// <summary>How <see cref="Recommender"/> evaluates candidates.</summary>
public sealed record RecommendationOptions
{
    /// <summary>The KPI candidates are ranked by (default service level).</summary>
    public RecommendationObjective Objective { get; init; } = RecommendationObjective.ServiceLevel;

    /// <summary>Replications per scenario (at least 2, for a confidence interval).</summary>
    public int Replications { get; init; } = 20;

    /// <summary>Experiment seed: replication r of every scenario draws from the same stream (common random numbers).</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Days simulated per replication (a week by default, so weekdays and weekends both count).</summary>
    public double Days { get; init; } = 7;

    /// <summary>Day of the week the simulation starts (<c>monday</c> … <c>sunday</c>).</summary>
    public string StartDay { get; init; } = "monday";

    /// <summary>Hours at the start left out of the KPIs and costs (the simulated centre starts empty).</summary>
    public double WarmupHours { get; init; }

    /// <summary>Replications run at once; 0 = one per core. Results do not depend on it.</summary>
    public int Threads { get; init; }

    /// <summary>Confidence level of the intervals.</summary>
    public double Confidence { get; init; } = 0.95;

    /// <summary>Service-level target (a fraction, 0.8 for 80/20): candidates whose mean reaches it meet the target.</summary>
    public double? TargetServiceLevel { get; init; }

    /// <summary>Most abandonment allowed (a fraction, 0.05 for 5%).</summary>
    public double? MaxAbandonment { get; init; }

    /// <summary>Also evaluate the best k candidates together (those that improve the objective significantly and set
    /// different parameters, best ranked first); 0 or 1 for no combination.</summary>
    public int CombineTop { get; init; }

    /// <summary>Simulator parameters for every scenario, baseline included (e.g. <c>service_level_target_seconds</c>);
    /// <c>days</c>, <c>start_day</c> and <c>warmup_hours</c> come from the options above.</summary>
    public IReadOnlyList<KeyValuePair<string, ParameterValue>> BaselineParameters { get; init; } = [];

    /// <summary>Currency label for the result (e.g. from the candidates file).</summary>
    public string? Currency { get; init; }

    /// <summary>Progress after each finished replication (from worker threads).</summary>
    public IProgress<ExperimentProgress>? Progress { get; init; }

    internal void Validate()
    {
        if (Replications < 2) throw new ArgumentOutOfRangeException(nameof(Replications), Replications, "must be at least 2");
        if (!(Days > 0) || Days > 366) throw new ArgumentOutOfRangeException(nameof(Days), Days, "must be in (0, 366]");
        if (!(WarmupHours >= 0) || WarmupHours >= Days * 24) throw new ArgumentOutOfRangeException(nameof(WarmupHours), WarmupHours, "must be in [0, days × 24)");
        if (Confidence is <= 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(Confidence), Confidence, "must be in (0, 1)");
        if (Threads < 0) throw new ArgumentOutOfRangeException(nameof(Threads), Threads, "must be 0 or more");
        if (TargetServiceLevel is { } sl && sl is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(TargetServiceLevel), sl, "must be a fraction in [0, 1]");
        if (MaxAbandonment is { } ab && ab is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(MaxAbandonment), ab, "must be a fraction in [0, 1]");
        if (CombineTop < 0) throw new ArgumentOutOfRangeException(nameof(CombineTop), CombineTop, "must be 0 or more");
    }
}
