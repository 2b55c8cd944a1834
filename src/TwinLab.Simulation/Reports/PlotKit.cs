using ScottPlot;

namespace TwinLab.Simulation.Reports;

/// <summary>The look shared by every report chart: font, palette, verdict colours, category axes.</summary>
public static class PlotKit
{
    // No dashed lines anywhere: Skia's SVG backend cannot draw them and says so on the process's stdout, which would
    // corrupt a CLI's JSON output. Reference lines are solid and told apart by colour and width instead.

    /// <summary>Most scenarios overlaid in one chart; more would be unreadable.</summary>
    public const int MaxOverlaid = 6;

    /// <summary>Colour of a significant improvement.</summary>
    public static readonly Color Better = Color.FromHex("#2ca02c");
    /// <summary>Colour of a significant deterioration.</summary>
    public static readonly Color Worse = Color.FromHex("#d62728");
    /// <summary>Colour of reference lines and results that are not significant.</summary>
    public static readonly Color Neutral = Color.FromHex("#7f7f7f");
    /// <summary>Colour of axes-like marks: whiskers, zero lines, observed points.</summary>
    public static readonly Color Ink = Color.FromHex("#333333");

    private static readonly ScottPlot.Palettes.Category10 Palette = new();

    // ScottPlot falls back to a serif face on some Linux machines; a sans face reads better in small charts.
    // GetTypeface answers a fallback face for unknown names, so a font exists when the face's family is the one asked for.
    private static readonly Lazy<string?> SansFont = new(() =>
        new[] { "DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", "Noto Sans" }
            .FirstOrDefault(f => string.Equals(Fonts.GetTypeface(f, false, false)?.FamilyName, f, StringComparison.OrdinalIgnoreCase)));

    /// <summary>A new plot with title and axis labels in the report style.</summary>
    public static Plot Create(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        if (SansFont.Value is { } font) plot.Font.Set(font);
        plot.Title(title, 15);
        plot.XLabel(xLabel, 13);
        plot.YLabel(yLabel, 13);
        return plot;
    }

    /// <summary>The i-th colour of the series palette.</summary>
    public static Color Colour(int index) => Palette.GetColor(index);

    /// <summary>
    /// Categories 0..n−1 along the x axis, half a slot of room at each end (autoscaling would put the first and last on the
    /// frame); long or many labels are shortened and slanted so they do not collide.
    /// </summary>
    public static void CategoriesX(Plot plot, IReadOnlyList<string> labels)
    {
        var shown = labels.Select(l => Shorten(l, 28)).ToArray();
        plot.Axes.Bottom.SetTicks(Positions(labels.Count), shown);
        plot.Axes.SetLimitsX(-0.6, labels.Count - 0.4);
        if (labels.Count <= 5 && labels.All(l => l.Length <= 12)) return;
        plot.Axes.Bottom.TickLabelStyle.Rotation = -35;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        // ScottPlot sizes the axis for level labels; slanted ones need their drop (about 7 px a character × sin 35°).
        plot.Axes.Bottom.MinimumSize = 30 + 7 * 0.57f * shown.Max(l => l.Length);
        // The first label slants left past the data area; widen the left axis so it is not cut off.
        plot.Axes.Left.MinimumSize = 6 * 0.82f * shown[0].Length;
    }

    /// <summary>Categories 0..n−1 up the y axis (bottom to top), half a slot of room at each end.</summary>
    public static void CategoriesY(Plot plot, IReadOnlyList<string> labels)
    {
        plot.Axes.Left.SetTicks(Positions(labels.Count), labels.Select(l => Shorten(l, 40)).ToArray());
        plot.Axes.SetLimitsY(-0.6, labels.Count - 0.4);
    }

    /// <summary>The legend beside the data area, where it cannot hide points or whiskers.</summary>
    public static void Legend(Plot plot) => plot.ShowLegend(Edge.Right);

    /// <summary>Vertical error bars from <paramref name="lows"/> to <paramref name="highs"/> around <paramref name="ys"/>; non-finite ends draw no whisker.</summary>
    public static void ErrorBars(Plot plot, double[] xs, double[] ys, double[] lows, double[] highs, Color colour)
    {
        var plus = ys.Select((y, i) => double.IsFinite(highs[i]) ? Math.Max(0, highs[i] - y) : 0).ToArray();
        var minus = ys.Select((y, i) => double.IsFinite(lows[i]) ? Math.Max(0, y - lows[i]) : 0).ToArray();
        var bars = new ScottPlot.Plottables.ErrorBar(xs, ys, null, null, plus, minus);
        bars.Color = colour;
        bars.LineWidth = 1.5f;
        plot.Add.Plottable(bars);
    }

    /// <summary>A title that says when only some scenarios are drawn.</summary>
    public static string Overlaid(string title, int drawn, int total) =>
        drawn < total ? $"{title} (first {drawn} of {total} scenarios)" : title;

    /// <summary>The KPI name with its unit, for axis labels.</summary>
    public static string WithUnit(string name, string? unit) => string.IsNullOrWhiteSpace(unit) ? name : $"{name} [{unit}]";

    private static double[] Positions(int count) => Enumerable.Range(0, count).Select(i => (double)i).ToArray();

    private static string Shorten(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}
