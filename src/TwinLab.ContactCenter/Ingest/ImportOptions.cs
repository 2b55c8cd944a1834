using TwinLab.ContactCenter.Data;

namespace TwinLab.ContactCenter.Ingest;

/// <summary>How to read an interaction log beyond its column layout.</summary>
public sealed record ImportOptions
{
    /// <summary>How to read day/month-ambiguous dates; <see cref="Ingest.DateOrder.Auto"/> looks at the whole file.</summary>
    public DateOrder DateOrder { get; init; } = DateOrder.Auto;

    /// <summary>The time zone of times written without an offset (those with one, or 'Z', keep theirs unless
    /// <see cref="CentreTimeZone"/> is set).</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>The centre's own time zone, when set: times written without an offset are read in it, and times with
    /// one (a log stamped in UTC) are converted to its wall clock, so arrivals fall into the centre's local intervals
    /// and opening hours, across daylight-saving changes too.</summary>
    public TimeZoneInfo? CentreTimeZone { get; init; }

    /// <summary>The lowest satisfaction score of the survey scale.</summary>
    public double SatisfactionMin { get; init; } = 1;

    /// <summary>The highest satisfaction score of the survey scale.</summary>
    public double SatisfactionMax { get; init; } = 5;

    /// <summary>The channel of every contact when the log has no channel column (public phone datasets).</summary>
    public Channel DefaultChannel { get; init; } = Channel.Phone;

    /// <summary>The queue of every contact when the log has no queue column.</summary>
    public string DefaultQueue { get; init; } = "default";

    /// <summary>How far, in seconds, a recorded wait or handle time may differ from the difference of the recorded
    /// timestamps before the row counts as contradicting itself (logs round to whole seconds).</summary>
    public double ToleranceSeconds { get; init; } = 1.5;

    /// <summary>The separator, or null to detect it (',', ';', tab or '|').</summary>
    public char? Separator { get; init; }

    /// <summary>At most this many problems are listed (all are counted), so a broken file cannot exhaust memory.</summary>
    public int MaxProblemsListed { get; init; } = 10_000;
}
