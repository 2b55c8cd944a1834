using System.Text;

namespace TwinLab.Simulation.Reports;

/// <summary>Appends report HTML. Text goes through <see cref="Html.Encode"/>; only SVG from ScottPlot and fixed markup go in raw.</summary>
public sealed class HtmlBuilder
{
    private readonly StringBuilder _html = new();
    private int _figures;

    /// <summary>Starts a report document: doctype, head with <paramref name="title"/> and the report style (plus
    /// <paramref name="extraCss"/>), and opens the body.</summary>
    /// <param name="title">The document title (escaped).</param>
    /// <param name="extraCss">Rules added after the shared style.</param>
    public HtmlBuilder BeginDocument(string title, string? extraCss = null)
    {
        Raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Element("title", title)
            .Raw("<style>\n").Raw(ReportCss.Text).Raw("\n");
        if (extraCss is not null) Raw(extraCss);
        return Raw("</style>\n</head>\n<body>\n");
    }

    /// <summary>Fixed markup, written as is.</summary>
    public HtmlBuilder Raw(string markup)
    {
        _html.Append(markup);
        return this;
    }

    /// <summary>An element holding escaped text.</summary>
    public HtmlBuilder Element(string tag, string text, string? cssClass = null)
    {
        _html.Append('<').Append(tag).Append(ClassAttribute(cssClass)).Append('>')
            .Append(Html.Encode(text)).Append("</").Append(tag).Append(">\n");
        return this;
    }

    /// <summary>A bulleted list of escaped items.</summary>
    public HtmlBuilder List(IEnumerable<string> items)
    {
        _html.Append("<ul>\n");
        foreach (var item in items) _html.Append("<li>").Append(Html.Encode(item)).Append("</li>\n");
        _html.Append("</ul>\n");
        return this;
    }

    /// <summary>Opens a section with an id and a heading.</summary>
    public HtmlBuilder Section(string id, string heading)
    {
        _html.Append("<section id=\"").Append(Html.Encode(id)).Append("\">\n");
        return Element("h2", heading);
    }

    /// <summary>Closes the open section.</summary>
    public HtmlBuilder EndSection() => Raw("</section>\n");

    /// <summary>A table with a header row; cells are escaped.</summary>
    public HtmlBuilder Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<Cell>> rows, string? caption = null)
    {
        _html.Append("<table>\n");
        if (caption is not null) _html.Append("<caption>").Append(Html.Encode(caption)).Append("</caption>\n");
        _html.Append("<thead><tr>");
        foreach (var h in headers) _html.Append("<th>").Append(Html.Encode(h)).Append("</th>");
        _html.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in rows)
        {
            _html.Append("<tr>");
            foreach (var cell in row) _html.Append("<td").Append(ClassAttribute(cell.Class)).Append('>').Append(Html.Encode(cell.Text)).Append("</td>");
            _html.Append("</tr>\n");
        }
        _html.Append("</tbody>\n</table>\n");
        return this;
    }

    /// <summary>A two-column table of names and values (header facts, provenance).</summary>
    public HtmlBuilder Facts(IEnumerable<(string Name, Cell Value)> facts)
    {
        _html.Append("<table class=\"facts\">\n<tbody>\n");
        foreach (var (name, value) in facts)
            _html.Append("<tr><th scope=\"row\">").Append(Html.Encode(name)).Append("</th><td").Append(ClassAttribute(value.Class)).Append('>')
                .Append(Html.Encode(value.Text)).Append("</td></tr>\n");
        _html.Append("</tbody>\n</table>\n");
        return this;
    }

    /// <summary>The chart inline as SVG with a caption; nothing when there is no chart.</summary>
    public HtmlBuilder Figure(ReportChart? chart)
    {
        if (chart is null) return this;
        // Each inline SVG gets its own id prefix: SVG ids share the page's namespace.
        var svg = SvgInline.Prepare(chart.ToSvg(ReportChart.DefaultWidth, ReportChart.DefaultHeight), $"f{++_figures}-", chart.Title);
        _html.Append("<figure data-chart=\"").Append(Html.Encode(chart.Name)).Append("\">\n").Append(svg).Append('\n')
            .Append("<figcaption>").Append(Html.Encode(chart.Title)).Append("</figcaption>\n</figure>\n");
        return this;
    }

    /// <inheritdoc />
    public override string ToString() => _html.ToString();

    private static string ClassAttribute(string? cssClass) => cssClass is null ? "" : $" class=\"{Html.Encode(cssClass)}\"";
}
