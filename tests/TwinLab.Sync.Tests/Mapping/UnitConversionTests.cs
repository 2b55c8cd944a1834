using TwinLab.Sync.Mapping;
using static TwinLab.Sync.Tests.Mapping.MappingTestMessages;

namespace TwinLab.Sync.Tests.Mapping;

public sealed class UnitConversionTests
{
    [Theory]
    [InlineData("degF", "degC", 212, 100)]
    [InlineData("degreeFahrenheit", "degreeCelsius", 32, 0)]
    [InlineData("°F", "°C", -40, -40)]
    [InlineData("K", "degC", 273.15, 0)]
    [InlineData("kelvin", "degF", 373.15, 212)]
    [InlineData("degC", "K", 21.5, 294.65)]
    [InlineData("kPa", "mmHg", 101.325, 760.0021)]
    [InlineData("mmHg", "kPa", 120, 15.99869)]
    [InlineData("psi", "kPa", 1, 6.894757)]
    [InlineData("bar", "psi", 1, 14.50377)]
    [InlineData("atm", "Pa", 1, 101325)]
    [InlineData("inHg", "hPa", 29.92, 1013.2076)]
    [InlineData("%", "fraction", 45, 0.45)]
    [InlineData("fraction", "percent", 0.031, 3.1)]
    [InlineData("ppm", "%", 10000, 1)]
    [InlineData("ms", "s", 1500, 1.5)]
    [InlineData("min", "s", 2.5, 150)]
    [InlineData("h", "min", 1.25, 75)]
    [InlineData("ft", "m", 10, 3.048)]
    [InlineData("lb", "kg", 1, 0.45359237)]
    [InlineData("kWh", "J", 1, 3.6e6)]
    public void Convert_BetweenUnitsOfOneDimension(string from, string to, double value, double expected)
    {
        var mapping = Parse($$"""
            rules:
              - twin: x
                telemetry:
                  v: { path: $.v, from: "{{from}}", to: "{{to}}" }
            """);

        var update = Single(mapping, "t", $$"""{"v":{{value.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}""");

        Assert.Equal(expected, Number(update.Telemetry, "v"), 1e-4 * Math.Max(1, Math.Abs(expected)));
    }

    [Fact]
    public void Convert_ScaleAndOffsetApplyBeforeTheUnitConversion()
    {
        // A sensor reporting tenths of a degree Fahrenheit: 985 -> 98.5 °F -> 36.94 °C.
        var mapping = Parse("""
            rules:
              - twin: x
                telemetry:
                  v: { path: $.v, scale: 0.1, from: degF, to: degC, round: 2 }
                  w: { path: $.w, scale: 2, offset: -1 }
            """);

        var update = Single(mapping, "t", """{"v":985,"w":"4.5"}""");

        Assert.Equal(36.94, Number(update.Telemetry, "v"));
        Assert.Equal(8, Number(update.Telemetry, "w"));
    }
}
