using TwinLab.ContactCenter.Data;
using TwinLab.ContactCenter.Ingest;
using TwinLab.Core.Errors;

namespace TwinLab.ContactCenter.Tests.Ingest;

public sealed class ColumnMapTests
{
    [Fact]
    public void Parse_FieldColumnPairs_MapsThem()
    {
        var map = ColumnMap.Parse("arrival=q_start, queue=type,outcome=\"Result, final\"");

        Assert.Equal(new Dictionary<string, string> { ["arrival"] = "q_start", ["queue"] = "type", ["outcome"] = "Result, final" }, map.Columns);
        Assert.Equal("arrival=q_start,queue=type,outcome=\"Result, final\"", map.ToString());
    }

    [Fact]
    public void Parse_UnknownField_ListsTheFieldsAndSuggestsOne()
    {
        var e = Assert.Throws<TwinLabException>(() => ColumnMap.Parse("arival=q_start"));

        Assert.Equal(ErrorCodes.InvalidArgument, e.Code);
        Assert.Contains("'arival' is not a field (did you mean 'arrival'?)", e.Message, StringComparison.Ordinal);
        Assert.Contains(string.Join(", ", ColumnMap.FieldNames), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownPreset_ListsThePresets()
    {
        var e = Assert.Throws<TwinLabException>(() => ColumnMap.Parse("anonymous-bnk"));

        Assert.Contains("did you mean 'anonymous-bank'?", e.Message, StringComparison.Ordinal);
        Assert.Contains("anonymous-bank, call-center", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("arrival=", "names no column")]
    [InlineData("arrival=a,arrival=b", "mapped twice")]
    public void Parse_MalformedEntry_Fails(string text, string expected)
    {
        var e = Assert.Throws<TwinLabException>(() => ColumnMap.Parse(text));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Anonymous_Bank", "anonymous-bank")]
    [InlineData("call-centre", "call-center")]
    public void Preset_OtherSpellings_AreAccepted(string name, string preset) =>
        Assert.Equal(preset, ColumnMap.Preset(name).PresetName);

    [Fact]
    public void Read_CustomLayoutThroughMap_ReadsIt()
    {
        var csv = LogFiles.Lines("start,kind,line,secs,how,who,dur", "2025-03-03 10:00:00,chat,tech,8,ANSWERED,A9,310");
        var map = ColumnMap.Parse("arrival=start,channel=kind,queue=line,wait_seconds=secs,outcome=how,agent=who,handle_seconds=dur");

        var i = Assert.Single(LogFiles.Read(csv, map).Interactions);

        Assert.Equal((Channel.Chat, "tech", 8.0, "A9", 310.0), (i.Channel, i.Queue, i.WaitSeconds, i.Agent!, i.HandleSeconds!.Value));
    }

    [Fact]
    public void Read_MappedColumnNotInFile_FailsListingTheColumns()
    {
        var csv = LogFiles.Lines("start,kind,how", "2025-03-03 10:00:00,chat,answered");

        var e = Assert.Throws<TwinLabException>(() => LogFiles.Read(csv, ColumnMap.Parse("arrival=strat,outcome=how")));

        Assert.Contains("column 'strat' (mapped to arrival) is not in the file (did you mean 'start'?)", e.Message, StringComparison.Ordinal);
        Assert.Contains("Columns in the file: start, kind, how", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NoArrivalOrOutcomeColumn_FailsSayingHowToMapThem()
    {
        var csv = LogFiles.Lines("when,channel,result_code", "2025-03-03 10:00:00,chat,1");

        var e = Assert.Throws<TwinLabException>(() => LogFiles.Read(csv));

        Assert.Contains("no arrival time", e.Message, StringComparison.Ordinal);
        Assert.Contains("no outcome", e.Message, StringComparison.Ordinal);
        Assert.Contains("arrival=<column>", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void With_UnknownField_Fails() =>
        Assert.Throws<TwinLabException>(() => ColumnMap.Default.With("wait", "w"));
}
