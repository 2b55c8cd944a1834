using System.Globalization;
using System.Text.RegularExpressions;
using TwinLab.Core.Errors;
using TwinLab.Health.Patients;
using TwinLab.Health.Pharmacology;

namespace TwinLab.Health.Ingest;

/// <summary>How to read health inputs.</summary>
/// <remarks>
/// Time zone: home monitors write wall-clock times without an offset. They are read as the person's local time in
/// <see cref="TimeZone"/> and stored with that zone's offset on the day (so summer time is honoured). The default is
/// UTC (offset 0), chosen because it does not depend on the machine the import runs on: morning and evening stay as the
/// monitor wrote them, only the absolute instant may be off by the person's real offset. Times that carry an offset
/// (ISO 8601 with <c>Z</c> or <c>+02:00</c>, FHIR) keep their instant; with a time zone given they are shown in it.
/// </remarks>
public sealed partial record HealthImportOptions
{
    /// <summary>The person's time zone for times without an offset; null for UTC (offset 0).</summary>
    public TimeZoneInfo? TimeZone { get; init; }

    /// <summary>How to read numeric dates; null to detect it from each file (an error when a file does not decide it).</summary>
    public DateOrder? DateOrder { get; init; }

    /// <summary>"Now" for the future-timestamp check; null for the system clock at the start of the import.</summary>
    public DateTimeOffset? Now { get; init; }

    /// <summary>The patient that CSV files given on their own belong to; null to attach them to the only patient in
    /// their folder or in the import.</summary>
    public string? PatientId { get; init; }

    /// <summary>
    /// Looks up a patient already stored, by id; null when there is no store. Readings given on their own for
    /// <see cref="PatientId"/> are then added to the stored profile — its conditions, labs, medication and earlier
    /// readings are kept, and a reading uploaded before is reported as a duplicate — instead of making a profile with
    /// only the new readings.
    /// </summary>
    public Func<string, PatientProfile?>? StoredProfile { get; init; }

    /// <summary>Where CSV readings were taken (home monitors by default).</summary>
    public ReadingSetting CsvSetting { get; init; } = ReadingSetting.Home;

    /// <summary>The drugs regimen texts may name; <see cref="DrugCatalogue.Default"/> when null.</summary>
    public DrugCatalogue? Catalogue { get; init; }

    /// <summary>
    /// Reads a time-zone option: an IANA or Windows id (<c>Europe/Berlin</c>), <c>UTC</c>, or a fixed offset
    /// (<c>+02:00</c>, <c>-0500</c>, <c>UTC+1</c>).
    /// </summary>
    /// <exception cref="TwinLabException">The text is neither a known zone nor an offset.</exception>
    public static TimeZoneInfo ParseTimeZone(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim();
        if (t.Equals("utc", StringComparison.OrdinalIgnoreCase) || t.Equals("z", StringComparison.OrdinalIgnoreCase)) return TimeZoneInfo.Utc;
        var m = OffsetPattern().Match(t);
        if (m.Success)
        {
            var hours = int.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture);
            var minutes = m.Groups["m"].Success ? int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture) : 0;
            var offset = new TimeSpan(hours, minutes, 0);
            if (m.Groups["sign"].Value == "-") offset = -offset;
            if (hours > 14 || minutes > 59)
                throw new TwinLabException(ErrorCodes.InvalidArgument, $"time zone '{text}': offsets run from -14:00 to +14:00");
            var name = "UTC" + (offset < TimeSpan.Zero ? "-" : "+") + offset.ToString(@"hh\:mm", CultureInfo.InvariantCulture);
            return TimeZoneInfo.CreateCustomTimeZone(name, offset, name, name);
        }
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(t);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"time zone '{text}' is not known; give an IANA id such as Europe/London or an offset such as +01:00");
        }
    }

    [GeneratedRegex(@"^(?:utc|gmt)?\s*(?<sign>[+-])(?<h>\d{1,2})(?::?(?<m>\d{2}))?$", RegexOptions.IgnoreCase)]
    private static partial Regex OffsetPattern();
}
