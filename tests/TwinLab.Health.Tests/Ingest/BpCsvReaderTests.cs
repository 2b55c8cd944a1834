using TwinLab.Health.Ingest;
using TwinLab.Health.Patients;

namespace TwinLab.Health.Tests.Ingest;

public sealed class BpCsvReaderTests
{
    private static readonly HealthImportOptions Options = new();

    public static TheoryData<string, string> Layouts => new()
    {
        {
            "omron",
            "Date,Time,Systolic (mmHg),Diastolic (mmHg),Pulse (bpm),Symptoms,Consumed,TruRead,Notes\n" +
            "13/01/2026,07:30,141,88,72,,,Off,\n14/01/2026,21:05,133,84,66,,,Off,\n"
        },
        {
            "withings",
            "\"Date\",\"Heart rate\",\"Systolic\",\"Diastolic\",\"Comments\"\n" +
            "\"2026-01-13 07:30:00\",\"72\",\"141\",\"88\",\"\"\n\"2026-01-14 21:05:00\",\"66\",\"133\",\"84\",\"after walk\"\n"
        },
        {
            "ihealth",
            "Date,Time,SYS(mmHg),DIA(mmHg),Pulse(bpm),Note\n01/13/2026,7:30 AM,141,88,72,\n01/14/2026,9:05 PM,133,84,66,\n"
        },
        {
            "qardio",
            "Date,Systolic,Diastolic,Pulse,Irregular heartbeat,Note\n\"Jan 13, 2026 7:30 AM\",141,88,72,No,\n\"Jan 14, 2026 9:05 PM\",133,84,66,No,\n"
        },
        {
            "generic",
            "timestamp,systolic,diastolic,pulse\n2026-01-13T07:30:00,141,88,72\n2026-01-14T21:05:00,133,84,66\n"
        },
        {
            "sys-dia-hr semicolon, decimal comma",
            "Datum;Uhrzeit;SYS;DIA;HR\n13.01.2026;07:30;141,0;88,0;72\n14.01.2026;21:05;133,0;84,0;66\n"
        },
        {
            "tab, unit suffixes, upper case",
            "MEASUREMENT DATE\tTIME\tSYSTOLIC MMHG\tDIASTOLIC MMHG\tHEART RATE BPM\n2026-01-13\t07:30\t141\t88\t72\n2026-01-14\t21:05\t133\t84\t66\n"
        },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Parse_MonitorLayout_ReadsEveryRow(string layout, string text)
    {
        var file = BpCsvReader.Parse(text, layout + ".csv", Options);

        Assert.Empty(file.Problems);
        Assert.Equal(2, file.Rows);
        Assert.Equal(2, file.Readings.Count);
        var first = file.Readings[0].Reading;
        Assert.Equal(new DateTimeOffset(2026, 1, 13, 7, 30, 0, TimeSpan.Zero), first.Time);
        Assert.Equal((141.0, 88.0, (double?)72.0), (first.Systolic, first.Diastolic, first.Pulse));
        var second = file.Readings[1].Reading;
        Assert.Equal(new DateTimeOffset(2026, 1, 14, 21, 5, 0, TimeSpan.Zero), second.Time);
        Assert.False(second.IsMorning);
        Assert.Equal(ReadingSetting.Home, second.Setting);
        Assert.Equal($"{layout}.csv:3", second.Source);
        Assert.Equal("row 3", file.Readings[1].Location);
    }

    [Fact]
    public void Parse_DayAboveTwelveFirst_DetectsDayFirstAndSaysSo()
    {
        var file = BpCsvReader.Parse("date,time,sys,dia\n05/01/2026,07:30,140,90\n13/01/2026,07:30,141,91\n", "d.csv", Options);

        Assert.Equal(new DateOnly(2026, 1, 5), file.Readings[0].Reading.Day);
        Assert.Contains(file.Notes, n => n.Contains("day first", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_DayAboveTwelveSecond_DetectsMonthFirst()
    {
        var file = BpCsvReader.Parse("date,time,sys,dia\n05/01/2026,7:30 AM,140,90\n01/13/2026,7:30 PM,141,91\n", "m.csv", Options);

        Assert.Equal(new DateOnly(2026, 5, 1), file.Readings[0].Reading.Day);
        Assert.Equal(19, file.Readings[1].Reading.Time.Hour);
        Assert.Contains(file.Notes, n => n.Contains("month first", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_NoDateDecidesOrder_ThrowsNamingTheAmbiguity()
    {
        var e = Assert.Throws<HealthInputException>(() =>
            BpCsvReader.Parse("date,time,sys,dia\n05/01/2026,07:30,140,90\n06/01/2026,07:30,141,91\n", "amb.csv", Options));

        Assert.Equal(2, e.Line);
        Assert.Contains("day/month order", e.Message, StringComparison.Ordinal);
        Assert.Contains("'05/01/2026'", e.Message, StringComparison.Ordinal);
        Assert.StartsWith("amb.csv:2:1: date:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_AmbiguousWithOrderOption_UsesTheOption()
    {
        var file = BpCsvReader.Parse("date,time,sys,dia\n05/01/2026,07:30,140,90\n", "amb.csv", Options with { DateOrder = DateOrder.MonthFirst });

        Assert.Equal(new DateOnly(2026, 5, 1), file.Readings[0].Reading.Day);
    }

    [Fact]
    public void Parse_DatesDisagreeAboutOrder_Throws()
    {
        var e = Assert.Throws<HealthInputException>(() =>
            BpCsvReader.Parse("date,time,sys,dia\n13/01/2026,07:30,140,90\n01/14/2026,07:30,141,91\n", "mixed.csv", Options));

        Assert.Contains("disagree", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BadDateAndBadNumber_ReportsRowsAndKeepsTheRest()
    {
        var text = "timestamp,systolic,diastolic,pulse\n2026-01-13 07:30,141,88,72\n2026-02-30 07:30,140,90,70\nyesterday,140,90,70\n2026-01-14 07:30,14x,90,70\n2026-01-15,140,90,70\n2026-01-16 07:30,,90,70\n";

        var file = BpCsvReader.Parse(text, "bad.csv", Options);

        Assert.Single(file.Readings);
        Assert.Equal(6, file.Rows);
        Assert.Equal(["row 3", "row 4", "row 5", "row 6", "row 7"], file.Problems.Select(p => p.Location));
        Assert.All(file.Problems, p => Assert.True(p.Excluded));
        Assert.Contains("not a valid date", file.Problems[0].Problem, StringComparison.Ordinal);
        Assert.Contains("'yesterday'", file.Problems[1].Problem, StringComparison.Ordinal);
        Assert.Contains("systolic '14x' is not a number", file.Problems[2].Problem, StringComparison.Ordinal);
        Assert.Contains("no time of day", file.Problems[3].Problem, StringComparison.Ordinal);
        Assert.Contains("systolic is empty", file.Problems[4].Problem, StringComparison.Ordinal);
        Assert.Equal("bad.csv: row 4: 'yesterday' is not a date this reader knows (ISO 8601 2026-01-05T07:30, 05/01/2026 07:30, 01/05/2026 7:30 AM, Jan 5, 2026 7:30 AM) (excluded)", file.Problems[1].ToString());
    }

    [Fact]
    public void Parse_NoSystolicColumn_ThrowsListingTheHeader()
    {
        var e = Assert.Throws<HealthInputException>(() => BpCsvReader.Parse("timestamp,upper_bp,diastolic\n2026-01-13 07:30,141,88\n", "h.csv", Options));

        Assert.Equal("systolic", e.Field);
        Assert.Contains("'upper_bp'", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TimeZoneOption_StoresTheZoneOffsetOfWallClockTimes()
    {
        var zone = HealthImportOptions.ParseTimeZone("+05:30");

        var file = BpCsvReader.Parse("timestamp,sys,dia\n2026-01-13 07:30,141,88\n2026-01-13T21:00:00Z,130,80\n", "tz.csv", Options with { TimeZone = zone });

        Assert.Equal(new DateTimeOffset(2026, 1, 13, 7, 30, 0, TimeSpan.FromMinutes(330)), file.Readings[0].Reading.Time);
        Assert.Equal(TimeSpan.FromMinutes(330), file.Readings[0].Reading.Time.Offset);
        // A time with an offset keeps its instant and is shown in the person's zone: 21:00Z is 02:30 the next day.
        Assert.Equal(new DateTimeOffset(2026, 1, 14, 2, 30, 0, TimeSpan.FromMinutes(330)), file.Readings[1].Reading.Time);
        Assert.True(file.Readings[1].Reading.IsMorning);
    }

    [Fact]
    public void Parse_NoTimeZone_WallClockAtOffsetZero()
    {
        var file = BpCsvReader.Parse("timestamp,sys,dia\n2026-07-13 07:30,141,88\n", "tz.csv", Options);

        Assert.Equal(TimeSpan.Zero, file.Readings[0].Reading.Time.Offset);
        Assert.Equal(7, file.Readings[0].Reading.Time.Hour);
    }

    [Theory]
    [InlineData("Europe/Not_A_Zone")]
    [InlineData("+15:00")]
    public void ParseTimeZone_Unknown_Throws(string text)
    {
        Assert.ThrowsAny<Exception>(() => HealthImportOptions.ParseTimeZone(text));
    }
}
