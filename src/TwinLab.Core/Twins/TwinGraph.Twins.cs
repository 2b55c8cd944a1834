using System.Text.Json;
using System.Text.Json.Nodes;
using TwinLab.Core.Errors;
using TwinLab.Core.Models;

namespace TwinLab.Core.Twins;

public sealed partial class TwinGraph
{
    /// <summary>Twin ids are free text, as in Azure Digital Twins, but bounded.</summary>
    private const int MaxIdLength = 128;

    /// <summary>Finds a twin, or <c>null</c>.</summary>
    public Twin? FindTwin(string id) => _twins.TryGetValue(id, out var t) ? t : null;

    /// <summary>Gets a twin.</summary>
    /// <exception cref="TwinLabException">No twin has that id.</exception>
    public Twin GetTwin(string id) => FindTwin(id) ?? throw NotFound(id);

    /// <summary>All twins, in no particular order.</summary>
    public IEnumerable<Twin> Twins => _twins.Values;

    /// <summary>
    /// Creates a twin, or replaces it if it exists, from an Azure Digital Twins twin body
    /// (<c>$metadata.$model</c>, property values, and an object per component).
    /// </summary>
    /// <param name="id">The twin id.</param>
    /// <param name="body">The twin body.</param>
    /// <param name="ifMatch">Replace only if the current ETag equals this (or <c>*</c>).</param>
    /// <param name="ifNoneMatchAny">Create only: fail if the twin exists (<c>If-None-Match: *</c>).</param>
    /// <exception cref="TwinLabException">Invalid body, unknown model, failed precondition.</exception>
    public Twin CreateOrReplaceTwin(string id, JsonElement body, string? ifMatch = null, bool ifNoneMatchAny = false)
    {
        CheckTwinId(id);
        var existing = FindTwin(id);
        if (existing is not null && ifNoneMatchAny)
            throw new TwinLabException(ErrorCodes.PreconditionFailed, $"Twin '{id}' already exists (If-None-Match: *); nothing was changed.");
        if (existing is null && ifMatch is not null && ifMatch != "*")
            throw new TwinLabException(ErrorCodes.PreconditionFailed, $"Twin '{id}' does not exist, so If-Match {ifMatch} cannot hold.");
        if (existing is not null) CheckIfMatch(ifMatch, existing.ETag, $"twin '{id}'");

        if (body.ValueKind != JsonValueKind.Object)
            throw Invalid($"Twin '{id}': the body must be a JSON object, not {SchemaValidator.Describe(body)}.");
        if (body.TryGetProperty("$dtId", out var dtId) && (dtId.ValueKind != JsonValueKind.String || JsonSurrogates.TryGetString(dtId) != id))
            throw Invalid($"Twin '{id}': $dtId {dtId.GetRawText()} does not match the id.");
        var modelId = ReadModelId(id, body);
        var model = _models.TryGet(modelId, out var entry) ? entry : throw new TwinLabException(ErrorCodes.ModelNotFound, $"Twin '{id}': model '{modelId}' not found.");
        if (model.Decommissioned && existing?.ModelId != modelId)
            throw Invalid($"Twin '{id}': model '{modelId}' is decommissioned; new twins cannot use it.");

        var now = Now();
        var properties = SmallMap<TwinProperty>.Empty;
        var components = SmallMap<TwinComponent>.Empty;
        foreach (var member in body.EnumerateObject())
        {
            if (member.Name.StartsWith('$')) continue;
            var content = _models.FindContent(modelId, member.Name);
            switch (content)
            {
                case DtdlProperty p:
                    if (SchemaValidator.Validate(p.Schema, member.Value, "/" + member.Name) is { } err) throw Invalid($"Twin '{id}': {err}.");
                    properties = properties.SetItem(member.Name, new TwinProperty(member.Value.Clone(), now));
                    break;
                case DtdlComponent c:
                    components = components.SetItem(member.Name, ReadComponent(id, c, member.Value, now));
                    break;
                default:
                    throw Invalid($"Twin '{id}': {DescribeNotProperty(modelId, member.Name, content)}");
            }
        }
        foreach (var c in _models.AllContents(modelId).Values.OfType<DtdlComponent>())
            if (!components.ContainsKey(c.Name))
                throw Invalid($"Twin '{id}': component '{c.Name}' ({c.Schema}) is missing; give it at least as {{\"$metadata\": {{}}}}.");

        var twin = new Twin { Id = id, ModelId = modelId, ETag = "", Properties = properties, Components = components, LastUpdateTime = now };
        if (existing is not null && existing.ModelId != modelId) CheckRelationshipsFit(twin);
        twin = twin with { ETag = NextETag() };
        _twins[id] = twin;
        _changes.Add(new TwinWritten(twin, Created: existing is null));
        return twin;
    }

    /// <summary>Applies a JSON Patch to a twin, atomically: every operation or none.</summary>
    /// <param name="id">The twin id.</param>
    /// <param name="patch">Operations; paths address properties (<c>/p</c>), fields or map entries inside them
    /// (<c>/p/field</c>), component properties (<c>/comp/p</c>) and the model (<c>/$metadata/$model</c>).</param>
    /// <param name="ifMatch">Apply only if the current ETag equals this.</param>
    /// <exception cref="TwinLabException">Unknown twin, failed precondition, or an operation that does not fit the model.</exception>
    public Twin UpdateTwin(string id, IReadOnlyList<JsonPatchOperation> patch, string? ifMatch = null)
    {
        var twin = GetTwin(id);
        if (ifMatch is not null) CheckIfMatch(ifMatch, twin.ETag, $"twin '{id}'");
        var now = Now();
        // The hot path of a patch: state is carried in locals and one new twin is built at the end.
        var modelId = twin.ModelId;
        var properties = twin.Properties;
        var components = twin.Components;
        var modelChanged = false;
        foreach (var op in patch)
        {
            var segments = op.Segments();
            if (segments[0] == "$metadata")
            {
                modelId = PatchModel(twin, op, segments).ModelId;
                modelChanged = true;
                continue;
            }
            var content = _models.FindContent(modelId, segments[0]);
            switch (content)
            {
                case DtdlProperty property:
                    properties = ApplyToProperties(id, properties, modelId, segments, 0, op, now, property);
                    break;
                case DtdlComponent c:
                    components = ApplyToComponent(id, components, c, segments, op, now);
                    break;
                default:
                    throw Invalid($"Twin '{id}': patch path '{op.Path}': {DescribeNotProperty(modelId, segments[0], content)}");
            }
        }
        if (modelChanged)
        {
            var candidate = twin with { ModelId = modelId, Properties = properties, Components = components };
            RevalidateAgainstModel(candidate);
            CheckRelationshipsFit(candidate);
        }
        var updated = new Twin { Id = id, ModelId = modelId, ETag = NextETag(), Properties = properties, Components = components, LastUpdateTime = now };
        _twins[id] = updated;
        _changes.Add(new TwinWritten(updated, Created: false));
        return updated;
    }

    /// <summary>Applies a JSON Patch to one component; paths are relative to the component.</summary>
    public Twin UpdateComponent(string id, string componentName, IReadOnlyList<JsonPatchOperation> patch, string? ifMatch = null)
    {
        var twin = GetTwin(id);
        if (_models.FindContent(twin.ModelId, componentName) is not DtdlComponent)
            throw Invalid($"Twin '{id}': model '{twin.ModelId}' has no component '{componentName}'.");
        var prefix = "/" + componentName.Replace("~", "~0").Replace("/", "~1");
        return UpdateTwin(id, patch.Select(op => op with { Path = prefix + op.Path }).ToArray(), ifMatch);
    }

    /// <summary>Deletes a twin that has no relationships (incoming or outgoing), as Azure Digital Twins does.</summary>
    /// <exception cref="TwinLabException">Unknown twin, failed precondition, or relationships remain.</exception>
    public void DeleteTwin(string id, string? ifMatch = null)
    {
        var twin = GetTwin(id);
        CheckIfMatch(ifMatch, twin.ETag, $"twin '{id}'");
        var outgoing = _outgoing.TryGetValue(id, out var o) ? o.Count : 0;
        var incoming = _incoming.TryGetValue(id, out var i) ? i.Count : 0;
        if (outgoing + incoming > 0)
            throw new TwinLabException(ErrorCodes.RelationshipsNotDeleted,
                $"Twin '{id}' still has {outgoing} outgoing and {incoming} incoming relationship(s); delete them first.");
        _twins.Remove(id);
        _version++;
        _changes.Add(new TwinDeleted(id));
    }

    private Twin PatchModel(Twin twin, JsonPatchOperation op, string[] segments)
    {
        if (segments.Length != 2 || segments[1] != "$model" || op.Op == PatchOp.Remove)
            throw Invalid($"Twin '{twin.Id}': patch path '{op.Path}': only 'replace /$metadata/$model' is allowed under $metadata.");
        var v = op.Value!.Value;
        if (v.ValueKind != JsonValueKind.String)
            throw Invalid($"Twin '{twin.Id}': /$metadata/$model must be a string DTMI.");
        var modelId = v.GetString()!;
        if (!_models.Contains(modelId))
            throw new TwinLabException(ErrorCodes.ModelNotFound, $"Twin '{twin.Id}': model '{modelId}' not found.");
        return twin with { ModelId = modelId };
    }

    private void RevalidateAgainstModel(Twin twin)
    {
        foreach (var (name, prop) in twin.Properties)
        {
            if (_models.FindContent(twin.ModelId, name) is not DtdlProperty p)
                throw Invalid($"Twin '{twin.Id}': model '{twin.ModelId}' has no property '{name}', which the twin holds.");
            if (SchemaValidator.Validate(p.Schema, prop.Value, "/" + name) is { } err) throw Invalid($"Twin '{twin.Id}': {err}.");
        }
        foreach (var c in _models.AllContents(twin.ModelId).Values.OfType<DtdlComponent>())
            if (!twin.Components.ContainsKey(c.Name))
                throw Invalid($"Twin '{twin.Id}': model '{twin.ModelId}' requires component '{c.Name}'.");
        foreach (var (name, component) in twin.Components)
        {
            if (_models.FindContent(twin.ModelId, name) is not DtdlComponent c)
                throw Invalid($"Twin '{twin.Id}': model '{twin.ModelId}' has no component '{name}', which the twin holds.");
            foreach (var (pn, prop) in component.Properties)
            {
                if (_models.FindContent(c.Schema, pn) is not DtdlProperty p)
                    throw Invalid($"Twin '{twin.Id}': component '{name}' ({c.Schema}) has no property '{pn}', which the twin holds.");
                if (SchemaValidator.Validate(p.Schema, prop.Value, $"/{name}/{pn}") is { } err) throw Invalid($"Twin '{twin.Id}': {err}.");
            }
        }
    }

    /// <summary>After a model change, every relationship from and to the twin must still fit the models.</summary>
    private void CheckRelationshipsFit(Twin twin)
    {
        if (_outgoing.TryGetValue(twin.Id, out var outgoing))
            foreach (var r in outgoing.Values)
                if (_models.FindContent(twin.ModelId, r.Name) is not DtdlRelationship)
                    throw Invalid($"Twin '{twin.Id}': model '{twin.ModelId}' has no relationship '{r.Name}', but the twin has relationship '{r.Id}' of that name; delete it first.");
        if (_incoming.TryGetValue(twin.Id, out var incoming))
            foreach (var key in incoming)
            {
                var r = _outgoing[key.SourceId][key.RelationshipId];
                var source = _twins[key.SourceId];
                if (_models.FindContent(source.ModelId, r.Name) is DtdlRelationship { Target: { } required } && !_models.IsAssignableTo(twin.ModelId, required))
                    throw Invalid($"Twin '{twin.Id}': relationship '{r.Id}' ({r.Name}) from '{r.SourceId}' requires a '{required}' target, which model '{twin.ModelId}' is not; delete it first.");
            }
    }

    private SmallMap<TwinComponent> ApplyToComponent(string id, SmallMap<TwinComponent> components, DtdlComponent c, string[] segments, JsonPatchOperation op, DateTimeOffset now)
    {
        if (segments.Length == 1)
        {
            if (op.Op == PatchOp.Remove)
                throw Invalid($"Twin '{id}': component '{c.Name}' cannot be removed; the model requires it.");
            return components.SetItem(c.Name, ReadComponent(id, c, op.Value!.Value, now));
        }
        var current = components.TryGetValue(c.Name, out var comp) ? comp : new TwinComponent(SmallMap<TwinProperty>.Empty, now);
        var props = ApplyToProperties(id, current.Properties, c.Schema, segments, 1, op, now);
        return components.SetItem(c.Name, new TwinComponent(props, now));
    }

    /// <summary>Applies one operation whose path starts at <paramref name="start"/> to a property map of <paramref name="interfaceId"/>.</summary>
    private SmallMap<TwinProperty> ApplyToProperties(string id, SmallMap<TwinProperty> props, string interfaceId, string[] segments, int start,
        JsonPatchOperation op, DateTimeOffset now, DtdlProperty? known = null)
    {
        var name = segments[start];
        if ((known ?? _models.FindContent(interfaceId, name)) is not DtdlProperty p)
            throw Invalid($"Twin '{id}': patch path '{op.Path}': {DescribeNotProperty(interfaceId, name, _models.FindContent(interfaceId, name))}");
        var exists = props.TryGetValue(name, out var current);
        if (segments.Length == start + 1)
        {
            switch (op.Op)
            {
                case PatchOp.Remove:
                    if (!exists) throw Invalid($"Twin '{id}': cannot remove '{op.Path}': the property is not set.");
                    return props.Remove(name);
                case PatchOp.Replace when !exists:
                    throw Invalid($"Twin '{id}': cannot replace '{op.Path}': the property is not set (use add).");
                default:
                    var value = op.Value!.Value;
                    if (SchemaValidator.Validate(p.Schema, value, op.Path) is { } err) throw Invalid($"Twin '{id}': {err}.");
                    return props.SetItem(name, new TwinProperty(value.Clone(), now));
            }
        }
        if (!exists)
            throw Invalid($"Twin '{id}': cannot {op.Op.ToString().ToLowerInvariant()} '{op.Path}': property '{name}' is not set.");
        if (p.Schema is not (ObjectSchema or MapSchema or ArraySchema))
            throw Invalid($"Twin '{id}': patch path '{op.Path}': property '{name}' is a {p.Schema switch { PrimitiveSchema ps => ps.Name, _ => p.Schema.GetType().Name }}, which has no parts.");
        var node = JsonNode.Parse(current!.Value.GetRawText())!;
        ApplyInside(id, node, segments, start + 1, op);
        var updated = JsonSerializer.SerializeToElement(node);
        if (SchemaValidator.Validate(p.Schema, updated, "/" + string.Join('/', segments[..(start + 1)])) is { } e) throw Invalid($"Twin '{id}': {e}.");
        return props.SetItem(name, new TwinProperty(updated, now));
    }

    private static void ApplyInside(string id, JsonNode root, string[] segments, int start, JsonPatchOperation op)
    {
        var parent = root;
        for (var i = start; i < segments.Length - 1; i++)
        {
            parent = parent switch
            {
                JsonObject o when o.TryGetPropertyValue(segments[i], out var child) && child is not null => child,
                JsonArray a when int.TryParse(segments[i], out var idx) && idx >= 0 && idx < a.Count && a[idx] is not null => a[idx]!,
                _ => throw Invalid($"Twin '{id}': patch path '{op.Path}': '{segments[i]}' does not exist."),
            };
        }
        var last = segments[^1];
        var value = op.Value is { } v ? JsonNode.Parse(v.GetRawText()) : null;
        switch (parent)
        {
            case JsonObject o:
                var has = o.ContainsKey(last);
                if (op.Op != PatchOp.Add && !has) throw Invalid($"Twin '{id}': cannot {op.Op.ToString().ToLowerInvariant()} '{op.Path}': it does not exist.");
                if (op.Op == PatchOp.Remove) o.Remove(last);
                else o[last] = value;
                break;
            case JsonArray a:
                if (last == "-" && op.Op == PatchOp.Add)
                {
                    a.Add(value);
                    break;
                }
                if (!int.TryParse(last, out var index) || index < 0 || index > a.Count || (index == a.Count && op.Op != PatchOp.Add))
                    throw Invalid($"Twin '{id}': patch path '{op.Path}': '{last}' is not a valid array index.");
                if (op.Op == PatchOp.Add) a.Insert(index, value);
                else if (op.Op == PatchOp.Replace) a[index] = value;
                else a.RemoveAt(index);
                break;
            default:
                throw Invalid($"Twin '{id}': patch path '{op.Path}': cannot descend into a primitive value.");
        }
    }

    private TwinComponent ReadComponent(string id, DtdlComponent c, JsonElement value, DateTimeOffset now)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw Invalid($"Twin '{id}': component '{c.Name}' must be a JSON object, not {SchemaValidator.Describe(value)}.");
        var props = SmallMap<TwinProperty>.Empty;
        foreach (var member in value.EnumerateObject())
        {
            if (member.Name.StartsWith('$')) continue;
            var content = _models.FindContent(c.Schema, member.Name);
            if (content is not DtdlProperty p)
                throw Invalid($"Twin '{id}': component '{c.Name}': {DescribeNotProperty(c.Schema, member.Name, content)}");
            if (SchemaValidator.Validate(p.Schema, member.Value, $"/{c.Name}/{member.Name}") is { } err) throw Invalid($"Twin '{id}': {err}.");
            props = props.SetItem(member.Name, new TwinProperty(member.Value.Clone(), now));
        }
        return new TwinComponent(props, now);
    }

    private static string ReadModelId(string id, JsonElement body)
    {
        if (!body.TryGetProperty("$metadata", out var meta) || meta.ValueKind != JsonValueKind.Object)
            throw Invalid($"Twin '{id}': $metadata is missing; give {{\"$metadata\": {{\"$model\": \"dtmi:…;1\"}}}}.");
        if (!meta.TryGetProperty("$model", out var model) || model.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(JsonSurrogates.TryGetString(model)))
            throw Invalid($"Twin '{id}': $metadata.$model is missing or not a string.");
        return model.GetString()!;
    }

    private static string DescribeNotProperty(string modelId, string name, DtdlContent? content) => content switch
    {
        null => $"model '{modelId}' has no property '{name}'.",
        DtdlTelemetry => $"'{name}' is a Telemetry of '{modelId}', not a Property; send it as telemetry.",
        DtdlRelationship => $"'{name}' is a Relationship of '{modelId}', not a Property; add it as a relationship.",
        DtdlCommand => $"'{name}' is a Command of '{modelId}', not a Property.",
        DtdlComponent => $"'{name}' is a Component of '{modelId}'; patch its properties as /{name}/<property>.",
        _ => $"'{name}' is not a Property of '{modelId}'.",
    };

    private static void CheckTwinId(string id)
    {
        if (string.IsNullOrWhiteSpace(id)) throw Invalid("Twin id must not be empty.");
        if (id.Length > MaxIdLength) throw Invalid($"Twin id '{id[..20]}…' is longer than {MaxIdLength} characters.");
        if (id.StartsWith('$')) throw Invalid($"Twin id '{id}' must not start with '$'.");
    }

    private static TwinLabException NotFound(string id) => new(ErrorCodes.DigitalTwinNotFound, $"Twin '{id}' not found.");

    private static TwinLabException Invalid(string message) => new(ErrorCodes.ValidationFailed, message);
}
