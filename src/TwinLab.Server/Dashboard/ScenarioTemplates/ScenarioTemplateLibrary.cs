using System.Reflection;

namespace TwinLab.Server.Dashboard.ScenarioTemplates;

/// <summary>
/// The example scenario files embedded in the server assembly at build time (<c>TwinLab.Server.csproj</c>: the scenario
/// files of <c>examples/</c> and the graph files they load, under <c>scenario-templates/</c>): the server reads no disk
/// to offer them.
/// </summary>
internal static class ScenarioTemplateLibrary
{
    /// <summary>The resource-name prefix of the embedded files.</summary>
    public const string Prefix = "scenario-templates/";

    private static readonly Lazy<IReadOnlyList<ScenarioTemplateFile>> Files = new(() => Load(typeof(ScenarioTemplateLibrary).Assembly));

    /// <summary>Every template, by domain then name.</summary>
    public static IReadOnlyList<ScenarioTemplateFile> All => Files.Value;

    /// <summary>The template named <paramref name="name"/>, or null.</summary>
    public static ScenarioTemplateFile? Find(string name) => All.FirstOrDefault(t => t.Name == name);

    /// <summary>Reads the embedded files of <paramref name="assembly"/>.</summary>
    internal static IReadOnlyList<ScenarioTemplateFile> Load(Assembly assembly)
    {
        var names = assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).ToArray();
        string Read(string resource)
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd().TrimStart('\uFEFF');
        }
        static string RepositoryPath(string resource) => "examples/" + resource[Prefix.Length..];
        var graphs = names.Where(n => n.EndsWith(".json", StringComparison.Ordinal))
            .Select(n => TemplateGraph.Read(RepositoryPath(n), Read(n)))
            .ToDictionary(g => g.File, StringComparer.Ordinal);
        return [.. names.Where(n => n.EndsWith(".yaml", StringComparison.Ordinal) || n.EndsWith(".yml", StringComparison.Ordinal))
            .Select(n => ScenarioTemplateFile.Read(RepositoryPath(n), Read(n), path => graphs.GetValueOrDefault(path)))
            .OrderBy(t => t.Domain, StringComparer.Ordinal).ThenBy(t => t.Name, StringComparer.Ordinal)];
    }
}
