namespace TwinLab.ContactCenter.Analytics;

/// <summary>
/// What a staffing level must achieve: a service level (e.g. 80% within 20 s) and, optionally, a cap on ASA,
/// on abandonment and on occupancy. The answer is the fewest agents meeting all of them at once.
/// </summary>
public sealed record StaffingGoal
{
    /// <summary>Creates a goal of answering <paramref name="serviceLevel"/> of calls within <paramref name="targetAnswerSeconds"/>.</summary>
    /// <param name="serviceLevel">Required fraction in [0, 1); 0 leaves only the optional caps (and, for Erlang C, stability).</param>
    /// <param name="targetAnswerSeconds">The answer-time target t, in seconds.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public StaffingGoal(double serviceLevel, double targetAnswerSeconds)
    {
        ServiceLevel = Require.FractionBelowOne(serviceLevel, nameof(serviceLevel));
        TargetAnswerSeconds = Require.NonNegativeFinite(targetAnswerSeconds, nameof(targetAnswerSeconds));
    }

    /// <summary>The industry's common default: 80% of calls answered within 20 seconds.</summary>
    public static StaffingGoal EightyTwenty { get; } = new(0.8, 20);

    /// <summary>Required service level, a fraction.</summary>
    public double ServiceLevel { get; }

    /// <summary>The answer-time target t, in seconds.</summary>
    public double TargetAnswerSeconds { get; }

    /// <summary>Which service-level definition the target applies to (default <see cref="ServiceLevelDefinition.OfAllOffered"/>).</summary>
    public ServiceLevelDefinition Definition { get; init; }

    /// <summary>Optional cap on the average speed of answer, in seconds (&gt; 0).</summary>
    public double? MaxAverageSpeedOfAnswerSeconds
    {
        get;
        init => field = value is { } v ? Require.PositiveFinite(v, nameof(MaxAverageSpeedOfAnswerSeconds)) : null;
    }

    /// <summary>Optional cap on the abandonment probability, in (0, 1]; Erlang C always meets it.</summary>
    public double? MaxAbandonment
    {
        get;
        init => field = value is { } v ? Require.PositiveFraction(v, nameof(MaxAbandonment)) : null;
    }

    /// <summary>Optional cap on occupancy, in (0, 1]: agents kept busier than this burn out.</summary>
    public double? MaxOccupancy
    {
        get;
        init => field = value is { } v ? Require.PositiveFraction(v, nameof(MaxOccupancy)) : null;
    }

    /// <summary>Whether the given performance meets every part of the goal.</summary>
    internal bool IsMetBy(StaffingMetrics metrics) =>
        metrics.ServiceLevelFor(Definition) >= ServiceLevel
        && metrics.AverageSpeedOfAnswerSeconds <= (MaxAverageSpeedOfAnswerSeconds ?? double.PositiveInfinity)
        && metrics.AbandonmentProbability <= (MaxAbandonment ?? 1)
        && metrics.Occupancy <= (MaxOccupancy ?? 1);
}
