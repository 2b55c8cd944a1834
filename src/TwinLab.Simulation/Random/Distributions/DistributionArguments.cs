using System.Globalization;

namespace TwinLab.Simulation.Random.Distributions;

/// <summary>
/// The parenthesised part of a scenario-file distribution, split into <c>name=value</c> parameters,
/// <c>value: weight</c> pairs and bare numbers. Knows nothing about any family; <see cref="DistributionParser"/>
/// checks which forms a family accepts.
/// </summary>
internal sealed class DistributionArguments
{
    private DistributionArguments()
    {
    }

    public Dictionary<string, double> Named { get; } = new(StringComparer.Ordinal);

    public List<(double Value, double Weight)> Pairs { get; } = [];

    public List<(double Value, string Text)> Positional { get; } = [];

    public double this[string name] => Named[name];

    public bool Has(string name) => Named.ContainsKey(name);

    /// <summary>Splits <paramref name="body"/>; throws <see cref="FormatException"/> with just the reason.</summary>
    public static DistributionArguments Read(string body)
    {
        var result = new DistributionArguments();
        if (body.Trim().Length == 0) return result;
        foreach (var raw in body.Split(','))
        {
            var part = raw.Trim();
            if (part.Length == 0) throw new FormatException("empty parameter (a doubled or trailing comma?)");
            var equals = part.IndexOf('=');
            var colon = part.IndexOf(':');
            if (equals >= 0)
            {
                var name = part[..equals].Trim().ToLowerInvariant();
                if (name.Length == 0 || !name.All(char.IsAsciiLetter))
                    throw new FormatException($"'{part}' is not a parameter; expected name=value");
                if (!result.Named.TryAdd(name, Number(part[(equals + 1)..], part)))
                    throw new FormatException($"parameter '{name}' is given twice");
            }
            else if (colon >= 0)
            {
                result.Pairs.Add((Number(part[..colon], part), Number(part[(colon + 1)..], part)));
            }
            else
            {
                result.Positional.Add((Number(part, part), part));
            }
        }
        return result;
    }

    public static bool TryNumber(string text, out double value) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    private static double Number(string text, string part) =>
        TryNumber(text, out var value) ? value
            : throw new FormatException($"'{text.Trim()}' is not a number (in '{part}'); use '.' as the decimal point");
}
