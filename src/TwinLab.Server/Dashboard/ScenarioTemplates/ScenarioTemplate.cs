using TwinLab.Core.Errors;
using TwinLab.Core.Twins;
using TwinLab.Server.Experiments;
using TwinLab.Simulation.Scenarios;

namespace TwinLab.Server.Dashboard.ScenarioTemplates;

/// <summary>A template as offered for one branch: the YAML to submit there, and whether this server can run it now.</summary>
/// <param name="File">The embedded example.</param>
/// <param name="Branch">The branch it was checked against.</param>
/// <param name="Yaml">The text to submit: the example with its <c>twin:</c> section reading the twin from
/// <paramref name="Branch"/> instead of loading a file.</param>
/// <param name="Runnable">Whether <c>POST /experiments?branch=BRANCH</c> with <paramref name="Yaml"/> would run now.</param>
/// <param name="Reasons">Why it cannot, each a sentence; empty when it can.</param>
/// <param name="SimulatorAvailable">Whether the server has its simulator.</param>
/// <param name="Gap">What the branch lacks of the twin graph the example loads (null when it loads none).</param>
internal sealed record ScenarioTemplate(
    ScenarioTemplateFile File, string Branch, string Yaml, bool Runnable, IReadOnlyList<string> Reasons, bool SimulatorAvailable, GraphGap? Gap)
{
    /// <summary>Checks <paramref name="file"/> against <paramref name="snapshot"/> (branch <paramref name="branch"/>,
    /// at <paramref name="asOf"/> when given) and the server's simulators.</summary>
    public static ScenarioTemplate For(ScenarioTemplateFile file, string branch, long? asOf, GraphSnapshot snapshot, SimulatorCatalog catalog)
    {
        var reasons = new List<string>();
        var yaml = file.TwinSection is { } section && file.LoadsUnknownFile is null
            ? section.Rewrite(file.Text, branch, asOf, file.Graph?.File)
            : file.Text;
        if (file.UsesPlugin)
            reasons.Add("It loads a plug-in assembly ('plugin:'), which a server request may not do; run it with 'twinlab run'.");
        var hasSimulator = catalog.Contains(file.Simulator);
        if (!hasSimulator)
            reasons.Add($"This server has no simulator '{file.Simulator}' (it has {string.Join(", ", catalog.List.Select(i => i.Name))}); run it with the twinlab command line.");
        if (file.LoadsUnknownFile is { } unknown)
            reasons.Add($"It loads its twin from '{unknown}', a file the server does not carry; put the twin into the database and remove 'load:'.");
        GraphGap? gap = null;
        if (file.Graph is { } graph)
        {
            gap = graph.MissingFrom(snapshot);
            if (!gap.IsEmpty) reasons.Add(GapReason(graph, gap, branch));
        }
        if (reasons.Count == 0)
        {
            // The same parser POST /experiments uses: a template offered as runnable is one the server accepts.
            try
            {
                new ScenarioParser(catalog).Parse(yaml, ScenarioRequest.FileName);
            }
            catch (TwinLabException e)
            {
                reasons.Add($"The server refuses it: {e.Message}");
            }
        }
        return new ScenarioTemplate(file, branch, yaml, reasons.Count == 0, reasons, hasSimulator, gap);
    }

    private static string GapReason(TemplateGraph graph, GraphGap gap, string branch)
    {
        var parts = new List<string>();
        if (gap.Twins.Count > 0) parts.Add($"{gap.Twins.Count} of its {graph.Twins.Count} twins ({List(gap.Twins)})");
        // The model ids are long and listed in requires.missingModels: a count reads better here.
        if (gap.Models.Count > 0) parts.Add($"{gap.Models.Count} of its {graph.Models.Count} models");
        if (gap.Relationships > 0) parts.Add($"{gap.Relationships} of its {graph.Relationships.Count} relationships");
        var lacks = parts.Count == 1 ? parts[0] : string.Join(", ", parts[..^1]) + " and " + parts[^1];
        return $"It simulates the twin of {graph.File}, and branch '{branch}' lacks {lacks}; " +
               "load that graph and its models into the branch first (POST /models, PUT /digitaltwins/{id}, or an import job).";
    }

    private static string List(IReadOnlyList<string> items) =>
        items.Count <= 6 ? string.Join(", ", items) : string.Join(", ", items.Take(5)) + $" and {items.Count - 5} more";
}
