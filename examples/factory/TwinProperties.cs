using System.Text.Json;
using TwinLab.Core.Errors;
using TwinLab.Core.Twins;

namespace TwinLab.Examples.Factory;

/// <summary>Reads the numbers the simulator needs from twins, failing with a message that names the twin and the property.</summary>
internal static class TwinProperties
{
    /// <summary>A numeric property that must be present, finite and at least <paramref name="min"/>.</summary>
    public static double Number(Twin twin, string property, double min = double.NegativeInfinity, bool positive = false)
    {
        if (!twin.Properties.TryGetValue(property, out var value))
            throw Error($"twin '{twin.Id}' ({twin.ModelId}) has no property '{property}', which the simulation needs");
        if (value.Value.ValueKind != JsonValueKind.Number || !value.Value.TryGetDouble(out var number) || !double.IsFinite(number))
            throw Error($"property '{property}' of twin '{twin.Id}' is {value.Value.GetRawText()}, not a number");
        if (number < min || (positive && number <= 0))
            throw Error($"property '{property}' of twin '{twin.Id}' is {number}; it must be {(positive ? "> 0" : $">= {min}")}");
        return number;
    }

    /// <summary>A whole-number property that must be present and at least <paramref name="min"/>.</summary>
    public static int Integer(Twin twin, string property, int min)
    {
        var number = Number(twin, property, min);
        if (number != Math.Floor(number) || number > int.MaxValue)
            throw Error($"property '{property}' of twin '{twin.Id}' is {number}, not a whole number");
        return (int)number;
    }

    /// <summary>The simulator's error for a twin graph it cannot use.</summary>
    public static TwinLabException Error(string why) =>
        new(ErrorCodes.InvalidArgument, $"Simulator 'factory': {why}.");
}
