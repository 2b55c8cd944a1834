using System.Text;
using YamlDotNet.RepresentationModel;

namespace TwinLab.Server.Dashboard.ScenarioTemplates;

/// <summary>
/// One example scenario file shipped in <c>examples/</c> and embedded in the server: its text and what the dashboard shows
/// about it before anything is run.
/// </summary>
/// <param name="Name">The template's name in URLs: the domain and the file name, <c>queueing-compare</c>.</param>
/// <param name="Domain">The folder under <c>examples/</c> it comes from (<c>queueing</c>, <c>factory</c>, …).</param>
/// <param name="File">Its path in the repository, <c>examples/queueing/compare.yaml</c>.</param>
/// <param name="Text">The file as shipped.</param>
/// <param name="Title">The scenario's <c>name:</c> (the file name when it has none).</param>
/// <param name="Description">Its <c>description:</c>, else the comment lines that open the file, else empty.</param>
/// <param name="Simulator">Its <c>simulator:</c>.</param>
/// <param name="Type">Its experiment type (<c>montecarlo</c> when the file names none).</param>
/// <param name="Replications">Its <c>replications:</c>, when given as a number.</param>
/// <param name="UsesPlugin">Whether it loads a plug-in assembly (<c>plugin:</c>), which a request may not do.</param>
/// <param name="TwinSection">Where its <c>twin:</c> section is, when it has one.</param>
/// <param name="Graph">The graph file its <c>twin: load</c> names, when the file names one and it is embedded too.</param>
/// <param name="LoadsUnknownFile">The <c>twin: load</c> path when it names a graph file the server does not carry (then
/// the twins it needs are unknown and the template cannot be rewritten to use the database).</param>
internal sealed record ScenarioTemplateFile(
    string Name, string Domain, string File, string Text, string Title, string Description, string Simulator, string Type,
    int? Replications, bool UsesPlugin, TwinSection? TwinSection, TemplateGraph? Graph, string? LoadsUnknownFile)
{
    /// <summary>Reads an embedded example.</summary>
    /// <param name="file">Its repository path (<c>examples/DOMAIN/…/NAME.yaml</c>).</param>
    /// <param name="text">Its text.</param>
    /// <param name="graphFile">Finds an embedded graph file by repository path (or null when not embedded).</param>
    /// <exception cref="InvalidOperationException">The shipped file is not a scenario file (a build mistake, not a user's).</exception>
    public static ScenarioTemplateFile Read(string file, string text, Func<string, TemplateGraph?> graphFile)
    {
        var parts = file.Split('/');
        var domain = parts[1];
        var stem = Path.GetFileNameWithoutExtension(file);
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new InvalidOperationException($"The embedded example '{file}' is not a scenario file.");
        var experiment = Child(root, "experiment") as YamlMappingNode;
        var twin = Child(root, "twin") as YamlMappingNode;
        TemplateGraph? graph = null;
        string? unknown = null;
        if (twin is not null)
        {
            if (Scalar(twin, "load") is { } load)
            {
                var path = Resolve(file, load);
                graph = graphFile(path);
                if (graph is null) unknown = load;
            }
        }
        return new ScenarioTemplateFile(
            Name: $"{domain}-{stem}",
            Domain: domain,
            File: file,
            Text: text,
            Title: Scalar(root, "name") ?? stem,
            Description: Scalar(root, "description")?.Trim() ?? LeadingComment(text),
            Simulator: Scalar(root, "simulator") ?? "",
            Type: (experiment is null ? null : Scalar(experiment, "type")) ?? "montecarlo",
            Replications: int.TryParse(Scalar(root, "replications"), System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null,
            UsesPlugin: Child(root, "plugin") is not null,
            TwinSection: twin is null ? null : TwinSection.Locate(root, twin),
            Graph: graph,
            LoadsUnknownFile: unknown);
    }

    /// <summary>The comment lines at the top of the file, joined into one paragraph.</summary>
    private static string LeadingComment(string text)
    {
        var sb = new StringBuilder();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (!line.StartsWith('#')) break;
            if (sb.Length > 0) sb.Append(' ');
            sb.Append(line.TrimStart('#').Trim());
        }
        return sb.ToString();
    }

    /// <summary>A path relative to the scenario file, in repository form (<c>examples/factory/twins.json</c>).</summary>
    private static string Resolve(string file, string relative)
    {
        var parts = new List<string>(file.Split('/')[..^1]);
        foreach (var segment in relative.Replace('\\', '/').Split('/'))
        {
            if (segment is "" or ".") continue;
            if (segment == ".." && parts.Count > 0) parts.RemoveAt(parts.Count - 1);
            else parts.Add(segment);
        }
        return string.Join('/', parts).TrimEnd('/');
    }

    private static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static string? Scalar(YamlMappingNode map, string key) => Child(map, key) is YamlScalarNode { Value: { } v } ? v : null;
}
