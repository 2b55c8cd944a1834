using System.Globalization;

namespace TwinLab.ContactCenter.Ingest;

/// <summary>
/// One row's fields, read as typed values. A value that does not read is reported against its column and comes back
/// as null, so the row can go on being checked and every problem of the row is reported at once.
/// </summary>
internal sealed class RowValues(HeaderBinding binding, ImportOptions options, DateOrder order, int row, string[] fields, List<RowProblem> problems)
{
    private readonly int _first = problems.Count;

    public int Row => row;

    public HeaderBinding Binding => binding;

    public string? Text(LogField field)
    {
        if (!binding.Has(field)) return null;
        var i = binding.Index(field);
        if (i >= fields.Length) return null;
        var text = fields[i].Trim();
        return Vocabulary.IsMissing(text) ? null : text;
    }

    /// <summary>Reports a problem once: two fields read from one column (arrival and queue entry) would repeat it.</summary>
    public void Problem(LogField field, string message)
    {
        var problem = new RowProblem(row, binding.Column(field), message);
        for (var i = _first; i < problems.Count; i++)
            if (problems[i] == problem) return;
        problems.Add(problem);
    }

    /// <summary>A duration in seconds; negative ones are reported.</summary>
    public double? Duration(LogField field)
    {
        if (Text(field) is not { } text) return null;
        if (!DurationText.TryParse(text, out var seconds))
        {
            Problem(field, $"'{text}' is not a duration ({DurationText.Examples})");
            return null;
        }
        if (seconds < 0)
        {
            Problem(field, $"negative duration ({Format(seconds)} s)");
            return null;
        }
        return seconds;
    }

    public double? Number(LogField field)
    {
        if (Text(field) is not { } text) return null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)) return value;
        Problem(field, $"'{text}' is not a number");
        return null;
    }

    public bool? Flag(LogField field)
    {
        if (Text(field) is not { } text) return null;
        if (Vocabulary.TryFlag(text, out var value)) return value;
        Problem(field, $"'{text}' is not yes or no (Y/N, true/false, 1/0)");
        return null;
    }

    public ParsedTime? Time(LogField field)
    {
        if (Text(field) is not { } text) return null;
        if (TimestampText.TryParse(text, order, out var value, out var error)) return value;
        Problem(field, error);
        return null;
    }

    /// <summary>A point in time; a bare time of day takes the row's <paramref name="date"/>.</summary>
    public (DateTimeOffset Value, bool TimeOnly)? Instant(LogField field, ParsedTime? parsed, DateOnly? date)
    {
        if (parsed is not { } p) return null;
        var day = p.Date ?? date;
        if (day is null)
        {
            Problem(field, $"'{Text(field)}' is a time of day and the row has no date; map the date column (date=<column>)");
            return null;
        }
        var local = day.Value.ToDateTime(TimeOnly.FromTimeSpan(p.TimeOfDay ?? TimeSpan.Zero));
        if (options.CentreTimeZone is { } centre)
        {
            var at = p.Offset is { } given ? TimeZoneInfo.ConvertTime(new DateTimeOffset(local, given), centre) : new DateTimeOffset(local, centre.GetUtcOffset(local));
            return (at, p.Date is null);
        }
        var offset = p.Offset ?? options.TimeZone.GetUtcOffset(local);
        return (new DateTimeOffset(local, offset), p.Date is null);
    }

    public static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
