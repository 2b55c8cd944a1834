using System.Text.Json;
using System.Text.Json.Nodes;
using TwinLab.Core.Twins;

namespace TwinLab.Core.History;

/// <summary>A <see cref="BranchDiff"/> as JSON, the one shape <c>twinlab branch diff --json</c> and <c>GET /branches/{name}/diff</c> share.</summary>
public static class BranchDiffJson
{
    /// <summary>The diff as JSON: branch, parent, fork point, and the twins, relationships and telemetry that differ.</summary>
    public static JsonObject ToJson(BranchDiff d) => new()
    {
        ["branch"] = d.Branch,
        ["parent"] = d.Parent,
        ["forkSequence"] = d.ForkSequence,
        ["twins"] = new JsonArray([.. d.Twins.Select(t => (JsonNode)new JsonObject
        {
            ["twin"] = t.TwinId,
            ["kind"] = KindName(t.Kind),
            ["branchModel"] = t.BranchModel,
            ["parentModel"] = t.ParentModel,
            ["properties"] = new JsonArray([.. t.Properties.Select(pd => (JsonNode)new JsonObject
            {
                ["path"] = pd.Path,
                ["branch"] = Value(pd.BranchValue),
                ["parent"] = Value(pd.ParentValue),
            })]),
        })]),
        ["relationships"] = new JsonArray([.. d.Relationships.Select(r => (JsonNode)new JsonObject
        {
            ["source"] = r.SourceId,
            ["id"] = r.RelationshipId,
            ["kind"] = KindName(r.Kind),
            ["branch"] = r.Branch is null ? null : TwinJson.ToNode(r.Branch),
            ["parent"] = r.Parent is null ? null : TwinJson.ToNode(r.Parent),
        })]),
        ["telemetry"] = new JsonArray([.. d.Telemetry.Select(t => (JsonNode)new JsonObject
        {
            ["twin"] = t.TwinId,
            ["name"] = t.Name,
            ["branchPoints"] = t.BranchPoints,
            ["parentPoints"] = t.ParentPoints,
        })]),
    };

    /// <summary>A diff read back from <see cref="ToJson"/>'s JSON (as a client of <c>GET /branches/{name}/diff</c> gets it).</summary>
    /// <exception cref="KeyNotFoundException">A member is missing.</exception>
    public static BranchDiff FromJson(JsonElement e) => new(
        e.GetProperty("branch").GetString()!,
        e.GetProperty("parent").GetString()!,
        e.GetProperty("forkSequence").GetInt64(),
        [.. e.GetProperty("twins").EnumerateArray().Select(t => new TwinDifference(
            t.GetProperty("twin").GetString()!, KindOf(t.GetProperty("kind").GetString()), t.GetProperty("branchModel").GetString(), t.GetProperty("parentModel").GetString(),
            [.. t.GetProperty("properties").EnumerateArray().Select(p => new PropertyDifference(p.GetProperty("path").GetString()!, Element(p.GetProperty("branch")), Element(p.GetProperty("parent"))))]))],
        [.. e.GetProperty("relationships").EnumerateArray().Select(r => new RelationshipDifference(
            r.GetProperty("source").GetString()!, r.GetProperty("id").GetString()!, KindOf(r.GetProperty("kind").GetString()),
            r.GetProperty("branch") is { ValueKind: JsonValueKind.Object } b ? TwinJson.ReadRelationship(b) : null,
            r.GetProperty("parent") is { ValueKind: JsonValueKind.Object } p ? TwinJson.ReadRelationship(p) : null))],
        [.. e.GetProperty("telemetry").EnumerateArray().Select(t => new TelemetryDifference(
            t.GetProperty("twin").GetString()!, t.GetProperty("name").GetString()!, t.GetProperty("branchPoints").GetInt32(), t.GetProperty("parentPoints").GetInt32()))]);

    private static DiffKind KindOf(string? name) => name switch
    {
        "onlyInBranch" => DiffKind.OnlyInBranch,
        "onlyInParent" => DiffKind.OnlyInParent,
        _ => DiffKind.Changed,
    };

    /// <summary>A value that may be JSON null (unset) — kept apart from a value that is absent.</summary>
    private static JsonElement? Element(JsonElement v) => v.ValueKind == JsonValueKind.Null ? null : v.Clone();

    private static string KindName(DiffKind kind) => kind switch
    {
        DiffKind.OnlyInBranch => "onlyInBranch",
        DiffKind.OnlyInParent => "onlyInParent",
        _ => "changed",
    };

    private static JsonNode? Value(JsonElement? v) => v is { } x ? JsonNode.Parse(x.GetRawText()) : null;
}
