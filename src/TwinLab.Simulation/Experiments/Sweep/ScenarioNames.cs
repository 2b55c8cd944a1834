using System.Globalization;

namespace TwinLab.Simulation.Experiments.Sweep;

/// <summary>Scenario names built from parameter values, such as <c>buffer=4, crews=2</c>.</summary>
internal static class ScenarioNames
{
    /// <summary>"name=value" pairs joined by ", ".</summary>
    public static string Of(SimulatorInfo info, IReadOnlyList<string> parameters, ParameterSet values) =>
        string.Join(", ", parameters.Select(p => $"{p}={Format(info, p, values[p])}"));

    /// <summary>
    /// A value as users read it: booleans as true/false, numbers with at most 6 significant digits (a name is a label;
    /// the exact value is in the parameters), choices as their text.
    /// </summary>
    public static string Format(SimulatorInfo info, string parameter, ParameterValue value)
    {
        if (value.IsText) return value.Text!;
        var kind = info.Parameters.FirstOrDefault(p => p.Name == parameter)?.Kind;
        if (kind == ParameterKind.Boolean) return value.Number != 0 ? "true" : "false";
        return value.Number.ToString("G6", CultureInfo.InvariantCulture);
    }

    /// <summary>Makes names unique by appending " (2)", " (3)", … to repeats, keeping the first as it is.</summary>
    public static IReadOnlyList<string> Unique(IEnumerable<string> names)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var name in names)
        {
            var count = seen.GetValueOrDefault(name) + 1;
            seen[name] = count;
            result.Add(count == 1 ? name : $"{name} ({count})");
        }
        return result;
    }
}
