using System.Globalization;
using TwinLab.ContactCenter.Data;

namespace TwinLab.ContactCenter.Ingest;

/// <summary>An interaction as the fields of the default layout.</summary>
internal static class InteractionText
{
    public static string[] Fields(Interaction i) =>
    [
        Time(i.Arrival),
        i.Channel.ToString().ToLowerInvariant(),
        i.Queue,
        double.IsNaN(i.WaitSeconds) ? "" : Number(i.WaitSeconds),
        i.Outcome.ToString().ToLowerInvariant(),
        i.Agent ?? "",
        i.HandleSeconds is { } h ? Number(h) : "",
        Flag(i.Resolved),
        Flag(i.RepeatContact),
        i.Satisfaction is { } s ? Number(s) : "",
    ];

    /// <summary>UTC times without an offset (what the reader assumes by default), others in ISO 8601 with theirs.</summary>
    public static string Time(DateTimeOffset t) => t.Offset == TimeSpan.Zero
        ? t.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)
        : t.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    public static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Flag(bool? value) => value switch { true => "yes", false => "no", null => "" };
}
