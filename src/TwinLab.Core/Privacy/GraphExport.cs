using System.Globalization;
using System.Text.Json;
using TwinLab.Core.Models;
using TwinLab.Core.Twins;

namespace TwinLab.Core.Privacy;

/// <summary>How to de-identify an export: the key for pseudonyms, which values are identifiers, and the date shift.</summary>
/// <param name="Pseudonyms">Keyed pseudonyms for twin and relationship ids and hashed values.</param>
/// <param name="Rules">Which properties and telemetry are direct identifiers.</param>
/// <param name="Shift">How far every date and time moves.</param>
public sealed record Deidentification(Pseudonyms Pseudonyms, IdentifierRules Rules, DateShift Shift);

/// <summary>What an export wrote.</summary>
public sealed record ExportCounts(int Twins, int Relationships, int TelemetryPoints, int Dropped, int Hashed, int Shifted);

/// <summary>
/// Writes a branch's twin graph with its telemetry as one JSON document in the graph file format
/// (<c>{"twins": […], "relationships": […]}</c>, loadable by <see cref="Application.GraphFile"/>) plus
/// <c>"telemetry": [{"twin", "component", "name", "time", "value"}]</c>, optionally de-identified.
/// </summary>
/// <remarks>
/// <para>De-identified, the export replaces every twin id (and so every relationship end) and relationship id by its keyed
/// pseudonym, drops or pseudonymises the values <see cref="IdentifierRules"/> names, and moves every <c>date</c> and
/// <c>dateTime</c> value of a property or telemetry (by the model's schema) and every telemetry time by the
/// <see cref="DateShift"/>. A date that does not parse is dropped rather than left unshifted. Twin and telemetry
/// metadata (ETags, last-update times) is never exported.</para>
/// <para>What it cannot know: free text that happens to hold a name (a description, a note) is exported as it is unless a
/// rule names it; list such properties in a rules file.</para>
/// </remarks>
public static class GraphExport
{
    /// <summary>Writes the export to <paramref name="output"/>.</summary>
    /// <param name="output">Where the JSON goes.</param>
    /// <param name="snapshot">The state exported.</param>
    /// <param name="telemetryOf">A twin's telemetry (every point, in time order).</param>
    /// <param name="branch">The branch exported (written in the header).</param>
    /// <param name="sequence">The log position of <paramref name="snapshot"/> (written in the header).</param>
    /// <param name="deid">How to de-identify, or <c>null</c> for an export as stored.</param>
    public static ExportCounts Write(Stream output, GraphSnapshot snapshot, Func<string, IReadOnlyList<TelemetryPoint>> telemetryOf,
        string branch, long sequence, Deidentification? deid)
    {
        var writer = new Writer(snapshot.Models, deid);
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteString("branch", branch);
        w.WriteNumber("sequence", sequence);
        w.WriteBoolean("deidentified", deid is not null);
        var twins = snapshot.Twins.Values.Select(t => (Out: writer.TwinId(t.Id), Twin: t)).OrderBy(t => t.Out, StringComparer.Ordinal).ToList();
        w.WriteStartArray("twins");
        foreach (var (id, twin) in twins) writer.WriteTwin(w, id, twin);
        w.WriteEndArray();
        w.WriteStartArray("relationships");
        var relationships = 0;
        foreach (var r in snapshot.Relationships
            .Select(r => (Source: writer.TwinId(r.SourceId), Id: writer.RelationshipId(r), Rel: r))
            .OrderBy(r => r.Source, StringComparer.Ordinal).ThenBy(r => r.Id, StringComparer.Ordinal))
        {
            w.WriteStartObject();
            w.WriteString("source", r.Source);
            w.WriteString("id", r.Id);
            w.WriteString("name", r.Rel.Name);
            w.WriteString("target", writer.TwinId(r.Rel.TargetId));
            w.WriteStartObject("properties");
            foreach (var (name, value) in r.Rel.Properties)
            {
                w.WritePropertyName(name);
                value.WriteTo(w);
            }
            w.WriteEndObject();
            w.WriteEndObject();
            relationships++;
        }
        w.WriteEndArray();
        w.WriteStartArray("telemetry");
        var points = 0;
        foreach (var (id, twin) in twins)
            foreach (var p in telemetryOf(twin.Id))
                if (writer.WritePoint(w, id, twin, p)) points++;
        w.WriteEndArray();
        w.WriteEndObject();
        w.Flush();
        return new ExportCounts(twins.Count, relationships, points, writer.Dropped, writer.Hashed, writer.Shifted);
    }

    private sealed class Writer(ModelSet models, Deidentification? deid)
    {
        public int Dropped, Hashed, Shifted;

        public string TwinId(string id) => deid is null ? id : deid.Pseudonyms.Twin(id);

        public string RelationshipId(Relationship r) => deid is null ? r.Id : deid.Pseudonyms.Relationship(r.SourceId, r.Id);

        public void WriteTwin(Utf8JsonWriter w, string id, Twin twin)
        {
            w.WriteStartObject();
            w.WriteString("$dtId", id);
            w.WriteStartObject("$metadata");
            w.WriteString("$model", twin.ModelId);
            w.WriteEndObject();
            foreach (var (name, p) in twin.Properties) WriteValue(w, twin.ModelId, name, p.Value);
            foreach (var (name, component) in twin.Components)
            {
                var model = (models.FindContent(twin.ModelId, name) as DtdlComponent)?.Schema ?? twin.ModelId;
                w.WriteStartObject(name);
                w.WriteStartObject("$metadata");
                w.WriteEndObject();
                foreach (var (inner, p) in component.Properties) WriteValue(w, model, inner, p.Value);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }

        public bool WritePoint(Utf8JsonWriter w, string id, Twin twin, TelemetryPoint p)
        {
            var model = p.Component is { } c ? (models.FindContent(twin.ModelId, c) as DtdlComponent)?.Schema ?? twin.ModelId : twin.ModelId;
            if (deid is not null && deid.Rules.For(models, model, p.Name) == IdentifierTreatment.Drop)
            {
                Dropped++;
                return false;
            }
            w.WriteStartObject();
            w.WriteString("twin", id);
            if (p.Component is { } component) w.WriteString("component", component);
            w.WriteString("name", p.Name);
            w.WriteString("time", TwinJson.Format(deid is null ? p.Timestamp : deid.Shift.Apply(p.Timestamp)));
            if (!WriteValue(w, model, p.Name, p.Value, "value")) w.WriteNull("value");
            w.WriteEndObject();
            return true;
        }

        /// <summary>Writes one value as <paramref name="as"/> (default: its own name), de-identified; false when dropped.</summary>
        private bool WriteValue(Utf8JsonWriter w, string model, string name, JsonElement value, string? @as = null)
        {
            var key = @as ?? name;
            if (deid is null)
            {
                w.WritePropertyName(key);
                value.WriteTo(w);
                return true;
            }
            switch (deid.Rules.For(models, model, name))
            {
                case IdentifierTreatment.Drop:
                    Dropped++;
                    return false;
                case IdentifierTreatment.Hash:
                    Hashed++;
                    w.WriteString(key, deid.Pseudonyms.Value(value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText()));
                    return true;
            }
            var kind = models.FindContent(model, name) switch
            {
                DtdlProperty { Schema: PrimitiveSchema s } => s.Kind,
                DtdlTelemetry { Schema: PrimitiveSchema s } => s.Kind,
                _ => (PrimitiveKind?)null,
            };
            if (kind is PrimitiveKind.Date or PrimitiveKind.DateTime)
            {
                if (Shift(value, kind.Value) is not { } moved)
                {
                    Dropped++;
                    return false;
                }
                Shifted++;
                w.WriteString(key, moved);
                return true;
            }
            w.WritePropertyName(key);
            value.WriteTo(w);
            return true;
        }

        private string? Shift(JsonElement value, PrimitiveKind kind)
        {
            if (value.ValueKind != JsonValueKind.String) return null;
            var text = value.GetString()!;
            if (kind == PrimitiveKind.Date)
                return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                    ? deid!.Shift.Apply(d).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var t)
                ? TwinJson.Format(deid!.Shift.Apply(t)) : null;
        }
    }
}
