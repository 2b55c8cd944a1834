using System.Globalization;

namespace TwinLab.Simulation.Experiments;

/// <summary>A parameter's value: a number, a boolean or a choice (text).</summary>
public readonly record struct ParameterValue
{
    private ParameterValue(double number, string? text, bool isText)
    {
        Number = number;
        Text = text;
        IsText = isText;
    }

    /// <summary>The numeric value (booleans are 0 or 1; NaN for text).</summary>
    public double Number { get; }
    /// <summary>The text value of a choice; null for numbers.</summary>
    public string? Text { get; }
    /// <summary>Whether this is a choice (text) rather than a number.</summary>
    public bool IsText { get; }

    /// <summary>A number.</summary>
    public static ParameterValue Of(double value) => new(value, null, false);
    /// <summary>A boolean (stored as 0 or 1).</summary>
    public static ParameterValue Of(bool value) => new(value ? 1 : 0, null, false);
    /// <summary>A choice.</summary>
    public static ParameterValue Of(string value) => new(double.NaN, value, true);

    /// <summary>Implicit conversion from a number.</summary>
    public static implicit operator ParameterValue(double value) => Of(value);
    /// <summary>Implicit conversion from a choice.</summary>
    public static implicit operator ParameterValue(string value) => Of(value);

    /// <inheritdoc />
    public override string ToString() => IsText ? Text! : Number.ToString("R", CultureInfo.InvariantCulture);
}
