using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace TwinLab.Simulation.Reports;

/// <summary>Makes a ScottPlot SVG document fit to sit inline in an HTML page next to other charts.</summary>
internal static partial class SvgInline
{
    /// <summary>
    /// The SVG element without XML declaration, scaling to its container (viewBox instead of fixed size), ids renumbered
    /// under <paramref name="idPrefix"/> (inline SVGs share the page's id namespace, so two charts' clip paths would
    /// collide), labelled for screen readers with <paramref name="title"/>.
    /// </summary>
    public static string Prepare(string svg, string idPrefix, string title)
    {
        var root = XDocument.Parse(svg).Root ?? throw new FormatException("Empty SVG.");
        Resize(root);
        RenumberIds(root, idPrefix);
        foreach (var text in root.Descendants().Where(e => e.Name.LocalName == "text")) TidyText(text);
        root.SetAttributeValue("class", "chart");
        root.SetAttributeValue("role", "img");
        root.SetAttributeValue("aria-label", title);
        return root.ToString(SaveOptions.DisableFormatting);
    }

    private static void Resize(XElement root)
    {
        var width = (string?)root.Attribute("width");
        var height = (string?)root.Attribute("height");
        if (root.Attribute("viewBox") is null && width is not null && height is not null)
            root.SetAttributeValue("viewBox", string.Create(CultureInfo.InvariantCulture, $"0 0 {width} {height}"));
        root.SetAttributeValue("width", null);
        root.SetAttributeValue("height", null);
    }

    private static void RenumberIds(XElement root, string prefix)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in root.DescendantsAndSelf().Select(e => e.Attribute("id")).OfType<XAttribute>())
            id.Value = map[id.Value] = $"{prefix}{map.Count}";
        if (map.Count == 0) return;
        foreach (var attribute in root.DescendantsAndSelf().SelectMany(e => e.Attributes()))
        {
            if (attribute.Name.LocalName == "href" && attribute.Value.StartsWith('#') && map.TryGetValue(attribute.Value[1..], out var target))
                attribute.Value = "#" + target;
            else if (attribute.Value.Contains("url(#", StringComparison.Ordinal))
                attribute.Value = UrlReference().Replace(attribute.Value, m => map.TryGetValue(m.Groups[1].Value, out var to) ? $"url(#{to})" : m.Value);
        }
    }

    // Skia writes per-glyph positions with a trailing separator ("1.5, 7.2, "), which strict SVG parsers reject; and it
    // names only the face it measured with, so a viewer without that face should fall back to one of the same kind.
    private static void TidyText(XElement text)
    {
        foreach (var name in new[] { "x", "y" })
            if (text.Attribute(name) is { } positions) positions.Value = positions.Value.TrimEnd(' ', ',');
        if (text.Attribute("font-family") is { } family && !family.Value.Contains(',', StringComparison.Ordinal))
        {
            var serif = family.Value.Contains("Serif", StringComparison.OrdinalIgnoreCase) && !family.Value.Contains("Sans", StringComparison.OrdinalIgnoreCase);
            family.Value = $"{family.Value}, {(serif ? "serif" : "sans-serif")}";
        }
    }

    [GeneratedRegex(@"url\(#([^)]+)\)")]
    private static partial Regex UrlReference();
}
