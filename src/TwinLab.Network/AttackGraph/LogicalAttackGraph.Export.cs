using System.Globalization;
using System.Text;
using System.Text.Json;

namespace TwinLab.Network.AttackGraph;

public sealed partial class LogicalAttackGraph
{
    /// <summary>
    /// The graph in Graphviz DOT: LEAF nodes as boxes, AND nodes as ellipses labelled with rule, ATT&amp;CK technique
    /// and probability, OR nodes as diamonds (MulVAL's drawing convention); crown-jewel goals filled red. Edges run
    /// from premise to rule application to conclusion.
    /// </summary>
    public string ToDot()
    {
        var sb = new StringBuilder();
        sb.Append("digraph attack_graph {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=10];\n");
        var jewels = CrownJewels.Select(a => Find(AssetGoal(a.Host))).OfType<int>().ToHashSet();
        for (var i = 0; i < NodeCount; i++)
        {
            var node = Node(i);
            var (shape, label) = node.Kind switch
            {
                AttackNodeKind.Leaf => ("box", node.Label),
                AttackNodeKind.Or => ("diamond", node.Label),
                _ => ("ellipse", $"{node.Label}{(node.Technique is null ? "" : $"\n{node.Technique}")}" +
                    (node.IsAction ? $"\np={Format(node.Probability)}" : "")),
            };
            sb.Append("  n").Append(i).Append(" [shape=").Append(shape).Append(", label=\"").Append(DotEscape(label)).Append('"');
            if (jewels.Contains(i)) sb.Append(", style=filled, fillcolor=\"#f4a6a6\"");
            sb.Append("];\n");
        }
        for (var a = 0; a < NodeCount; a++)
        {
            if (_g.Kind[a] != AttackNodeKind.And) continue;
            foreach (var b in _g.BodyOf(a)) sb.Append("  n").Append(b).Append(" -> n").Append(a).Append(";\n");
            sb.Append("  n").Append(a).Append(" -> n").Append(_g.AndOf(a).Head).Append(";\n");
        }
        sb.Append("}\n");
        return sb.ToString();
    }

    /// <summary>
    /// The graph as JSON: <c>{"nodes":[{"id","type":"LEAF|AND|OR","label", AND: "rule","technique","probability",
    /// "meanHours","action"}], "edges":[{"from","to"}], "goals":[{"host","value","crownJewel","node","probability"}]}</c>;
    /// edges run from premise to rule application to conclusion; unreachable goals have node null and probability 0.
    /// </summary>
    public string ToJson()
    {
        using var stream = new MemoryStream();
        WriteJson(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Writes <see cref="ToJson"/>'s document to a stream (UTF-8, indented).</summary>
    public void WriteJson(Stream stream)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteStartArray("nodes");
        for (var i = 0; i < NodeCount; i++)
        {
            var node = Node(i);
            w.WriteStartObject();
            w.WriteNumber("id", i);
            w.WriteString("type", node.Kind.ToString().ToUpperInvariant());
            w.WriteString("label", node.Label);
            if (node.Kind == AttackNodeKind.And)
            {
                w.WriteString("rule", AttackRules.Name(node.Rule!.Value));
                if (node.Technique is null) w.WriteNull("technique"); else w.WriteString("technique", node.Technique);
                w.WriteNumber("probability", node.Probability);
                w.WriteNumber("meanHours", node.MeanHours);
                w.WriteBoolean("action", node.IsAction);
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("edges");
        for (var a = 0; a < NodeCount; a++)
        {
            if (_g.Kind[a] != AttackNodeKind.And) continue;
            foreach (var b in _g.BodyOf(a)) Edge(w, b, a);
            Edge(w, a, _g.AndOf(a).Head);
        }
        w.WriteEndArray();
        w.WriteStartArray("goals");
        foreach (var asset in Facts.Assets)
        {
            var node = Find(AssetGoal(asset.Host));
            w.WriteStartObject();
            w.WriteString("host", asset.Host);
            w.WriteNumber("value", asset.Value);
            w.WriteBoolean("crownJewel", asset.CrownJewel);
            if (node is { } id) w.WriteNumber("node", id); else w.WriteNull("node");
            w.WriteNumber("probability", node is { } n ? NodeProbabilities[n] : 0);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Edge(Utf8JsonWriter w, int from, int to)
    {
        w.WriteStartObject();
        w.WriteNumber("from", from);
        w.WriteNumber("to", to);
        w.WriteEndObject();
    }

    private static string Format(double p) => p.ToString("0.###", CultureInfo.InvariantCulture);

    private static string DotEscape(string s) => s.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");
}
