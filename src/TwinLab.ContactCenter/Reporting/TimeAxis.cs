using System.Globalization;
using ScottPlot;

namespace TwinLab.ContactCenter.Reporting;

/// <summary>Hour-based x axes: time of day, the week from Monday, and labels for interval starts.</summary>
internal static class TimeAxis
{
    private static readonly string[] DayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

    /// <summary>The legend under the data area: these charts span the day or week, and their legends are long.</summary>
    public static void LegendBelow(Plot plot) => plot.ShowLegend(Edge.Bottom);

    /// <summary>0–24 h with a tick every three hours ("09:00").</summary>
    public static void Day(Plot plot)
    {
        var hours = Enumerable.Range(0, 9).Select(i => 3.0 * i).ToArray();
        plot.Axes.Bottom.SetTicks(hours, hours.Select(h => $"{(int)h:00}:00").ToArray());
        plot.Axes.SetLimitsX(0, 24);
    }

    /// <summary>0–168 h from Monday 00:00, one labelled tick at each day's noon.</summary>
    public static void Week(Plot plot)
    {
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, 7).Select(d => d * 24 + 12.0).ToArray(), DayNames);
        plot.Axes.SetLimitsX(0, 168);
    }

    /// <summary>The start of interval <paramref name="index"/> of the week, e.g. "Tue 08:30".</summary>
    public static string WeekInterval(int index, int intervalMinutes)
    {
        var minutes = index * intervalMinutes;
        return string.Create(CultureInfo.InvariantCulture, $"{DayNames[minutes / 1440 % 7]} {minutes % 1440 / 60:00}:{minutes % 60:00}");
    }

    /// <summary>The start of interval <paramref name="index"/> of a day, e.g. "08:30".</summary>
    public static string DayInterval(int index, int intervalMinutes)
    {
        var minutes = index * intervalMinutes;
        return string.Create(CultureInfo.InvariantCulture, $"{minutes / 60:00}:{minutes % 60:00}");
    }

    /// <summary>A day name for a weekday.</summary>
    public static string Short(DayOfWeek day) => DayNames[((int)day + 6) % 7];
}
