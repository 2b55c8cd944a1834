namespace TwinLab.Sync.Mapping;

/// <summary>
/// The units a mapping converts between: temperature, pressure, ratio, time, length, mass, energy and power. Each unit
/// is named by its DTDL name (<c>degreeFahrenheit</c>, <c>millimetresOfMercury</c>) or a short symbol (<c>degF</c>,
/// <c>mmHg</c>); conversion is only between units of one dimension.
/// </summary>
/// <remarks>Factors are exact by definition unless noted; the non-SI ones follow NIST Special Publication 811 (2008
/// edition), Appendix B.8 "Factors for units listed alphabetically".</remarks>
internal static class Units
{
    /// <summary>A unit: its dimension and the affine map to the dimension's base unit (base = value × Factor + Offset).</summary>
    internal sealed record Unit(string Name, string Dimension, double Factor, double Offset = 0);

    private static readonly Dictionary<string, Unit> ByName = Build();

    /// <summary>All the names understood, grouped by dimension, for error messages and documentation.</summary>
    public static string Known =>
        string.Join("; ", ByName.Values.Distinct().GroupBy(u => u.Dimension)
            .Select(g => $"{g.Key}: {string.Join(", ", ByName.Where(kv => g.Contains(kv.Value)).Select(kv => kv.Key))}"));

    /// <summary>The unit of that name (case-sensitive for symbols, since mPa and MPa differ), or <c>null</c>.</summary>
    public static Unit? Find(string name) => ByName.GetValueOrDefault(name.Trim());

    /// <summary>Converts a value from one unit to another of the same dimension.</summary>
    public static double Convert(double value, Unit from, Unit to) =>
        ReferenceEquals(from, to) ? value : (value * from.Factor + from.Offset - to.Offset) / to.Factor;

    private static Dictionary<string, Unit> Build()
    {
        var map = new Dictionary<string, Unit>(StringComparer.Ordinal);
        void Add(Unit unit, params string[] names)
        {
            map[unit.Name] = unit;
            foreach (var n in names) map[n] = unit;
        }

        // Temperature, base kelvin. °C = K − 273.15 and °F = °C × 9/5 + 32 (SI Brochure, 9th edition, 2.3.1; NIST SP 811 B.8).
        Add(new("kelvin", "temperature", 1), "K");
        Add(new("degreeCelsius", "temperature", 1, 273.15), "degC", "°C", "C", "celsius");
        Add(new("degreeFahrenheit", "temperature", 5.0 / 9.0, 273.15 - 32 * 5.0 / 9.0), "degF", "°F", "F", "fahrenheit");

        // Pressure, base pascal. mmHg: 133.322 387 415 Pa (conventional, NIST SP 811 B.8); psi (lbf/in²): 6 894.757 293 168 Pa
        // (NIST SP 811 B.8, from 1 lbf = 4.448 221 615 260 5 N and 1 in = 0.0254 m); inHg at 0 °C: 3 386.389 Pa (NIST SP 811 B.8);
        // standard atmosphere 101 325 Pa (exact).
        Add(new("pascal", "pressure", 1), "Pa");
        Add(new("hectopascal", "pressure", 100), "hPa");
        Add(new("kilopascal", "pressure", 1000), "kPa");
        Add(new("megapascal", "pressure", 1e6), "MPa");
        Add(new("millibar", "pressure", 100), "mbar");
        Add(new("bar", "pressure", 1e5));
        Add(new("poundPerSquareInch", "pressure", 6894.757293168361), "psi");
        Add(new("millimetresOfMercury", "pressure", 133.322387415), "millimetersOfMercury", "mmHg");
        Add(new("inchesOfMercury", "pressure", 3386.389), "inHg");
        Add(new("standardAtmosphere", "pressure", 101325), "atm");

        // Ratio, base 1.
        Add(new("unity", "ratio", 1), "fraction", "ratio");
        Add(new("percent", "ratio", 0.01), "%");
        Add(new("partsPerMillion", "ratio", 1e-6), "ppm");

        // Time, base second.
        Add(new("nanosecond", "time", 1e-9), "ns");
        Add(new("microsecond", "time", 1e-6), "us", "µs");
        Add(new("millisecond", "time", 1e-3), "ms");
        Add(new("second", "time", 1), "s");
        Add(new("minute", "time", 60), "min");
        Add(new("hour", "time", 3600), "h");
        Add(new("day", "time", 86400), "d");

        // Length, base metre; the inch is 0.0254 m and the foot 0.3048 m exactly (international yard and pound, 1959).
        Add(new("millimetre", "length", 1e-3), "millimeter", "mm");
        Add(new("centimetre", "length", 1e-2), "centimeter", "cm");
        Add(new("metre", "length", 1), "meter", "m");
        Add(new("kilometre", "length", 1e3), "kilometer", "km");
        Add(new("inch", "length", 0.0254), "in");
        Add(new("foot", "length", 0.3048), "ft");

        // Mass, base kilogram; the pound is 0.453 592 37 kg exactly (1959).
        Add(new("gram", "mass", 1e-3), "g");
        Add(new("kilogram", "mass", 1), "kg");
        Add(new("pound", "mass", 0.45359237), "lb");

        // Energy, base joule; 1 Wh = 3 600 J.
        Add(new("joule", "energy", 1), "J");
        Add(new("kilojoule", "energy", 1e3), "kJ");
        Add(new("wattHour", "energy", 3600), "Wh");
        Add(new("kilowattHour", "energy", 3.6e6), "kWh");

        // Power, base watt.
        Add(new("watt", "power", 1), "W");
        Add(new("kilowatt", "power", 1e3), "kW");
        return map;
    }
}
