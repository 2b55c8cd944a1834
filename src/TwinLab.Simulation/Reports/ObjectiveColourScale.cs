using ScottPlot;

namespace TwinLab.Simulation.Reports;

/// <summary>Lets ScottPlot draw a colour bar for markers coloured by objective (no plottable of its own carries the scale).</summary>
internal sealed class ObjectiveColourScale(double min, double max) : IHasColorAxis
{
    /// <inheritdoc />
    public IColormap Colormap { get; set; } = new ScottPlot.Colormaps.Viridis();

    /// <inheritdoc />
    public ScottPlot.Range GetRange() => new(min, max);

    /// <summary>The colour of a value on this scale.</summary>
    public Color ColourOf(double value) => Colormap.GetColor(max > min ? (value - min) / (max - min) : 0.5);
}
