using TwinLab.ContactCenter.Ingest;

namespace TwinLab.ContactCenter.Tests.Ingest;

/// <summary>Every validation rule: the bad row (row 2) is excluded and reported with its column; rows 1 and 3 are kept.</summary>
public sealed class InteractionLogValidationTests
{
    private const string Good1 = "2025-03-03 08:00:12,phone,billing,12,answered,A1,245,yes,no,4";
    private const string Good3 = "2025-03-03 08:10:00,chat,tech,30,abandoned,,,,no,";

    [Theory]
    [InlineData("2025-03-03 08:05:00,phone,billing,-5,abandoned,,,,,", "wait_seconds", "negative duration (-5 s)")]
    [InlineData("2025-03-03 08:05:00,phone,billing,5,answered,A1,-30,yes,,", "handle_seconds", "negative duration")]
    [InlineData("2025-03-03 08:05:00,phone,billing,5,answered,A1,,yes,,", "handle_seconds", "answered but has no handle time")]
    [InlineData("2025-03-03 08:05:00,phone,billing,5,answered,A1,0,yes,,", "handle_seconds", "answered but has no handle time")]
    [InlineData("2025-03-03 08:05:00,phone,billing,5,abandoned,,120,,,", "handle_seconds", "abandoned but has a handle time of 120 s")]
    [InlineData("2025-03-03 08:05:00,phone,billing,5,abandoned,A7,,,,", "agent", "abandoned but names agent 'A7'")]
    [InlineData("2025-03-03 08:05:00,phone,billing,5,abandoned,,,yes,,", "resolved", "abandoned but marked resolved")]
    [InlineData("2025-03-03 08:05:00,fax,billing,5,answered,A1,60,yes,,", "channel", "'fax' is not a channel")]
    [InlineData("2025-03-03 08:05:00,phone,billing,5,maybe,A1,60,yes,,", "outcome", "'maybe' is not an outcome")]
    [InlineData("2025-03-03 08:05:00,phone,billing,5,answered,A1,60,yes,,7", "satisfaction", "satisfaction 7 is outside the scale 1–5")]
    [InlineData("2025-03-03 08:05:00,phone,billing,5,answered,A1,60,yes,,great", "satisfaction", "'great' is not a number")]
    [InlineData("2025-03-03 08:05:00,phone,billing,5,answered,A1,60,perhaps,,", "resolved", "'perhaps' is not yes or no")]
    [InlineData("yesterday,phone,billing,5,answered,A1,60,yes,,", "arrival", "'yesterday' is not a date or time")]
    [InlineData("2025-02-30 08:05:00,phone,billing,5,answered,A1,60,yes,,", "arrival", "is not a valid date")]
    [InlineData(",phone,billing,5,answered,A1,60,yes,,", "arrival", "the arrival time is missing")]
    [InlineData("2025-03-03 08:05:00,,billing,5,answered,A1,60,yes,,", "channel", "the channel is missing")]
    [InlineData("2025-03-03 08:05:00,phone,,5,answered,A1,60,yes,,", "queue", "the queue is missing")]
    [InlineData("2025-03-03 08:05:00,phone,billing,5,,A1,60,yes,,", "outcome", "the outcome is missing")]
    [InlineData("2025-03-03 08:05:00,phone,billing,soon,answered,A1,60,yes,,", "wait_seconds", "'soon' is not a duration")]
    public void Read_RowBreakingARule_IsExcludedWithRowAndColumn(string badRow, string column, string message)
    {
        var result = LogFiles.Read(LogFiles.Lines(LogFiles.DefaultHeader, Good1, badRow, Good3));

        Assert.Equal((3, 2, 1), (result.RowsRead, result.RowsUsed, result.RowsExcluded));
        Assert.Equal([1, 3], result.Interactions.Select(i => i.Row));
        var problem = Assert.Single(result.Problems);
        Assert.Equal((2, column), (problem.Row, problem.Column));
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
        Assert.StartsWith($"row 2, column '{column}': ", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DuplicateRow_KeepsTheFirstAndNamesIt()
    {
        var result = LogFiles.Read(LogFiles.Lines(LogFiles.DefaultHeader, Good1, Good3, Good1));

        Assert.Equal((3, 2, 1), (result.RowsRead, result.RowsUsed, result.RowsExcluded));
        Assert.Equal(new RowProblem(3, null, "duplicate of row 1"), Assert.Single(result.Problems));
    }

    [Fact]
    public void Read_RepeatedContactId_IsADuplicate()
    {
        var csv = LogFiles.Lines("id," + LogFiles.DefaultHeader, "c1," + Good1, "c1," + Good3);

        var problem = Assert.Single(LogFiles.Read(csv).Problems);

        Assert.Equal(new RowProblem(2, "id", "contact id repeats row 1"), problem);
    }

    [Fact]
    public void Read_DuplicateOfAnExcludedRow_IsJudgedOnItsOwn()
    {
        const string bad = "2025-03-03 08:05:00,fax,billing,5,answered,A1,60,yes,,";

        var result = LogFiles.Read(LogFiles.Lines(LogFiles.DefaultHeader, bad, bad));

        Assert.All(result.Problems, p => Assert.Equal("channel", p.Column));
        Assert.Equal(2, result.RowsExcluded);
    }

    [Fact]
    public void Read_RowWithSeveralProblems_ReportsEachOnce()
    {
        var result = LogFiles.Read(LogFiles.Lines(LogFiles.DefaultHeader, "2025-03-03 08:05:00,fax,billing,-5,abandoned,A7,,,,9"));

        Assert.Equal(["channel", "wait_seconds", "satisfaction", "agent"], result.Problems.Select(p => p.Column));
        Assert.Equal(1, result.RowsExcluded);
    }

    [Fact]
    public void Read_AnsweredFlagContradictingOutcome_IsReported()
    {
        var csv = LogFiles.Lines("arrival,queue,outcome,answered,wait_seconds", "2025-03-03 08:05:00,billing,abandoned,Y,5");

        var problem = Assert.Single(LogFiles.Read(csv).Problems);

        Assert.Equal("answered", problem.Column);
        Assert.Contains("but the outcome is abandoned", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_AbandonedWithAServiceStart_IsAnsweredAfterAbandoning()
    {
        var csv = LogFiles.Lines("arrival,queue,outcome,wait_seconds,service_start", "2025-03-03 08:05:00,billing,abandoned,5,2025-03-03 08:05:05");

        var problem = Assert.Single(LogFiles.Read(csv).Problems);

        Assert.Equal("service_start", problem.Column);
        Assert.Contains("answered after abandoning", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TooManyFields_ExcludesTheRow()
    {
        var result = LogFiles.Read(LogFiles.Lines(LogFiles.DefaultHeader, Good1 + ",extra", Good3));

        var problem = Assert.Single(result.Problems);
        Assert.Equal((1, (string?)null), (problem.Row, problem.Column));
        Assert.Contains("has 11 fields but the header has 10", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_StrayQuote_ExcludesTheRow()
    {
        var result = LogFiles.Read(LogFiles.Lines(LogFiles.DefaultHeader, Good1, "2025-03-03 08:05:00,phone,\"billing\"x,5,answered,A1,60,yes,,", Good3));

        Assert.Equal(new RowProblem(2, null, "malformed quoting (a stray or unclosed quote)"), Assert.Single(result.Problems));
    }

    [Fact]
    public void Read_OtherSatisfactionScale_UsesIt()
    {
        var row = "2025-03-03 08:05:00,phone,billing,5,answered,A1,60,yes,,9";

        var result = LogFiles.Read(LogFiles.Lines(LogFiles.DefaultHeader, row), options: new ImportOptions { SatisfactionMin = 0, SatisfactionMax = 10 });

        Assert.Equal(9, Assert.Single(result.Interactions).Satisfaction);
    }

    [Fact]
    public void Read_ManyProblems_ListsUpToTheLimitAndCountsAll()
    {
        var rows = Enumerable.Range(0, 5).Select(i => $"2025-03-03 08:0{i}:00,fax,billing,5,answered,A1,60,yes,,");

        var result = LogFiles.Read(LogFiles.Lines([LogFiles.DefaultHeader, .. rows]), options: new ImportOptions { MaxProblemsListed = 2 });

        Assert.Equal((2, 3, 5), (result.Problems.Count, result.ProblemsNotListed, result.RowsExcluded));
        Assert.Equal("5 rows read, 0 used, 5 excluded", result.Summary());
    }
}
