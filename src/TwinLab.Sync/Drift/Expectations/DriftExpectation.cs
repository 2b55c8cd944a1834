using System.Text.RegularExpressions;

namespace TwinLab.Sync.Drift.Expectations;

/// <summary>The distribution a declared expectation gives a reading.</summary>
public enum ExpectedDistribution
{
    /// <summary>A measurement: normal around the mean with the stated SD (or range).</summary>
    Normal,

    /// <summary>A count: Poisson with the stated mean.</summary>
    Poisson,

    /// <summary>A count with extra variation: negative binomial, variance = dispersion × mean.</summary>
    NegativeBinomial,
}

/// <summary>
/// What a user declares a telemetry should look like, without code: for which twins (a model, or ids and patterns), the
/// expected value (a constant, a profile by hour of the day or of the week, or a twin property such as a setpoint) and
/// the spread, read from a YAML file (<see cref="ExpectationsFile"/>).
/// </summary>
/// <param name="Name">The expectation's name (shown as the predictor: <c>expectations:NAME</c>).</param>
/// <param name="Model">Twins of this model or a model extending it; or <c>null</c>.</param>
/// <param name="Twins">Twin ids or patterns with <c>*</c>; empty for every twin of <paramref name="Model"/>.</param>
/// <param name="Component">The component the telemetry belongs to, or <c>null</c>.</param>
/// <param name="Telemetry">The telemetry name.</param>
/// <param name="Mean">The expected value.</param>
/// <param name="Sd">The SD of a reading (normal only).</param>
/// <param name="Distribution">Normal, Poisson or negative binomial.</param>
/// <param name="Dispersion">Variance over mean (negative binomial only; 1 otherwise).</param>
/// <param name="Level">The interval's level.</param>
/// <param name="UtcOffset">The wall clock an hourly profile follows.</param>
/// <param name="Rule">The CUSUM rule.</param>
public sealed record DriftExpectation(
    string Name, string? Model, IReadOnlyList<string> Twins, string? Component, string Telemetry, ExpectedMean Mean, double Sd,
    ExpectedDistribution Distribution, double Dispersion, double Level, TimeSpan UtcOffset, CusumRule Rule)
{
    private Regex[]? _patterns;

    /// <summary>Whether a twin id is one of <see cref="Twins"/> (always, when none are listed).</summary>
    public bool MatchesId(string twinId)
    {
        if (Twins.Count == 0) return true;
        _patterns ??= [.. Twins.Select(p => new Regex("^" + Regex.Escape(p).Replace("\\*", ".*", StringComparison.Ordinal) + "$", RegexOptions.CultureInvariant))];
        return _patterns.Any(p => p.IsMatch(twinId));
    }
}

/// <summary>The expected value of a declared expectation.</summary>
public abstract record ExpectedMean;

/// <summary>The same value at every time.</summary>
/// <param name="Value">The value.</param>
public sealed record ConstantMean(double Value) : ExpectedMean;

/// <summary>A value per hour of the day (24) or of the week (168, Monday 00:00 first).</summary>
/// <param name="Values">The values.</param>
public sealed record HourlyMean(IReadOnlyList<double> Values) : ExpectedMean
{
    /// <summary>The value at a wall-clock time.</summary>
    public double At(DateTimeOffset local) => Values.Count == 24
        ? Values[local.Hour]
        : Values[(((int)local.DayOfWeek + 6) % 7) * 24 + local.Hour];
}

/// <summary>The current value of a numeric twin property (a setpoint), plus an offset.</summary>
/// <param name="Path">The property as a JSON pointer: <c>/setpoint</c> or <c>/thermostat/setpoint</c> (in a component).</param>
/// <param name="Offset">Added to the property's value.</param>
public sealed record PropertyMean(string Path, double Offset) : ExpectedMean;
