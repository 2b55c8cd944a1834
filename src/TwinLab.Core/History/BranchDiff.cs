using System.Text.Json;
using TwinLab.Core.Twins;

namespace TwinLab.Core.History;

/// <summary>How an entity differs between a branch and its parent.</summary>
public enum DiffKind
{
    /// <summary>Present on the branch only.</summary>
    OnlyInBranch,
    /// <summary>Present on the parent only.</summary>
    OnlyInParent,
    /// <summary>Present on both, with different content.</summary>
    Changed,
}

/// <summary>A property (or component property, as <c>component/property</c>) whose value differs.</summary>
/// <param name="Path">The property path, e.g. <c>temperature</c> or <c>thermostat/setpoint</c>.</param>
/// <param name="BranchValue">The value on the branch, or <c>null</c> if unset there.</param>
/// <param name="ParentValue">The value on the parent, or <c>null</c> if unset there.</param>
public sealed record PropertyDifference(string Path, JsonElement? BranchValue, JsonElement? ParentValue);

/// <summary>A twin that differs.</summary>
public sealed record TwinDifference(string TwinId, DiffKind Kind, string? BranchModel, string? ParentModel, IReadOnlyList<PropertyDifference> Properties);

/// <summary>A relationship that differs.</summary>
public sealed record RelationshipDifference(string SourceId, string RelationshipId, DiffKind Kind, Relationship? Branch, Relationship? Parent);

/// <summary>Telemetry points written on one side only since the fork.</summary>
public sealed record TelemetryDifference(string TwinId, string Name, int BranchPoints, int ParentPoints);

/// <summary>What differs between a branch and its parent now.</summary>
public sealed record BranchDiff(string Branch, string Parent, long ForkSequence,
    IReadOnlyList<TwinDifference> Twins, IReadOnlyList<RelationshipDifference> Relationships, IReadOnlyList<TelemetryDifference> Telemetry)
{
    /// <summary>Whether nothing differs.</summary>
    public bool IsEmpty => Twins.Count == 0 && Relationships.Count == 0 && Telemetry.Count == 0;

    /// <summary>Compares two states: twins and relationships by content, property by property.</summary>
    /// <remarks>Versions shared through copy-on-write are the same object, so unchanged entities cost one reference comparison.</remarks>
    public static (IReadOnlyList<TwinDifference> Twins, IReadOnlyList<RelationshipDifference> Relationships) Compare(GraphSnapshot branch, GraphSnapshot parent)
    {
        var twins = new List<TwinDifference>();
        foreach (var (id, b) in branch.Twins)
        {
            if (!parent.Twins.TryGetValue(id, out var p))
                twins.Add(new TwinDifference(id, DiffKind.OnlyInBranch, b.ModelId, null, Properties(b, null)));
            else if (!ReferenceEquals(b, p) && Properties(b, p) is { Count: > 0 } props)
                twins.Add(new TwinDifference(id, DiffKind.Changed, b.ModelId, p.ModelId, props));
            else if (!ReferenceEquals(b, p) && b.ModelId != p.ModelId)
                twins.Add(new TwinDifference(id, DiffKind.Changed, b.ModelId, p.ModelId, []));
        }
        foreach (var (id, p) in parent.Twins)
            if (!branch.Twins.ContainsKey(id))
                twins.Add(new TwinDifference(id, DiffKind.OnlyInParent, null, p.ModelId, Properties(null, p)));

        var rels = new List<RelationshipDifference>();
        foreach (var b in branch.Relationships)
        {
            var p = parent.Outgoing.TryGetValue(b.SourceId, out var m) && m.TryGetValue(b.Id, out var r) ? r : null;
            if (p is null) rels.Add(new RelationshipDifference(b.SourceId, b.Id, DiffKind.OnlyInBranch, b, null));
            else if (!ReferenceEquals(b, p) && !SameRelationship(b, p)) rels.Add(new RelationshipDifference(b.SourceId, b.Id, DiffKind.Changed, b, p));
        }
        foreach (var p in parent.Relationships)
            if (!(branch.Outgoing.TryGetValue(p.SourceId, out var m) && m.ContainsKey(p.Id)))
                rels.Add(new RelationshipDifference(p.SourceId, p.Id, DiffKind.OnlyInParent, null, p));

        return (twins.OrderBy(t => t.TwinId, StringComparer.Ordinal).ToArray(),
            rels.OrderBy(r => r.SourceId, StringComparer.Ordinal).ThenBy(r => r.RelationshipId, StringComparer.Ordinal).ToArray());
    }

    /// <summary>Every property path whose value differs between two versions of a twin (either may be absent).</summary>
    public static IReadOnlyList<PropertyDifference> Properties(Twin? branch, Twin? parent)
    {
        var result = new List<PropertyDifference>();
        Compare("", branch?.Properties, parent?.Properties, result);
        var components = (branch?.Components.Keys ?? []).Union(parent?.Components.Keys ?? [], StringComparer.Ordinal);
        foreach (var c in components.Order(StringComparer.Ordinal))
        {
            TwinComponent? bc = null, pc = null;
            if (branch is not null && branch.Components.TryGetValue(c, out var x)) bc = x;
            if (parent is not null && parent.Components.TryGetValue(c, out var y)) pc = y;
            Compare(c + "/", bc?.Properties, pc?.Properties, result);
        }
        return result;
    }

    private static void Compare(string prefix, SmallMap<TwinProperty>? branch, SmallMap<TwinProperty>? parent, List<PropertyDifference> result)
    {
        var names = (branch?.Keys ?? []).Union(parent?.Keys ?? [], StringComparer.Ordinal).Order(StringComparer.Ordinal);
        foreach (var name in names)
        {
            JsonElement? b = branch is not null && branch.TryGetValue(name, out var bp) ? bp.Value : null;
            JsonElement? p = parent is not null && parent.TryGetValue(name, out var pp) ? pp.Value : null;
            if (!SameValue(b, p)) result.Add(new PropertyDifference(prefix + name, b, p));
        }
    }

    /// <summary>JSON values compared by content (object member order ignored).</summary>
    public static bool SameValue(JsonElement? a, JsonElement? b) =>
        a is null || b is null ? a is null && b is null : JsonElement.DeepEquals(a.Value, b.Value);

    /// <summary>Whether two relationships have the same content: target, name and property values.</summary>
    public static bool SameRelationship(Relationship a, Relationship b) =>
        a.TargetId == b.TargetId && a.Name == b.Name && a.Properties.Count == b.Properties.Count
        && a.Properties.All(kv => b.Properties.TryGetValue(kv.Key, out var v) && JsonElement.DeepEquals(kv.Value, v));
}
