namespace TwinLab.Simulation.Reports;

/// <summary>A table cell: plain text (escaped when written) and an optional CSS class, e.g. <c>num</c> or <c>better</c>.</summary>
/// <param name="Text">The cell's text.</param>
/// <param name="Class">CSS class, if any.</param>
public readonly record struct Cell(string Text, string? Class = null)
{
    /// <summary>A text cell.</summary>
    public static implicit operator Cell(string text) => new(text);

    /// <summary>A right-aligned number cell.</summary>
    public static Cell Number(double value) => new(Num.Format(value), "num");

    /// <summary>A right-aligned cell of preformatted numeric text.</summary>
    public static Cell Numeric(string text) => new(text, "num");
}
