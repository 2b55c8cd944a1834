using ScottPlot;

namespace TwinLab.Simulation.Reports;

/// <summary>
/// One chart of an experiment report, rendered on demand as PNG or SVG. Each render draws a fresh ScottPlot plot, so a
/// chart can be rendered at several sizes and from several threads.
/// </summary>
public sealed class ReportChart
{
    /// <summary>Default width in pixels.</summary>
    public const int DefaultWidth = 800;

    /// <summary>Default height in pixels.</summary>
    public const int DefaultHeight = 450;

    private readonly Func<Plot> _draw;

    /// <summary>A chart drawn by <paramref name="draw"/>, which must build a new plot on every call.</summary>
    /// <param name="name">File-name stem, e.g. <c>kpi-throughput</c> (see <see cref="Name"/>).</param>
    /// <param name="title">Title for captions.</param>
    /// <param name="draw">Builds the plot (called once per render; the caller disposes the plot).</param>
    public ReportChart(string name, string title, Func<Plot> draw)
    {
        Name = name;
        Title = title;
        _draw = draw;
    }

    /// <summary>The same chart under another name.</summary>
    internal ReportChart Renamed(string name) => new(name, Title, _draw);

    /// <summary>A file-name stem describing the chart, e.g. <c>kpi-throughput</c> (lower case, no extension).</summary>
    public string Name { get; }

    /// <summary>The chart's title, for captions.</summary>
    public string Title { get; }

    /// <summary>The chart as a PNG image.</summary>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public byte[] ToPng(int width = DefaultWidth, int height = DefaultHeight)
    {
        using var plot = _draw();
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    /// <summary>The chart as an SVG document.</summary>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    public string ToSvg(int width = DefaultWidth, int height = DefaultHeight)
    {
        using var plot = _draw();
        return plot.GetSvgXml(width, height);
    }
}
