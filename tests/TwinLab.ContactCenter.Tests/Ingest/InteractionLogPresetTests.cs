using TwinLab.ContactCenter.Data;
using TwinLab.ContactCenter.Ingest;

namespace TwinLab.ContactCenter.Tests.Ingest;

public sealed class InteractionLogPresetTests
{
    // Rows in the form of the Anonymous Bank call-by-call data (tab separated, yymmdd dates, H:MM:SS times).
    private static readonly string AnonymousBank = LogFiles.Lines(
        "vru+line\tcall_id\tcustomer_id\tpriority\ttype\tdate\tvru_entry\tvru_exit\tvru_time\tq_start\tq_exit\tq_time\toutcome\tser_start\tser_exit\tser_time\tserver",
        "AA0101\t33116\t9664491\t2\tPS\t990101\t0:00:31\t0:00:36\t5\t0:00:36\t0:03:09\t153\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER",
        "AA0101\t33117\t0\t0\tPS\t990101\t0:34:12\t0:34:23\t11\t0:00:00\t0:00:00\t0\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER",
        "AA0101\t33118\t27997683\t2\tPS\t990101\t6:55:20\t6:55:26\t6\t6:55:26\t6:55:43\t17\tAGENT\t6:55:43\t6:56:37\t54\tMICHAL",
        "AA0101\t33120\t0\t0\tPS\t990101\t7:41:16\t7:41:26\t10\t0:00:00\t0:00:00\t0\tPHANTOM\t0:00:00\t0:00:00\t0\tNO_SERVER",
        "AA0101\t33121\t0\t0\tNW\t990101\t8:03:14\t8:03:20\t6\t8:03:20\t8:03:28\t8\tAGENT\t8:03:28\t8:05:57\t149\tANAT",
        "AA0101\t33122\t0\t0\tNW\t990101\t23:59:50\t23:59:55\t5\t23:59:55\t0:00:10\t15\tHANG\t0:00:00\t0:00:00\t0\tNO_SERVER");

    // Rows in the form of the 10-column 'Call Center' dataset.
    private static readonly string CallCenter = LogFiles.Lines(
        "Call Id,Agent,Date,Time,Topic,Answered (Y/N),Resolved,Speed of answer in seconds,AvgTalkDuration,Satisfaction rating",
        "ID0001,Diane,2021-01-01,9:12:58,Contract related,Y,Y,109,00:02:23,3",
        "ID0002,Becky,2021-01-01,9:12:58,Technical Support,Y,N,70,00:04:02,2",
        "ID0006,Becky,2021-01-01,10:00:29,Streaming,N,N,,,",
        "ID0007,Stewart,2021-01-01,10:11:15,Payment related,Y,Y,4,00:01:28,9");

    [Fact]
    public void Read_AnonymousBankPreset_ReadsCallsAndExcludesPhantomsAndVruCalls()
    {
        var result = LogFiles.Read(AnonymousBank, ColumnMap.AnonymousBank, name: "bank.txt");

        Assert.Equal((6, 4, 2), (result.RowsRead, result.RowsUsed, result.RowsExcluded));
        Assert.Equal([1, 3, 5, 6], result.Interactions.Select(i => i.Row));
        Assert.Collection(result.Problems.OrderBy(p => p.Row),
            p => Assert.Equal((2, "q_start"), (p.Row, p.Column)),
            p => Assert.Equal((4, "outcome", true), (p.Row, p.Column, p.Message.Contains("PHANTOM", StringComparison.Ordinal))));
    }

    [Fact]
    public void Read_AnonymousBankPreset_MapsOutcomesAgentsAndTimes()
    {
        var calls = LogFiles.Read(AnonymousBank, ColumnMap.AnonymousBank).Interactions;

        Assert.Equal(new Interaction(1, new DateTimeOffset(1999, 1, 1, 0, 0, 36, TimeSpan.Zero), Channel.Phone, "PS", 153, Outcome.Abandoned, null, null, null, null, null), calls[0]);
        Assert.Equal(new Interaction(3, new DateTimeOffset(1999, 1, 1, 6, 55, 26, TimeSpan.Zero), Channel.Phone, "PS", 17, Outcome.Answered, "MICHAL", 54, null, null, null), calls[1]);
        Assert.Equal((15.0, Outcome.Abandoned), (calls[3].WaitSeconds, calls[3].Outcome));
    }

    [Fact]
    public void Read_CallCenterPreset_ReadsAnsweredAndUnansweredCalls()
    {
        var result = LogFiles.Read(CallCenter, ColumnMap.Parse("call-center"));

        Assert.Equal((4, 3, 1), (result.RowsRead, result.RowsUsed, result.RowsExcluded));
        Assert.Equal(new Interaction(1, new DateTimeOffset(2021, 1, 1, 9, 12, 58, TimeSpan.Zero), Channel.Phone, "Contract related", 109, Outcome.Answered, "Diane", 143, true, null, 3), result.Interactions[0]);
        var unanswered = result.Interactions[2];
        Assert.Equal((Outcome.Abandoned, (string?)null, (double?)null, false), (unanswered.Outcome, unanswered.Agent, unanswered.HandleSeconds, unanswered.Resolved));
        Assert.True(double.IsNaN(unanswered.WaitSeconds));
        Assert.Contains(result.Notes, n => n.Contains("no wait time", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_CallCenterPreset_ReportsScoreOutsideTheScale()
    {
        var problem = Assert.Single(LogFiles.Read(CallCenter, ColumnMap.CallCenter).Problems);

        Assert.Equal((4, "Satisfaction rating"), (problem.Row, problem.Column));
        Assert.Equal("row 4, column 'Satisfaction rating': satisfaction 9 is outside the scale 1–5", problem.ToString());
    }

    [Fact]
    public void Read_CallCenterPresetWithoutCallId_StillReads()
    {
        var withoutId = string.Join("\n", CallCenter.Split('\n').Select(l => l.Contains(',') ? l[(l.IndexOf(',') + 1)..] : l));

        var result = LogFiles.Read(withoutId, ColumnMap.CallCenter);

        Assert.Equal(3, result.RowsUsed);
    }

    [Fact]
    public void Read_PresetWithOverride_UsesTheOverride()
    {
        var renamed = CallCenter.Replace("Topic", "Department", StringComparison.Ordinal);

        var result = LogFiles.Read(renamed, ColumnMap.Parse("call-center, queue=Department"));

        Assert.Equal("Contract related", result.Interactions[0].Queue);
    }

    [Fact]
    public void Read_AnonymousBankBadQueueStart_IsReportedOnce()
    {
        var lines = AnonymousBank.Split('\n');
        lines[3] = lines[3].Replace("\t6:55:26\t6:55:43", "\tlater\t6:55:43", StringComparison.Ordinal);

        var problem = Assert.Single(LogFiles.Read(string.Join("\n", lines), ColumnMap.AnonymousBank).Problems, p => p.Row == 3);

        Assert.Equal("q_start", problem.Column);
    }
}
