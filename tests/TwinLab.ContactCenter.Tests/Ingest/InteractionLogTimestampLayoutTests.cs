using TwinLab.ContactCenter.Data;
using TwinLab.ContactCenter.Ingest;

namespace TwinLab.ContactCenter.Tests.Ingest;

public sealed class InteractionLogTimestampLayoutTests
{
    [Fact]
    public void Read_QueueEntryAndExit_GiveArrivalAndWait()
    {
        var csv = LogFiles.Lines(
            "queue_entry,queue_exit,channel,queue,outcome,agent,talk,hold,wrapup",
            "2025-03-03 09:00:00,2025-03-03 09:00:45,phone,billing,answered,A1,200,30,45",
            "2025-03-03 09:01:00,2025-03-03 09:03:30,phone,billing,abandoned,,,,");

        var result = LogFiles.Read(csv);

        Assert.Equal(2, result.RowsUsed);
        var answered = result.Interactions[0];
        Assert.Equal(new DateTimeOffset(2025, 3, 3, 9, 0, 0, TimeSpan.Zero), answered.Arrival);
        Assert.Equal(45, answered.WaitSeconds);
        Assert.Equal(275, answered.HandleSeconds);
        Assert.Equal(150, result.Interactions[1].WaitSeconds);
    }

    [Fact]
    public void Read_ServiceStartAndEnd_GiveHandleTime()
    {
        var csv = LogFiles.Lines(
            "arrival,queue_entry,queue_exit,service_start,service_end,channel,queue,outcome,agent",
            "2025-03-03 09:00:00,2025-03-03 09:00:05,2025-03-03 09:00:20,2025-03-03 09:00:20,2025-03-03 09:05:20,chat,tech,answered,A1");

        var result = LogFiles.Read(csv);

        Assert.Equal((15.0, 300.0), (result.Interactions[0].WaitSeconds, result.Interactions[0].HandleSeconds!.Value));
        Assert.Equal(new DateTimeOffset(2025, 3, 3, 9, 0, 0, TimeSpan.Zero), result.Interactions[0].Arrival);
    }

    [Fact]
    public void Read_TimesOfDayOnADateColumn_CrossMidnight()
    {
        var csv = LogFiles.Lines(
            "date,queue_entry,queue_exit,channel,queue,outcome",
            "2025-03-03,23:59:50,00:00:20,phone,billing,abandoned");

        var result = LogFiles.Read(csv);

        Assert.Equal(30, result.Interactions[0].WaitSeconds);
        Assert.Equal(new DateTimeOffset(2025, 3, 3, 23, 59, 50, TimeSpan.Zero), result.Interactions[0].Arrival);
    }

    [Fact]
    public void Read_ExitBeforeEntry_IsANegativeWait()
    {
        var csv = LogFiles.Lines(
            "queue_entry,queue_exit,channel,queue,outcome",
            "2025-03-03 09:00:30,2025-03-03 09:00:00,phone,billing,abandoned");

        var result = LogFiles.Read(csv);

        var problem = Assert.Single(result.Problems);
        Assert.Equal((1, "queue_exit"), (problem.Row, problem.Column));
        Assert.Contains("negative wait", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WaitContradictingTimestamps_IsReported()
    {
        var csv = LogFiles.Lines(
            "queue_entry,queue_exit,wait_seconds,channel,queue,outcome",
            "2025-03-03 09:00:00,2025-03-03 09:01:00,20,phone,billing,abandoned");

        var problem = Assert.Single(LogFiles.Read(csv).Problems);

        Assert.Equal("wait_seconds", problem.Column);
        Assert.Contains("contradicts", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ServiceEndBeforeStart_IsANegativeHandleTime()
    {
        var csv = LogFiles.Lines(
            "arrival,service_start,service_end,channel,queue,outcome,agent",
            "2025-03-03 09:00:00,2025-03-03 09:01:00,2025-03-03 09:00:00,phone,billing,answered,A1");

        var problem = Assert.Single(LogFiles.Read(csv).Problems);

        Assert.Equal("service_end", problem.Column);
        Assert.Contains("negative handle time", problem.Message, StringComparison.Ordinal);
    }
}
