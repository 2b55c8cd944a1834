using System.Text.Json;
using TwinLab.Core.Twins;

namespace TwinLab.Server.Dashboard.ScenarioTemplates;

/// <summary>
/// The twin graph an example scenario loads (<c>twin: load: twins.json</c>): which twins, models and relationships a
/// branch must hold for the scenario to run on the server instead.
/// </summary>
/// <param name="File">Its repository path, <c>examples/factory/twins.json</c>.</param>
/// <param name="Twins">Twin ids, in file order.</param>
/// <param name="Models">The twins' model ids, sorted.</param>
/// <param name="Relationships">Relationships as (source twin, relationship id).</param>
internal sealed record TemplateGraph(string File, IReadOnlyList<string> Twins, IReadOnlyList<string> Models, IReadOnlyList<RelationshipKey> Relationships)
{
    /// <summary>Reads a graph file (<c>{"twins": [{"$dtId", "$metadata": {"$model"}}], "relationships": [{"source", "id"}]}</c>).</summary>
    /// <exception cref="InvalidOperationException">The shipped file is not a graph file (a build mistake).</exception>
    public static TemplateGraph Read(string file, string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var twins = new List<string>();
        var models = new SortedSet<string>(StringComparer.Ordinal);
        var relationships = new List<RelationshipKey>();
        if (root.TryGetProperty("twins", out var twinArray))
            foreach (var twin in twinArray.EnumerateArray())
            {
                twins.Add(Text(twin, "$dtId") ?? throw new InvalidOperationException($"{file}: a twin without $dtId."));
                if (twin.TryGetProperty("$metadata", out var meta) && Text(meta, "$model") is { } model) models.Add(model);
            }
        if (root.TryGetProperty("relationships", out var relArray))
            foreach (var rel in relArray.EnumerateArray())
                if ((Text(rel, "source") ?? Text(rel, "$sourceId")) is { } source && (Text(rel, "id") ?? Text(rel, "$relationshipId")) is { } id)
                    relationships.Add(new RelationshipKey(source, id));
        return new TemplateGraph(file, twins, [.. models], relationships);
    }

    /// <summary>What <paramref name="snapshot"/> lacks of this graph.</summary>
    public GraphGap MissingFrom(GraphSnapshot snapshot) => new(
        [.. Models.Where(m => !snapshot.Models.Contains(m))],
        [.. Twins.Where(t => !snapshot.Twins.TryGetValue(t, out _))],
        Relationships.Count(r => !snapshot.Outgoing.TryGetValue(r.SourceId, out var outgoing) || !outgoing.ContainsKey(r.RelationshipId)));

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}

/// <summary>What a branch lacks of a template's graph.</summary>
/// <param name="Models">Missing model ids.</param>
/// <param name="Twins">Missing twin ids.</param>
/// <param name="Relationships">How many of its relationships are missing.</param>
internal sealed record GraphGap(IReadOnlyList<string> Models, IReadOnlyList<string> Twins, int Relationships)
{
    /// <summary>Whether nothing is missing.</summary>
    public bool IsEmpty => Models.Count == 0 && Twins.Count == 0 && Relationships == 0;
}
