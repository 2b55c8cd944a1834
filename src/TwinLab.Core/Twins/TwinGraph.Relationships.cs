using System.Collections.Immutable;
using System.Text.Json;
using TwinLab.Core.Errors;
using TwinLab.Core.Models;

namespace TwinLab.Core.Twins;

public sealed partial class TwinGraph
{
    /// <summary>Finds a relationship, or <c>null</c>.</summary>
    public Relationship? FindRelationship(string sourceId, string relationshipId) =>
        _outgoing.TryGetValue(sourceId, out var rels) && rels.TryGetValue(relationshipId, out var r) ? r : null;

    /// <summary>Gets a relationship.</summary>
    /// <exception cref="TwinLabException">The source twin or the relationship does not exist.</exception>
    public Relationship GetRelationship(string sourceId, string relationshipId)
    {
        if (!_twins.ContainsKey(sourceId)) throw NotFound(sourceId);
        return FindRelationship(sourceId, relationshipId)
            ?? throw new TwinLabException(ErrorCodes.RelationshipNotFound, $"Relationship '{relationshipId}' of twin '{sourceId}' not found.");
    }

    /// <summary>Outgoing relationships of a twin, optionally only those named <paramref name="name"/>.</summary>
    /// <exception cref="TwinLabException">The twin does not exist.</exception>
    public IReadOnlyList<Relationship> ListRelationships(string sourceId, string? name = null)
    {
        if (!_twins.ContainsKey(sourceId)) throw NotFound(sourceId);
        if (!_outgoing.TryGetValue(sourceId, out var rels)) return [];
        return rels.Values.Where(r => name is null || r.Name == name).OrderBy(r => r.Id, StringComparer.Ordinal).ToArray();
    }

    /// <summary>Relationships that point at a twin.</summary>
    /// <exception cref="TwinLabException">The twin does not exist.</exception>
    public IReadOnlyList<Relationship> ListIncomingRelationships(string targetId)
    {
        if (!_twins.ContainsKey(targetId)) throw NotFound(targetId);
        if (!_incoming.TryGetValue(targetId, out var keys)) return [];
        return keys.Select(k => _outgoing[k.SourceId][k.RelationshipId])
            .OrderBy(r => r.SourceId, StringComparer.Ordinal).ThenBy(r => r.Id, StringComparer.Ordinal).ToArray();
    }

    /// <summary>
    /// Creates or replaces a relationship from an Azure Digital Twins relationship body
    /// (<c>$relationshipName</c>, <c>$targetId</c>, and property values).
    /// </summary>
    /// <remarks>Validated against the source model's Relationship: the name, the target's model (derived models count),
    /// <c>maxMultiplicity</c>, and the relationship's properties.</remarks>
    /// <exception cref="TwinLabException">A twin is missing, the body does not fit the model, or a precondition failed.</exception>
    public Relationship CreateOrReplaceRelationship(string sourceId, string relationshipId, JsonElement body, string? ifMatch = null, bool ifNoneMatchAny = false)
    {
        if (string.IsNullOrWhiteSpace(relationshipId)) throw Invalid("Relationship id must not be empty.");
        var source = GetTwin(sourceId);
        var existing = FindRelationship(sourceId, relationshipId);
        var what = $"relationship '{relationshipId}' of twin '{sourceId}'";
        if (existing is not null && ifNoneMatchAny)
            throw new TwinLabException(ErrorCodes.PreconditionFailed, $"The {what} already exists (If-None-Match: *); nothing was changed.");
        if (existing is not null) CheckIfMatch(ifMatch, existing.ETag, "the " + what);
        else if (ifMatch is not null && ifMatch != "*")
            throw new TwinLabException(ErrorCodes.PreconditionFailed, $"The {what} does not exist, so If-Match {ifMatch} cannot hold.");

        if (body.ValueKind != JsonValueKind.Object)
            throw Invalid($"The {what}: the body must be a JSON object.");
        var name = RequiredString(body, "$relationshipName", what);
        var targetId = RequiredString(body, "$targetId", what);
        if (body.TryGetProperty("$sourceId", out var s) && s.ValueKind == JsonValueKind.String && s.GetString() != sourceId)
            throw Invalid($"The {what}: $sourceId '{s.GetString()}' does not match the source twin.");
        if (body.TryGetProperty("$relationshipId", out var rid) && rid.ValueKind == JsonValueKind.String && rid.GetString() != relationshipId)
            throw Invalid($"The {what}: $relationshipId '{rid.GetString()}' does not match the id.");

        var definition = _models.FindContent(source.ModelId, name) as DtdlRelationship
            ?? throw Invalid($"The {what}: model '{source.ModelId}' has no relationship named '{name}'.");
        var target = FindTwin(targetId) ?? throw new TwinLabException(ErrorCodes.TargetTwinNotFound, $"The {what}: target twin '{targetId}' not found.");
        if (definition.Target is { } required && !_models.IsAssignableTo(target.ModelId, required))
            throw Invalid($"The {what}: '{name}' must target a '{required}' twin, but '{targetId}' is a '{target.ModelId}'.");
        if (definition.MaxMultiplicity is { } max)
        {
            var count = _outgoing.TryGetValue(sourceId, out var rels) ? rels.Values.Count(r => r.Name == name && r.Id != relationshipId) : 0;
            if (count >= max)
                throw Invalid($"The {what}: twin '{sourceId}' already has {count} '{name}' relationship(s); the model allows at most {max}.");
        }

        var props = SmallMap<JsonElement>.Empty;
        foreach (var member in body.EnumerateObject())
        {
            if (member.Name.StartsWith('$')) continue;
            var p = definition.Property(member.Name)
                ?? throw Invalid($"The {what}: relationship '{name}' has no property '{member.Name}'.");
            if (SchemaValidator.Validate(p.Schema, member.Value, "/" + member.Name) is { } err) throw Invalid($"The {what}: {err}.");
            props = props.SetItem(member.Name, member.Value.Clone());
        }

        var relationship = new Relationship { Id = relationshipId, SourceId = sourceId, TargetId = targetId, Name = name, ETag = NextETag(), Properties = props };
        if (existing is not null) Unindex(existing);
        Index(relationship);
        _changes.Add(new RelationshipWritten(relationship, Created: existing is null));
        return relationship;
    }

    /// <summary>Applies a JSON Patch to a relationship's properties, atomically.</summary>
    public Relationship UpdateRelationship(string sourceId, string relationshipId, IReadOnlyList<JsonPatchOperation> patch, string? ifMatch = null)
    {
        var existing = GetRelationship(sourceId, relationshipId);
        var what = $"relationship '{relationshipId}' of twin '{sourceId}'";
        CheckIfMatch(ifMatch, existing.ETag, "the " + what);
        var sourceModel = GetTwin(sourceId).ModelId;
        var definition = _models.FindContent(sourceModel, existing.Name) as DtdlRelationship
            ?? throw Invalid($"The {what}: model '{sourceModel}' no longer defines relationship '{existing.Name}'; delete and re-create it.");
        var props = existing.Properties;
        foreach (var op in patch)
        {
            var segments = op.Segments();
            var p = definition.Property(segments[0])
                ?? throw Invalid($"The {what}: patch path '{op.Path}': relationship '{existing.Name}' has no property '{segments[0]}'.");
            var exists = props.TryGetValue(p.Name, out var current);
            if (segments.Length > 1)
            {
                if (!exists) throw Invalid($"The {what}: cannot patch '{op.Path}': property '{p.Name}' is not set.");
                var node = System.Text.Json.Nodes.JsonNode.Parse(current.GetRawText())!;
                ApplyInside(sourceId, node, segments, 1, op);
                var updated = JsonSerializer.SerializeToElement(node);
                if (SchemaValidator.Validate(p.Schema, updated, "/" + p.Name) is { } e) throw Invalid($"The {what}: {e}.");
                props = props.SetItem(p.Name, updated);
                continue;
            }
            if (op.Op != PatchOp.Add && !exists)
                throw Invalid($"The {what}: cannot {op.Op.ToString().ToLowerInvariant()} '{op.Path}': it is not set.");
            if (op.Op == PatchOp.Remove)
            {
                props = props.Remove(p.Name);
                continue;
            }
            if (SchemaValidator.Validate(p.Schema, op.Value!.Value, op.Path) is { } err) throw Invalid($"The {what}: {err}.");
            props = props.SetItem(p.Name, op.Value!.Value.Clone());
        }
        var relationship = existing with { Properties = props, ETag = NextETag() };
        _outgoing[sourceId] = _outgoing[sourceId].SetItem(relationshipId, relationship);
        _changes.Add(new RelationshipWritten(relationship, Created: false));
        return relationship;
    }

    /// <summary>Deletes a relationship.</summary>
    public void DeleteRelationship(string sourceId, string relationshipId, string? ifMatch = null)
    {
        var existing = GetRelationship(sourceId, relationshipId);
        CheckIfMatch(ifMatch, existing.ETag, $"relationship '{relationshipId}' of twin '{sourceId}'");
        Unindex(existing);
        _version++;
        _changes.Add(new RelationshipDeleted(sourceId, relationshipId) { TargetId = existing.TargetId });
    }

    private void Index(Relationship r)
    {
        RelationshipIndex.Add(_outgoing, _incoming, r);
        _relationshipCount++;
    }

    private void Unindex(Relationship r)
    {
        RelationshipIndex.Remove(_outgoing, _incoming, r.SourceId, r.Id);
        _relationshipCount--;
    }

    private static string RequiredString(JsonElement body, string member, string what)
    {
        if (!body.TryGetProperty(member, out var v) || v.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(v.GetString()))
            throw Invalid($"The {what}: {member} is missing or not a string.");
        return v.GetString()!;
    }
}
