namespace TwinLab.ContactCenter.Ingest;

/// <summary>A date, a time of day, or both, as written in a log; an offset when the text had one.</summary>
internal readonly record struct ParsedTime(DateOnly? Date, TimeSpan? TimeOfDay, TimeSpan? Offset)
{
    /// <summary>Midnight written as a bare time (0:00:00): the Anonymous Bank data's "no such event".</summary>
    public bool IsBareMidnight => Date is null && TimeOfDay == TimeSpan.Zero;
}
