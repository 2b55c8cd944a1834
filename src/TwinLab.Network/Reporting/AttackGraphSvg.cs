using System.Globalization;
using System.Text;
using TwinLab.Simulation.Reports;

namespace TwinLab.Network.Reporting;

/// <summary>Draws an <see cref="AttackGraphDrawing"/> as inline SVG: columns left to right from the attacker, hosts as
/// boxes (starts grey, crown jewels red), exploit steps as arrows labelled with CVE and ATT&amp;CK id. Written by hand (no
/// layout tool at run time): the layering is the drawing's, rows are spread evenly, labels sit at the arrows' middles.</summary>
internal static class AttackGraphSvg
{
    private const int ColumnWidth = 250;
    private const int RowHeight = 96;
    private const int BoxWidth = 150;
    private const int BoxHeight = 36;
    private const int Margin = 24;

    public static string Render(AttackGraphDrawing d)
    {
        if (d.Hosts.Count == 0) return "";
        var columns = d.Hosts.Max(h => h.Layer) + 1;
        var rows = d.Hosts.GroupBy(h => h.Layer).Max(g => g.Count());
        var width = Margin * 2 + (columns - 1) * ColumnWidth + BoxWidth;
        var height = Margin * 2 + rows * RowHeight;
        var at = d.Hosts.ToDictionary(h => h.Name, h => Position(h, d.Hosts.Count(x => x.Layer == h.Layer), rows), StringComparer.Ordinal);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart attack-graph\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"Attack graph\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"11\">\n");
        svg.Append("<defs><marker id=\"ag-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" fill=\"#b22222\"/></marker></defs>\n");
        foreach (var s in d.Steps)
        {
            var (x1, y1) = at[s.From];
            var (x2, y2) = at[s.To];
            var sx = x1 + BoxWidth;
            var sy = y1 + BoxHeight / 2.0;
            var tx = x2;
            var ty = y2 + BoxHeight / 2.0;
            string path;
            double lx, ly;
            if (tx > sx)
            {
                path = $"M {F(sx)} {F(sy)} C {F(sx + 50)} {F(sy)} {F(tx - 50)} {F(ty)} {F(tx)} {F(ty)}";
                (lx, ly) = ((sx + tx) / 2, (sy + ty) / 2);
            }
            else
            {
                // A step back to an earlier (or the same) column: an arc above the boxes.
                var top = Math.Min(y1, y2) - 18;
                path = $"M {F(x1 + BoxWidth / 2.0)} {F(y1)} C {F(x1 + BoxWidth / 2.0)} {F(top - 30)} {F(x2 + BoxWidth / 2.0)} {F(top - 30)} {F(x2 + BoxWidth / 2.0)} {F(y2)}";
                (lx, ly) = ((x1 + x2 + BoxWidth) / 2.0, top - 22);
            }
            svg.Append(CultureInfo.InvariantCulture, $"<path d=\"{path}\" fill=\"none\" stroke=\"#b22222\" stroke-width=\"1.6\" marker-end=\"url(#ag-arrow)\"><title>{Html.Encode($"{s.From} → {s.To}: {string.Join("; ", s.Labels)}")}</title></path>\n");
            for (var i = 0; i < s.Labels.Count; i++)
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(lx)}\" y=\"{F(ly - 4 + (i - (s.Labels.Count - 1) / 2.0) * 12)}\" text-anchor=\"middle\" fill=\"#7a1010\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\">{Html.Encode(s.Labels[i])}</text>\n");
        }
        foreach (var h in d.Hosts)
        {
            var (x, y) = at[h.Name];
            var (fill, stroke) = h.CrownJewel ? ("#fde8e8", "#b22222") : h.IsStart ? ("#e8e8e8", "#555") : ("#eef4fb", "#3b6ea5");
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"{y}\" width=\"{BoxWidth}\" height=\"{BoxHeight}\" rx=\"6\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{(h.CrownJewel ? 2.5 : 1.2)}\"/>\n");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + BoxWidth / 2}\" y=\"{y + 22}\" text-anchor=\"middle\" font-size=\"13\" font-weight=\"{(h.CrownJewel ? "bold" : "normal")}\">{Html.Encode(h.IsStart && !h.CrownJewel ? $"{h.Name} (start)" : h.Name)}</text>\n");
            for (var i = 0; i < h.LocalSteps.Count; i++)
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + BoxWidth / 2}\" y=\"{y + BoxHeight + 12 + i * 12}\" text-anchor=\"middle\" font-size=\"10\" fill=\"#555\">{Html.Encode(h.LocalSteps[i])}</text>\n");
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>Top-left corner of a host's box: its column, its row spread over the tallest column's height.</summary>
    private static (int X, int Y) Position(DrawnHost h, int inColumn, int rows)
    {
        var slot = rows * RowHeight / (double)inColumn;
        return (Margin + h.Layer * ColumnWidth, Margin + (int)Math.Round(slot * h.Row + (slot - BoxHeight) / 2));
    }

    private static string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);
}
