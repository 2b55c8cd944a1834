using System.Buffers;
using System.Text.Json;
using TwinLab.Core.Twins;

namespace TwinLab.Server.Dashboard;

/// <summary>
/// The whole twin graph (or the twins of some models, with their neighbours) in one compact JSON answer, for the
/// dashboard's graph explorer: twins as <c>[id, modelIndex, name]</c> rows, relationships as
/// <c>[sourceIndex, targetIndex, name]</c> rows indexing the twin list.
/// </summary>
/// <remarks>
/// Read from one immutable snapshot (no query per twin), so 10,000+ twins answer in tens of milliseconds. The rows are
/// arrays rather than objects because at 20,000 twins the member names alone would double the size of the answer.
/// </remarks>
internal static class TwinGraphExport
{
    /// <summary>Writes the answer.</summary>
    /// <param name="snapshot">The state read.</param>
    /// <param name="branch">Its branch (echoed).</param>
    /// <param name="sequence">The log position it reflects (echoed).</param>
    /// <param name="models">Only twins of these models or models derived from them; all twins when empty.</param>
    /// <param name="neighbours">Also the twins one relationship away from the matched ones (after them in the list).</param>
    /// <param name="max">The most twins returned; when more match, the answer says <c>truncated</c>.</param>
    /// <exception cref="Core.Errors.TwinLabException">A model in <paramref name="models"/> is not in the graph (InvalidArgument).</exception>
    public static byte[] Write(GraphSnapshot snapshot, string branch, long sequence, IReadOnlyList<string> models, bool neighbours, int max)
    {
        var wanted = ModelsMatching(snapshot, models);
        var matched = new List<string>();
        foreach (var (id, twin) in snapshot.Twins)
            if (wanted is null || wanted.Contains(twin.ModelId)) matched.Add(id);
        matched.Sort(StringComparer.Ordinal);
        var ordered = new List<string>(matched);
        var index = new Dictionary<string, int>(matched.Count, StringComparer.Ordinal);
        foreach (var id in matched) index[id] = index.Count;
        var matchedCount = matched.Count;
        if (neighbours && wanted is not null)
        {
            var extra = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var id in matched)
            {
                foreach (var r in snapshot.OutgoingOf(id)) if (!index.ContainsKey(r.TargetId)) extra.Add(r.TargetId);
                foreach (var r in snapshot.IncomingOf(id)) if (!index.ContainsKey(r.SourceId)) extra.Add(r.SourceId);
            }
            foreach (var id in extra)
            {
                index[id] = index.Count;
                ordered.Add(id);
            }
        }
        var total = ordered.Count;
        var kept = Math.Min(total, max);

        var modelIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var modelList = new List<string>();
        var buffer = new ArrayBufferWriter<byte>(64 * 1024 + kept * 48);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("branch", branch);
            w.WriteNumber("sequence", sequence);
            w.WriteStartArray("twins");
            for (var i = 0; i < kept; i++)
            {
                var twin = snapshot.Twins[ordered[i]];
                if (!modelIndex.TryGetValue(twin.ModelId, out var m))
                {
                    modelIndex[twin.ModelId] = m = modelList.Count;
                    modelList.Add(twin.ModelId);
                }
                w.WriteStartArray();
                w.WriteStringValue(twin.Id);
                w.WriteNumberValue(m);
                if (DisplayName(twin) is { } name) w.WriteStringValue(name);
                else w.WriteNullValue();
                w.WriteEndArray();
            }
            w.WriteEndArray();
            var relationships = 0;
            w.WriteStartArray("relationships");
            for (var i = 0; i < kept; i++)
            {
                foreach (var r in snapshot.OutgoingOf(ordered[i]))
                {
                    // Only between twins in the answer: neighbours' own relationships to twins outside it are left out.
                    if (!index.TryGetValue(r.TargetId, out var target) || target >= kept) continue;
                    w.WriteStartArray();
                    w.WriteNumberValue(i);
                    w.WriteNumberValue(target);
                    w.WriteStringValue(r.Name);
                    w.WriteEndArray();
                    relationships++;
                }
            }
            w.WriteEndArray();
            w.WriteStartArray("models");
            foreach (var m in modelList) w.WriteStringValue(m);
            w.WriteEndArray();
            w.WriteNumber("matched", Math.Min(matchedCount, kept));
            w.WriteNumber("total", total);
            w.WriteNumber("relationshipCount", relationships);
            w.WriteBoolean("truncated", kept < total);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The twin's <c>name</c> or <c>displayName</c> property when it is a non-empty string.</summary>
    public static string? DisplayName(Twin twin)
    {
        foreach (var key in (ReadOnlySpan<string>)["name", "displayName"])
            if (twin.Properties.TryGetValue(key, out var p) && p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() is { Length: > 0 } s)
                return s;
        return null;
    }

    /// <summary>The models that are or derive from one of <paramref name="models"/>; <c>null</c> (no filter) when none are given.</summary>
    private static HashSet<string>? ModelsMatching(GraphSnapshot snapshot, IReadOnlyList<string> models)
    {
        if (models.Count == 0) return null;
        foreach (var m in models)
            if (!snapshot.Models.Contains(m))
                throw InsightParameters.Bad($"model='{m}' is not a model of this graph; GET /models lists them.");
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in snapshot.Models.Entries)
        {
            var id = entry.Interface.Id;
            if (models.Any(m => snapshot.Models.IsAssignableTo(id, m))) set.Add(id);
        }
        return set;
    }
}
