using System.Text;
using TwinLab.Sync.Files;

namespace TwinLab.Sync.Tests.Files;

public sealed class CsvRecordsTests
{
    [Theory]
    [InlineData("a,b,c", ",", new[] { "a", "b", "c" })]
    [InlineData("a,,c,", ",", new[] { "a", "", "c", "" })]
    [InlineData("\"x, y\",\"say \"\"hi\"\"\",3", ",", new[] { "x, y", "say \"hi\"", "3" })]
    [InlineData("\"two\nlines\";2", ";", new[] { "two\nlines", "2" })]
    [InlineData("1\t2", "\t", new[] { "1", "2" })]
    [InlineData("", ",", new[] { "" })]
    public void Split_FollowsRfc4180(string record, string delimiter, string[] expected)
    {
        Assert.Equal(expected, CsvRecords.Split(record, delimiter, out var problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("a,\"open", "field 2 opens a quote that is never closed")]
    [InlineData("\"a\"b,c", "field 1 has text after its closing quote")]
    public void Split_BrokenQuotes_SaysWhere(string record, string expected)
    {
        Assert.Null(CsvRecords.Split(record, ",", out var problem));
        Assert.Equal(expected, problem);
    }

    [Fact]
    public void ToJson_ParsesNumbersInvariantly_KeepsIdsAndTextColumnsAsText_LeavesEmptyCellsOut()
    {
        var json = CsvRecords.ToJson(["bed", "sys", "ratio", "big", "plus", "dot", "code", "note", "skipped", "nan"],
            ["007", "141", "0.25", "1e3", "+5", ".5", "12", "", "x", "NaN"], new HashSet<string> { "code" });

        Assert.Equal("""{"bed":"007","sys":141,"ratio":0.25,"big":1e3,"plus":5,"dot":0.5,"code":"12","skipped":"x","nan":"NaN"}""", Encoding.UTF8.GetString(json));
    }

    [Fact]
    public void ToJson_ColumnsNotKept_AreLeftOut()
    {
        var json = CsvRecords.ToJson(["a", null, "c"], ["1", "2", "three"], new HashSet<string>());

        Assert.Equal("""{"a":1,"c":"three"}""", Encoding.UTF8.GetString(json));
    }
}
