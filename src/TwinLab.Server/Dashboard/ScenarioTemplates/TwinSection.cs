using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace TwinLab.Server.Dashboard.ScenarioTemplates;

/// <summary>
/// The lines of a scenario file's <c>twin:</c> section, so it can be replaced by one that reads the twin from a branch of
/// the database: the examples load their twins from a file (<c>twin: load</c>), which a server request may not do.
/// </summary>
/// <param name="FirstLine">1-based line of the <c>twin</c> key.</param>
/// <param name="LastLine">1-based line where its value ends.</param>
/// <param name="At">The section's <c>at:</c> (a fork point), kept when rewriting.</param>
/// <param name="HasFiles">Whether it names files (<c>load</c> or <c>models</c>).</param>
internal sealed partial record TwinSection(int FirstLine, int LastLine, string? At, bool HasFiles)
{
    /// <summary>Finds the section of <paramref name="twin"/>, the value of the root's <c>twin</c> key.</summary>
    public static TwinSection Locate(YamlMappingNode root, YamlMappingNode twin)
    {
        var key = root.Children.Keys.First(k => k is YamlScalarNode { Value: "twin" });
        string? Value(string name) => twin.Children.TryGetValue(new YamlScalarNode(name), out var v) && v is YamlScalarNode s ? s.Value : null;
        return new TwinSection((int)key.Start.Line, EndLine(twin), Value("at"),
            twin.Children.ContainsKey(new YamlScalarNode("load")) || twin.Children.ContainsKey(new YamlScalarNode("models")));
    }

    /// <summary>
    /// <paramref name="text"/> with this section replaced by <c>twin: {branch, at}</c> reading the twin from
    /// <paramref name="branch"/> (at <paramref name="asOf"/> when given, else at the file's own <c>at</c>), with a comment
    /// saying why. Every other line is kept as it was.
    /// </summary>
    public string Rewrite(string text, string branch, long? asOf, string? graphFile)
    {
        var newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var lines = text.Split('\n');
        var sb = new StringBuilder();
        for (var i = 0; i < FirstLine - 1; i++) sb.Append(lines[i]).Append('\n');
        if (HasFiles)
            sb.Append("# The twin is read from the database: the example loads it from ")
              .Append(graphFile ?? "a file").Append(", which the server may not.\n");
        sb.Append("twin:\n  branch: ").Append(Plain(branch)).Append('\n');
        if (asOf is { } seq) sb.Append("  at: ").Append(seq.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        else if (At is { } at) sb.Append("  at: ").Append(Plain(at)).Append('\n');
        for (var i = LastLine; i < lines.Length; i++)
        {
            sb.Append(lines[i]);
            if (i < lines.Length - 1) sb.Append('\n');
        }
        var result = sb.ToString().Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal);
        return newline == "\n" ? result : result.Replace("\n", newline, StringComparison.Ordinal);
    }

    /// <summary>The value as a YAML scalar: plain when it reads back as the same string, else double-quoted (JSON escapes
    /// are valid YAML).</summary>
    internal static string Plain(string value) =>
        SafePlain().IsMatch(value) && !Reserved.Contains(value.ToLowerInvariant()) ? value : System.Text.Json.JsonSerializer.Serialize(value);

    private static readonly HashSet<string> Reserved = ["true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"];

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_./-]*$|^\d+$|^\d{4}-\d\d-\d\dT[0-9:.]+(Z|[+-]\d\d:\d\d)$")]
    private static partial Regex SafePlain();

    /// <summary>The last line a node's text reaches: a scalar's or flow collection's end, else its last child's.</summary>
    private static int EndLine(YamlNode node) => node switch
    {
        YamlMappingNode { Style: YamlDotNet.Core.Events.MappingStyle.Flow } m => (int)m.End.Line,
        YamlSequenceNode { Style: YamlDotNet.Core.Events.SequenceStyle.Flow } s => (int)s.End.Line,
        YamlMappingNode m => m.Children.Count == 0 ? (int)m.Start.Line : m.Children.Max(kv => Math.Max(EndLine(kv.Key), EndLine(kv.Value))),
        YamlSequenceNode s => s.Children.Count == 0 ? (int)s.Start.Line : s.Children.Max(EndLine),
        _ => (int)node.End.Line,
    };
}
