namespace TwinLab.ContactCenter.Ingest;

/// <summary>
/// The names users write for <see cref="LogField"/>s in a column map, and the header names recognised without one.
/// Header names are compared after <see cref="Normalize"/>, so "Satisfaction rating", "satisfaction_rating" and
/// "SatisfactionRating" are the same column.
/// </summary>
internal static class LogFields
{
    private static readonly string[] Names =
    [
        "id", "date", "arrival", "channel", "queue", "wait_seconds", "queue_entry", "queue_exit", "outcome", "answered",
        "agent", "handle_seconds", "talk", "hold", "wrapup", "service_start", "service_end", "resolved", "repeat", "satisfaction",
    ];

    private static readonly string[][] Aliases =
    [
        ["id", "contact_id", "interaction_id", "call_id"],
        ["date"],
        ["arrival", "arrival_time", "arrived", "timestamp"],
        ["channel", "media", "media_type"],
        ["queue", "skill", "topic"],
        ["wait_seconds", "wait", "wait_time", "queue_seconds"],
        ["queue_entry", "queue_start", "entered_queue"],
        ["queue_exit", "queue_end", "left_queue"],
        ["outcome", "result", "disposition", "status"],
        ["answered"],
        ["agent", "agent_id"],
        ["handle_seconds", "handle", "handle_time", "aht"],
        ["talk", "talk_seconds", "talk_time"],
        ["hold", "hold_seconds", "hold_time"],
        ["wrapup", "wrap_up", "wrapup_seconds", "after_call_work", "acw"],
        ["service_start", "answered_at"],
        ["service_end", "service_exit", "ended_at"],
        ["resolved", "fcr"],
        ["repeat", "repeat_contact"],
        ["satisfaction", "csat", "satisfaction_score", "satisfaction_rating"],
    ];

    public static IReadOnlyList<LogField> All { get; } = Enum.GetValues<LogField>();

    /// <summary>Every field name, in the order of <see cref="LogField"/>.</summary>
    public static IReadOnlyList<string> AllNames { get; } = Names;

    public static string Name(LogField field) => Names[(int)field];

    public static bool TryParse(string name, out LogField field)
    {
        var key = Normalize(name);
        for (var i = 0; i < Names.Length; i++)
        {
            if (Normalize(Names[i]) != key) continue;
            field = (LogField)i;
            return true;
        }
        field = default;
        return false;
    }

    /// <summary>Whether a header name, normalised, is one the field is found under without a map.</summary>
    public static bool IsAlias(LogField field, string normalizedHeader) =>
        Aliases[(int)field].Any(a => Normalize(a) == normalizedHeader);

    /// <summary>Lower-case letters and digits only: spelling differences in headers should not matter.</summary>
    public static string Normalize(string name)
    {
        Span<char> buffer = stackalloc char[Math.Min(name.Length, 256)];
        var n = 0;
        foreach (var c in name)
        {
            if (n == buffer.Length) break;
            if (char.IsLetterOrDigit(c)) buffer[n++] = char.ToLowerInvariant(c);
        }
        return new string(buffer[..n]);
    }

    /// <summary>Fields whose values are points in time (a date, a time of day, or both).</summary>
    public static bool IsTime(LogField field) =>
        field is LogField.Date or LogField.Arrival or LogField.QueueEntry or LogField.QueueExit or LogField.ServiceStart or LogField.ServiceEnd;
}
