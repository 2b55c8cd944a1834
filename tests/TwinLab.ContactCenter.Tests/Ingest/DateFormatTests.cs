using TwinLab.ContactCenter.Ingest;

namespace TwinLab.ContactCenter.Tests.Ingest;

public sealed class DateFormatTests
{
    [Theory]
    [InlineData("2025-03-13T08:15:00Z", "2025-03-13T08:15:00+00:00")]
    [InlineData("2025-03-13T08:15:00.250+01:00", "2025-03-13T07:15:00.25+00:00")]
    [InlineData("2025-03-13 08:15:00", "2025-03-13T08:15:00+00:00")]
    [InlineData("2025-03-13 08:15", "2025-03-13T08:15:00+00:00")]
    [InlineData("2025/03/13 8:15:00", "2025-03-13T08:15:00+00:00")]
    [InlineData("13/03/2025 08:15", "2025-03-13T08:15:00+00:00")]
    [InlineData("13.03.2025 08:15:30", "2025-03-13T08:15:30+00:00")]
    [InlineData("20250313", "2025-03-13T00:00:00+00:00")]
    public void Read_CommonTimestampForms_AreAccepted(string text, string expected)
    {
        var result = LogFiles.Read(LogFiles.Lines("arrival,outcome,wait_seconds", $"{text},abandoned,5"));

        var interaction = Assert.Single(result.Interactions);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), interaction.Arrival);
    }

    [Fact]
    public void Read_CentreTimeZone_PutsUtcStampsOnTheCentresWallClockAcrossDst()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var csv = LogFiles.Lines("arrival,outcome,wait_seconds",
            "2025-03-28T08:00:05Z,abandoned,5",      // CET, UTC+1
            "2025-03-31T08:00:05Z,abandoned,5",      // CEST after the change on 30 March, UTC+2
            "2025-03-31 10:00:05,abandoned,5");      // no offset: read as Berlin time

        var result = LogFiles.Read(csv, options: new ImportOptions { TimeZone = berlin, CentreTimeZone = berlin });

        var arrivals = result.Interactions.Select(i => i.Arrival).ToArray();
        Assert.Equal([9, 10, 10], arrivals.Select(a => a.Hour));
        Assert.Equal([TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(2)], arrivals.Select(a => a.Offset));
        Assert.Equal(arrivals[1], arrivals[2]);                                 // the same instant, written two ways
    }

    [Fact]
    public void Read_UsDatesWithAmPm_AreDetectedAsMonthFirst()
    {
        var csv = LogFiles.Lines("arrival,outcome,wait_seconds", "3/4/2025 9:05:00 AM,abandoned,5", "3/13/2025 1:30:00 PM,abandoned,5");

        var result = LogFiles.Read(csv);

        Assert.Equal(
            [new DateTimeOffset(2025, 3, 4, 9, 5, 0, TimeSpan.Zero), new DateTimeOffset(2025, 3, 13, 13, 30, 0, TimeSpan.Zero)],
            result.Interactions.Select(i => i.Arrival));
        Assert.Contains(result.Notes, n => n.Contains("month first", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_DayAbove12AnywhereInTheFile_DecidesDayFirstForEveryRow()
    {
        var csv = LogFiles.Lines("arrival,outcome,wait_seconds", "03/04/2025 09:05,abandoned,5", "04/04/2025 09:05,abandoned,5", "25/04/2025 09:05,abandoned,5");

        var result = LogFiles.Read(csv);

        Assert.Equal(new DateTimeOffset(2025, 4, 3, 9, 5, 0, TimeSpan.Zero), result.Interactions[0].Arrival);
        Assert.Contains(result.Notes, n => n.Contains("day first", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_AmbiguousDatesOnly_AssumeDayFirstAndSaySo()
    {
        var result = LogFiles.Read(LogFiles.Lines("arrival,outcome,wait_seconds", "03/04/2025 09:05,abandoned,5"));

        Assert.Equal(new DateTimeOffset(2025, 4, 3, 9, 5, 0, TimeSpan.Zero), result.Interactions[0].Arrival);
        Assert.Contains(result.Notes, n => n.Contains("no date decides", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_DateOrderOption_OverridesDetection()
    {
        var result = LogFiles.Read(LogFiles.Lines("arrival,outcome,wait_seconds", "03/04/2025 09:05,abandoned,5"),
            options: new ImportOptions { DateOrder = DateOrder.MonthFirst });

        Assert.Equal(new DateTimeOffset(2025, 3, 4, 9, 5, 0, TimeSpan.Zero), result.Interactions[0].Arrival);
        Assert.DoesNotContain(result.Notes, n => n.Contains(" first", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_DatesDisagreeingWithTheMajority_AreReported()
    {
        var csv = LogFiles.Lines("arrival,outcome,wait_seconds",
            "13/03/2025 09:05,abandoned,5", "14/03/2025 09:05,abandoned,5", "03/15/2025 09:05,abandoned,5");

        var result = LogFiles.Read(csv);

        Assert.Equal(2, result.RowsUsed);
        var problem = Assert.Single(result.Problems);
        Assert.Equal((3, "arrival"), (problem.Row, problem.Column));
        Assert.Contains("month 15", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TimeOfDayWithoutADate_AsksForTheDateColumn()
    {
        var problem = Assert.Single(LogFiles.Read(LogFiles.Lines("arrival,outcome,wait_seconds", "09:05:00,abandoned,5")).Problems);

        Assert.Contains("map the date column", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("245", 245)]
    [InlineData("245.5", 245.5)]
    [InlineData("0:04:05", 245)]
    [InlineData("00:04:05", 245)]
    [InlineData("4:05", 245)]
    [InlineData("1:00:00", 3600)]
    [InlineData("PT4M5S", 245)]
    public void Read_DurationForms_AreSeconds(string text, double seconds)
    {
        var result = LogFiles.Read(LogFiles.Lines("arrival,outcome,wait_seconds", $"2025-03-03 09:00,abandoned,{text}"));

        Assert.Equal(seconds, Assert.Single(result.Interactions).WaitSeconds, 6);
    }

    [Theory]
    [InlineData("1:75")]
    [InlineData("ten")]
    public void Read_BadDuration_IsReported(string text) =>
        Assert.Equal("wait_seconds", Assert.Single(LogFiles.Read(LogFiles.Lines("arrival,outcome,wait_seconds", $"2025-03-03 09:00,abandoned,{text}")).Problems).Column);
}
