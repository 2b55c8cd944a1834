using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TwinLab.Core.History;
using TwinLab.Core.Twins;

namespace TwinLab.Core.Erasure;

/// <summary>
/// What a purge erases: a set of twins and the other names they go by. Every store decides with it which of its events,
/// snapshots, idempotency keys and documents carry a trace of them, so the stores agree on what a purge means.
/// </summary>
/// <remarks>
/// <para>A text <em>names</em> a twin when the twin's id appears in it as a whole token: not preceded or followed by a
/// letter, digit, <c>-</c> or <c>_</c>. So <c>patient-maria</c> is named by <c>{"twin":"patient-maria"}</c> and
/// <c>patient-maria/systolic</c>, but not by <c>patient-maria-bp</c> (another twin, which a cascading purge names
/// itself). The id is also looked for in its JSON-escaped form, as a stored document holds it.</para>
/// <para>Aliases (such as a patient twin's <c>patientId</c>, under which the health domain keys the patient's profile and
/// calibration documents) are matched against document ids only: a short alias such as <c>maria</c> in a document body
/// is too likely to mean something else.</para>
/// </remarks>
public sealed class PurgeScope
{
    private readonly string[] _idForms;
    private readonly string[] _aliases;

    /// <summary>A scope over <paramref name="twinIds"/>, with document-id <paramref name="aliases"/>.</summary>
    public PurgeScope(IEnumerable<string> twinIds, IEnumerable<string>? aliases = null)
    {
        TwinIds = twinIds.ToHashSet(StringComparer.Ordinal);
        if (TwinIds.Count == 0) throw new ArgumentException("A purge needs at least one twin id.", nameof(twinIds));
        _idForms = [.. TwinIds.SelectMany(id => new[] { id, JsonSerializer.Serialize(id)[1..^1] }).Distinct(StringComparer.Ordinal)];
        _aliases = [.. (aliases ?? []).Where(a => a.Length > 0 && !TwinIds.Contains(a)).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The twins erased.</summary>
    public IReadOnlySet<string> TwinIds { get; }

    /// <summary>Other names of the twins, matched against document ids.</summary>
    public IReadOnlyList<string> Aliases => _aliases;

    /// <summary>The forms of each id looked for in raw text: the id, and its JSON-escaped form where that differs.</summary>
    public IReadOnlyList<string> IdForms => _idForms;

    /// <summary>The hash that names a purged twin in the purge's record: SHA-256 of its UTF-8 id, in hex. It lets an
    /// auditor who knows an id check that it was purged; it does not hide an id that can be guessed from a list.</summary>
    public static string HashOf(string twinId) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(twinId)));

    /// <summary>Whether <paramref name="text"/> names one of the twins (see the remarks).</summary>
    public bool Names(string? text)
    {
        if (string.IsNullOrEmpty(text)) return false;
        foreach (var form in _idForms)
            if (ContainsToken(text, form)) return true;
        return false;
    }

    /// <summary>Whether a stored document is about the twins: its id names a twin or an alias, or its body names a twin.</summary>
    public bool NamesDocument(string id, string json)
    {
        if (Names(id)) return true;
        foreach (var alias in _aliases)
            if (ContainsToken(id, alias)) return true;
        return Names(json);
    }

    /// <summary>Whether a relationship starts or ends at one of the twins.</summary>
    public bool Touches(Relationship relationship) => TwinIds.Contains(relationship.SourceId) || TwinIds.Contains(relationship.TargetId);

    /// <summary>What a purge does to an event that touches <paramref name="eventTwins"/> (the twins its index lists).</summary>
    /// <param name="type">The event type.</param>
    /// <param name="eventTwins">The twins the event touches.</param>
    /// <returns><see cref="EventVerdict.Keep"/> when it touches none of the twins; <see cref="EventVerdict.Trim"/> for a
    /// telemetry event that also appended points to other twins (only the erased twins' points and names go);
    /// otherwise <see cref="EventVerdict.Erase"/>: it becomes a <see cref="ContentErased"/> event.</returns>
    public EventVerdict Judge(string type, IReadOnlyCollection<string> eventTwins)
    {
        var touched = eventTwins.Count(TwinIds.Contains);
        if (touched == 0) return EventVerdict.Keep;
        return type == nameof(TelemetryAppended) && touched < eventTwins.Count ? EventVerdict.Trim : EventVerdict.Erase;
    }

    /// <summary>The twins of a telemetry event that a purge keeps.</summary>
    public IReadOnlyList<string> Remaining(IEnumerable<string> eventTwins) => [.. eventTwins.Where(t => !TwinIds.Contains(t))];

    /// <summary><paramref name="snapshot"/> without the twins and every relationship from or to them.</summary>
    public GraphSnapshot Without(GraphSnapshot snapshot)
    {
        var replayer = new TwinGraphReplayer(snapshot);
        foreach (var id in TwinIds)
        {
            foreach (var r in snapshot.OutgoingOf(id).Concat(snapshot.IncomingOf(id)).ToArray())
                replayer.Apply(new RelationshipDeleted(r.SourceId, r.Id));
            replayer.Apply(new TwinDeleted(id));
        }
        return replayer.ToSnapshot(snapshot.Version);
    }

    /// <summary>A stored snapshot's twins and relationships without the twins and their relationships.</summary>
    public StoredSnapshot Without(StoredSnapshot snapshot) => snapshot with
    {
        Twins = [.. snapshot.Twins.Where(t => !TwinIds.Contains(t.Id))],
        Relationships = [.. snapshot.Relationships.Where(r => !Touches(r))],
    };

    private static bool ContainsToken(string text, string token)
    {
        for (var at = text.IndexOf(token, StringComparison.Ordinal); at >= 0; at = text.IndexOf(token, at + 1, StringComparison.Ordinal))
        {
            var end = at + token.Length;
            if ((at == 0 || !IsIdChar(text[at - 1])) && (end == text.Length || !IsIdChar(text[end]))) return true;
        }
        return false;
    }

    private static bool IsIdChar(char c) => char.IsLetterOrDigit(c) || c is '-' or '_';
}

/// <summary>What a purge does to one event.</summary>
public enum EventVerdict
{
    /// <summary>The event does not touch the purged twins.</summary>
    Keep,
    /// <summary>A telemetry event that also appended points to other twins: the purged twins' points and names are removed.</summary>
    Trim,
    /// <summary>The event becomes a <see cref="ContentErased"/> tombstone.</summary>
    Erase,
}
