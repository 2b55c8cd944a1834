using TwinLab.ContactCenter.Data;
using TwinLab.ContactCenter.Ingest;

namespace TwinLab.ContactCenter.Tests.Ingest;

public sealed class InteractionLogDefaultLayoutTests
{
    private static readonly string Sample = LogFiles.Lines(
        LogFiles.DefaultHeader,
        "2025-03-03 08:00:12,phone,billing,12,answered,A1,245,yes,no,4",
        "2025-03-03 08:01:00,chat,tech,30,abandoned,,,,no,",
        "2025-03-03T08:02:00+01:00,email,billing,3600,answered,A2,600.5,no,yes,",
        "2025-03-03T08:03:00Z,Phone,tech,0:00:05,callback,A3,0:03:20,Y,N,5");

    [Fact]
    public void Read_DefaultLayout_ReadsEveryField()
    {
        var result = LogFiles.Read(Sample);

        Assert.Equal((4, 4, 0), (result.RowsRead, result.RowsUsed, result.RowsExcluded));
        Assert.Empty(result.Problems);
        Assert.Equal(
            new Interaction(1, new DateTimeOffset(2025, 3, 3, 8, 0, 12, TimeSpan.Zero), Channel.Phone, "billing", 12, Outcome.Answered, "A1", 245, true, false, 4),
            result.Interactions[0]);
        Assert.Equal(
            new Interaction(2, new DateTimeOffset(2025, 3, 3, 8, 1, 0, TimeSpan.Zero), Channel.Chat, "tech", 30, Outcome.Abandoned, null, null, null, false, null),
            result.Interactions[1]);
    }

    [Fact]
    public void Read_TimesWithOffsets_KeepTheirOffset()
    {
        var result = LogFiles.Read(Sample);

        Assert.Equal(new DateTimeOffset(2025, 3, 3, 7, 2, 0, TimeSpan.Zero), result.Interactions[2].Arrival);
        Assert.Equal(TimeSpan.FromHours(1), result.Interactions[2].Arrival.Offset);
        Assert.Equal(600.5, result.Interactions[2].HandleSeconds);
    }

    [Fact]
    public void Read_ClockDurationsAndCapitalisedWords_AreAccepted()
    {
        var callback = LogFiles.Read(Sample).Interactions[3];

        Assert.Equal((Channel.Phone, Outcome.Callback, 5.0, 200.0), (callback.Channel, callback.Outcome, callback.WaitSeconds, callback.HandleSeconds!.Value));
        Assert.Equal((true, false), (callback.Resolved, callback.RepeatContact));
    }

    [Fact]
    public void Read_TimeZoneOption_AppliesOnlyToTimesWithoutOffset()
    {
        var paris = TimeZoneInfo.CreateCustomTimeZone("test+2", TimeSpan.FromHours(2), "test+2", "test+2");

        var result = LogFiles.Read(Sample, options: new ImportOptions { TimeZone = paris });

        Assert.Equal(new DateTimeOffset(2025, 3, 3, 6, 0, 12, TimeSpan.Zero), result.Interactions[0].Arrival);
        Assert.Equal(new DateTimeOffset(2025, 3, 3, 8, 3, 0, TimeSpan.Zero), result.Interactions[3].Arrival);
    }

    [Fact]
    public void Read_SemicolonSeparatedWithOtherHeaderSpelling_IsDetected()
    {
        var csv = LogFiles.Lines(
            "Arrival Time;Media;Skill;Wait;Status;Agent ID;AHT;FCR;Repeat Contact;CSAT",
            "2025-03-03 08:00:12;voice;billing;12;handled;A1;245;1;0;4");

        var result = LogFiles.Read(csv);

        Assert.Equal(1, result.RowsUsed);
        Assert.Equal((Channel.Phone, "billing", Outcome.Answered, "A1"), (result.Interactions[0].Channel, result.Interactions[0].Queue, result.Interactions[0].Outcome, result.Interactions[0].Agent));
    }

    [Fact]
    public void Read_NoChannelOrQueueColumn_UsesDefaultsAndSaysSo()
    {
        var csv = LogFiles.Lines("arrival,wait_seconds,outcome,agent,handle_seconds", "2025-03-03 08:00:12,3,answered,A1,120");

        var result = LogFiles.Read(csv, options: new ImportOptions { DefaultChannel = Channel.Chat, DefaultQueue = "all" });

        Assert.Equal((Channel.Chat, "all"), (result.Interactions[0].Channel, result.Interactions[0].Queue));
        Assert.Contains(result.Notes, n => n.Contains("no channel column", StringComparison.Ordinal));
        Assert.Contains(result.Notes, n => n.Contains("no queue column", StringComparison.Ordinal));
    }

    [Fact]
    public void Write_ThenRead_GivesTheSameInteractions()
    {
        var original = LogFiles.Read(Sample).Interactions;
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "copy.csv");

        InteractionLog.Write(original, path);
        var copy = InteractionLog.Read(path);

        Assert.Equal(original, copy.Interactions);
        Assert.StartsWith(string.Join(",", InteractionLog.DefaultColumns) + "\n", File.ReadAllText(path), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingFile_FailsNamingIt()
    {
        var e = Assert.Throws<TwinLab.Core.Errors.TwinLabException>(() => InteractionLog.Read("/nonexistent/contacts.csv"));

        Assert.Contains("/nonexistent/contacts.csv", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EmptyFile_FailsAskingForAHeader()
    {
        var e = Assert.Throws<TwinLab.Core.Errors.TwinLabException>(() => LogFiles.Read(""));

        Assert.Contains("header", e.Message, StringComparison.Ordinal);
    }
}
