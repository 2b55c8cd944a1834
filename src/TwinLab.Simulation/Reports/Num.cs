using System.Globalization;

namespace TwinLab.Simulation.Reports;

/// <summary>Numbers as report text: invariant culture, about four significant digits, readable undefined values.</summary>
public static class Num
{
    private const int Digits = 4;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The value to four significant digits; "n/a" for NaN (an undefined KPI), "∞" for infinities.</summary>
    public static string Format(double value)
    {
        if (double.IsNaN(value)) return "n/a";
        if (double.IsInfinity(value)) return value > 0 ? "∞" : "-∞";
        if (value == 0) return "0";
        var magnitude = Math.Abs(value);
        // Very large or small values in fixed notation are either all zeros or absurdly long.
        if (magnitude >= 1e9 || magnitude < 1e-4) return value.ToString("0.###e+0", Invariant);
        var decimals = Math.Max(0, Digits - 1 - (int)Math.Floor(Math.Log10(magnitude)));
        var text = Math.Round(value, decimals, MidpointRounding.AwayFromZero).ToString("F" + decimals, Invariant);
        return decimals > 0 ? text.TrimEnd('0').TrimEnd('.') : text;
    }

    /// <summary>A whole number.</summary>
    public static string Format(long value) => value.ToString(Invariant);

    /// <summary>An interval as "[low, high]".</summary>
    public static string Interval(double low, double high) => $"[{Format(low)}, {Format(high)}]";

    /// <summary>A p-value: three significant digits, "&lt; 0.0001" below that.</summary>
    public static string PValue(double p) => double.IsNaN(p) ? "n/a" : p < 1e-4 ? "< 0.0001" : p.ToString("G3", Invariant);

    /// <summary>A signed percentage, e.g. "+12.3%".</summary>
    public static string Percent(double value) =>
        double.IsNaN(value) || double.IsInfinity(value) ? "n/a" : (value > 0 ? "+" : "") + Format(value) + "%";

    /// <summary>A wall-clock duration: "850 ms", "12.3 s", "4 min 05 s", "2 h 03 min".</summary>
    public static string Duration(double seconds)
    {
        if (double.IsNaN(seconds) || seconds < 0) return "n/a";
        if (seconds < 1) return $"{Math.Round(seconds * 1000).ToString(Invariant)} ms";
        if (seconds < 60) return $"{Format(seconds)} s";
        var span = TimeSpan.FromSeconds(Math.Round(seconds));
        return span.TotalHours < 1
            ? $"{span.Minutes.ToString(Invariant)} min {span.Seconds.ToString("00", Invariant)} s"
            : $"{((long)span.TotalHours).ToString(Invariant)} h {span.Minutes.ToString("00", Invariant)} min";
    }
}
