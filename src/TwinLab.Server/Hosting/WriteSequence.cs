using TwinLab.Core.Application;

namespace TwinLab.Server.Hosting;

/// <summary>
/// The <c>TwinLab-Sequence</c> response header of a write (TwinLab extension): <c>FIRST-LAST</c>, the sequence numbers of
/// the history events it appended (<c>LAST</c> below <c>FIRST</c> when it changed nothing), with <c>; duplicate</c> when
/// its idempotency key was already applied and the numbers are those of that earlier write.
/// </summary>
/// <remarks>ETags name the sequence number of a twin's or relationship's last change, but a delete, a model upload or
/// telemetry answers without one; the header lets a client (such as <c>twinlab --server</c>) report every write as it
/// does on a local database.</remarks>
public static class WriteSequence
{
    /// <summary>The header's name.</summary>
    public const string Header = "TwinLab-Sequence";

    /// <summary>Sets the header on <paramref name="http"/>'s response from <paramref name="outcome"/> and returns it.</summary>
    public static WriteOutcome<T> Recorded<T>(this WriteOutcome<T> outcome, HttpContext http)
    {
        http.Response.Headers[Header] = Format(outcome.FirstSequence, outcome.LastSequence, outcome.Duplicate);
        return outcome;
    }

    /// <summary>The header's value.</summary>
    public static string Format(long first, long last, bool duplicate) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{first}-{last}{(duplicate ? "; duplicate" : "")}");
}
