using System.Globalization;
using TwinLab.Core.Errors;

namespace TwinLab.Simulation.Experiments.Calibration;

/// <summary>
/// What to fit: the free parameters, the observations, and a model that predicts every observation from the
/// parameter values. Checked when built, so a bad problem fails before any search, with a message naming the
/// parameter or observation.
/// </summary>
/// <remarks>
/// The model receives every parameter's value by name and the observations (read their X and Series, never Y)
/// and returns one prediction per observation, in order. It must be a pure function: bootstrap refits call it
/// from several threads at once. Return NaN where the parameters make the model unusable; the search treats it
/// as a bad point.
/// </remarks>
public sealed class CalibrationProblem
{
    /// <summary>Builds and checks a problem.</summary>
    /// <exception cref="TwinLabException">A parameter or observation is unusable.</exception>
    public CalibrationProblem(
        IReadOnlyList<FreeParameter> parameters,
        IReadOnlyList<Observation> observations,
        Func<IReadOnlyDictionary<string, double>, IReadOnlyList<Observation>, double[]> model)
    {
        ArgumentNullException.ThrowIfNull(model);
        CheckParameters(parameters);
        CheckObservations(observations);
        Parameters = parameters;
        Observations = observations;
        Model = model;
    }

    /// <summary>The parameters to estimate.</summary>
    public IReadOnlyList<FreeParameter> Parameters { get; }
    /// <summary>The data.</summary>
    public IReadOnlyList<Observation> Observations { get; }
    /// <summary>Predictions for every observation from parameter values.</summary>
    public Func<IReadOnlyDictionary<string, double>, IReadOnlyList<Observation>, double[]> Model { get; }

    /// <summary>How an observation is named in messages: "observation 3 (x = 2.5, series 'sys')".</summary>
    public static string Describe(IReadOnlyList<Observation> observations, int index)
    {
        var o = observations[index];
        var x = o.X.ToString("G6", CultureInfo.InvariantCulture);
        return o.Series is null ? $"observation {index} (x = {x})" : $"observation {index} (x = {x}, series '{o.Series}')";
    }

    private static void CheckParameters(IReadOnlyList<FreeParameter> parameters)
    {
        if (parameters.Count == 0) throw Error("A calibration needs at least one free parameter.");
        var repeated = parameters.GroupBy(p => p.Name).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null) throw Error($"Parameter '{repeated.Key}' is listed more than once.");
        foreach (var p in parameters)
        {
            if (string.IsNullOrWhiteSpace(p.Name)) throw Error("A free parameter has no name.");
            string Where() => $"Parameter '{p.Name}'";
            if (double.IsNaN(p.Lower) || double.IsNaN(p.Upper)) throw Error($"{Where()}: a bound is NaN.");
            if (p.Lower >= p.Upper)
                throw Error($"{Where()}: lower bound {p.Lower} is not below upper bound {p.Upper}.");
            if (!double.IsFinite(p.Initial)) throw Error($"{Where()}: initial value {p.Initial} is not a finite number.");
            if (p.Initial < p.Lower || p.Initial > p.Upper)
                throw Error($"{Where()}: initial value {p.Initial} is outside its bounds [{p.Lower}, {p.Upper}].");
            if (p.LogScale && (p.Lower < 0 || p.Initial <= 0))
                throw Error($"{Where()} is searched on a log scale, so it needs a positive initial value and a lower bound ≥ 0.");
        }
    }

    private static void CheckObservations(IReadOnlyList<Observation> observations)
    {
        if (observations.Count == 0) throw Error("A calibration needs at least one observation; none were given.");
        for (var i = 0; i < observations.Count; i++)
        {
            var o = observations[i];
            if (!double.IsFinite(o.X) || !double.IsFinite(o.Y))
                throw Error($"{Capitalise(Describe(observations, i))}: x and y must be finite numbers (y = {o.Y}).");
            if (o.Sigma is { } sigma && !(sigma > 0 && double.IsFinite(sigma)))
                throw Error($"{Capitalise(Describe(observations, i))}: σ must be a positive number; got {sigma}.");
        }
    }

    private static string Capitalise(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    private static TwinLabException Error(string message) => new(ErrorCodes.InvalidArgument, message);
}
