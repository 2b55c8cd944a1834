using System.Collections;
using TwinLab.Core.Errors;

namespace TwinLab.Simulation.Experiments;

/// <summary>
/// The parameter values of one scenario: every parameter of a simulator, with the scenario's values over
/// its defaults. Immutable.
/// </summary>
public sealed class ParameterSet : IReadOnlyDictionary<string, ParameterValue>
{
    private readonly Dictionary<string, ParameterValue> _values;

    private ParameterSet(Dictionary<string, ParameterValue> values) => _values = values;

    /// <summary>The defaults of a simulator with <paramref name="overrides"/> applied, each checked against its spec.</summary>
    /// <exception cref="TwinLabException">An unknown parameter, or a value of the wrong kind or out of range.</exception>
    public static ParameterSet Create(SimulatorInfo info, IEnumerable<KeyValuePair<string, ParameterValue>>? overrides = null)
    {
        var values = info.Parameters.ToDictionary(p => p.Name, p => p.Default, StringComparer.Ordinal);
        foreach (var (name, value) in overrides ?? [])
        {
            var spec = info.Parameters.FirstOrDefault(p => p.Name == name) ?? throw new TwinLabException(
                ErrorCodes.InvalidArgument,
                $"Simulator '{info.Name}' has no parameter '{name}' (it has: {string.Join(", ", info.Parameters.Select(p => p.Name))}).");
            values[name] = Check(spec, value);
        }
        return new ParameterSet(values);
    }

    /// <summary>A copy with some values replaced (each checked).</summary>
    public ParameterSet With(SimulatorInfo info, IEnumerable<KeyValuePair<string, ParameterValue>> changes) =>
        Create(info, _values.Concat(changes).GroupBy(kv => kv.Key).Select(g => g.Last()));

    /// <summary>A numeric parameter.</summary>
    public double GetDouble(string name) => Get(name).Number;

    /// <summary>An integer parameter.</summary>
    public int GetInt(string name) => (int)Math.Round(Get(name).Number);

    /// <summary>A boolean parameter.</summary>
    public bool GetBool(string name) => Get(name).Number != 0;

    /// <summary>A choice parameter.</summary>
    public string GetText(string name) => Get(name).Text ?? Get(name).ToString();

    private ParameterValue Get(string name) => _values.TryGetValue(name, out var v)
        ? v
        : throw new TwinLabException(ErrorCodes.InvalidArgument, $"No parameter '{name}'.");

    private static ParameterValue Check(ParameterSpec spec, ParameterValue value)
    {
        string Fail(string why) => throw new TwinLabException(ErrorCodes.InvalidArgument, $"Parameter '{spec.Name}': {why}.");
        switch (spec.Kind)
        {
            case ParameterKind.Choice:
                if (spec.Choices is { } choices && !choices.Contains(value.ToString()))
                    Fail($"'{value}' is not one of {string.Join(", ", choices)}");
                return ParameterValue.Of(value.ToString());
            case ParameterKind.Boolean:
                if (value.IsText)
                {
                    if (bool.TryParse(value.Text, out var b)) return ParameterValue.Of(b);
                    Fail($"'{value}' is not true or false");
                }
                if (value.Number is not (0 or 1)) Fail($"{value} is not true or false");
                return value;
            default:
                if (value.IsText) Fail($"'{value}' is not a number");
                if (double.IsNaN(value.Number)) Fail("NaN is not a value");
                if (spec.Kind == ParameterKind.Integer && value.Number != Math.Floor(value.Number))
                    Fail($"{value} is not a whole number");
                if (value.Number < spec.Min || value.Number > spec.Max)
                    Fail($"{value} is outside [{spec.Min}, {spec.Max}]");
                return value;
        }
    }

    /// <inheritdoc />
    public ParameterValue this[string key] => _values[key];
    /// <inheritdoc />
    public IEnumerable<string> Keys => _values.Keys;
    /// <inheritdoc />
    public IEnumerable<ParameterValue> Values => _values.Values;
    /// <inheritdoc />
    public int Count => _values.Count;
    /// <inheritdoc />
    public bool ContainsKey(string key) => _values.ContainsKey(key);
    /// <inheritdoc />
    public bool TryGetValue(string key, out ParameterValue value) => _values.TryGetValue(key, out value);
    /// <inheritdoc />
    public IEnumerator<KeyValuePair<string, ParameterValue>> GetEnumerator() => _values.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
