using System.Globalization;
using System.Text.Json;

namespace TwinLab.Sync.Mapping;

/// <summary>How a timestamp is written in the payload.</summary>
internal enum TimestampFormat
{
    /// <summary>Numbers are Unix seconds (or milliseconds when too large for seconds); text is ISO 8601.</summary>
    Auto,
    Iso,
    UnixSeconds,
    UnixMilliseconds,
    UnixMicroseconds,
    /// <summary>A .NET custom date format such as <c>M/d/yyyy h:mm tt</c>.</summary>
    Custom,
}

/// <summary>Where a message's timestamp comes from and how it is read; without one the received time is used.</summary>
internal sealed class TimestampSpec
{
    // Above this a number is taken for milliseconds, not seconds: 1e11 s is the year 5138, 1e11 ms is 1973.
    private const double MillisecondsThreshold = 1e11;

    public JsonPath? Path { get; init; }

    public Template? Template { get; init; }

    public TimestampFormat Format { get; init; }

    public string? CustomFormat { get; init; }

    /// <summary>The zone of times written without an offset; UTC when <c>null</c>.</summary>
    public TimeZoneInfo? Zone { get; init; }

    public bool Optional { get; init; }

    private string Source => Path?.Text ?? Template!.Text;

    public DateTimeOffset Evaluate(in MappingContext context)
    {
        string text;
        if (Path is not null)
        {
            if (!context.TryEvaluate(Path, out var value))
                return Optional ? context.Received : throw context.Missing("timestamp", Path);
            if (value.ValueKind == JsonValueKind.Number)
                return FromNumber(value.GetDouble(), context);
            if (value.ValueKind != JsonValueKind.String)
                throw context.Error("timestamp", $"{Source} is {Template.Describe(value)}, not a time");
            text = value.GetString()!.Trim();
        }
        else
        {
            if (!Template!.TryRender(context, out text))
                return Optional ? context.Received : throw context.Error("timestamp", $"{Source}: a value is missing in the payload");
            text = text.Trim();
        }
        if (Format is not (TimestampFormat.Iso or TimestampFormat.Custom)
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            return FromNumber(number, context);
        return FromText(text, context);
    }

    private DateTimeOffset FromNumber(double number, in MappingContext context)
    {
        var format = Format;
        if (format is TimestampFormat.Iso or TimestampFormat.Custom)
            throw context.Error("timestamp", $"{Source} is the number {number.ToString(CultureInfo.InvariantCulture)}, not a time in the format {Describe()}");
        if (format == TimestampFormat.Auto)
            format = Math.Abs(number) < MillisecondsThreshold ? TimestampFormat.UnixSeconds : TimestampFormat.UnixMilliseconds;
        var ms = format switch
        {
            TimestampFormat.UnixSeconds => number * 1000,
            TimestampFormat.UnixMilliseconds => number,
            _ => number / 1000,
        };
        // DateTimeOffset spans years 1 to 9999: Unix milliseconds from -62 135 596 800 000 to 253 402 300 799 999.
        if (!double.IsFinite(ms) || ms < -62_135_596_800_000 || ms > 253_402_300_799_999)
            throw context.Error("timestamp", $"{Source} is {number.ToString(CultureInfo.InvariantCulture)}, out of range for {Describe()}");
        return DateTimeOffset.UnixEpoch.AddTicks((long)Math.Round(ms * TimeSpan.TicksPerMillisecond));
    }

    private DateTimeOffset FromText(string text, in MappingContext context)
    {
        if (Format is TimestampFormat.UnixSeconds or TimestampFormat.UnixMilliseconds or TimestampFormat.UnixMicroseconds)
            throw context.Error("timestamp", $"{Source} is '{text}', not a number of {Describe()}");
        if (Format == TimestampFormat.Custom)
        {
            var format = CustomFormat!;
            if (format.Contains('z') || format.Contains('K'))
            {
                if (DateTimeOffset.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var withOffset))
                    return withOffset;
            }
            else if (DateTime.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
                return InZone(local);
            throw context.Error("timestamp", $"{Source} is '{text}', which does not match the format '{format}'");
        }
        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed))
        {
            if (parsed.Kind == DateTimeKind.Unspecified) return InZone(parsed);
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var dto)) return dto;
        }
        throw context.Error("timestamp", $"{Source} is '{text}', not an ISO 8601 time (such as 2026-11-24T09:00:00Z)");
    }

    private DateTimeOffset InZone(DateTime local)
    {
        var zone = Zone ?? TimeZoneInfo.Utc;
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified));
    }

    private string Describe() => Format switch
    {
        TimestampFormat.UnixSeconds => "Unix seconds",
        TimestampFormat.UnixMilliseconds => "Unix milliseconds",
        TimestampFormat.UnixMicroseconds => "Unix microseconds",
        TimestampFormat.Iso => "ISO 8601",
        TimestampFormat.Custom => $"'{CustomFormat}'",
        _ => "a time",
    };
}
