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

    private static string KindName(DiffKind kind) => kind switch
    {
        DiffKind.OnlyInBranch => "onlyInBranch",
        DiffKind.OnlyInParent => "onlyInParent",
        _ => "changed",
    };

    private static JsonNode? Value(JsonElement? v) => v is { } x ? JsonNode.Parse(x.GetRawText()) : null;
}
