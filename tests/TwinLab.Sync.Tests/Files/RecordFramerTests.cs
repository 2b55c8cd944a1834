using System.Text;
using TwinLab.Sync.Files;

namespace TwinLab.Sync.Tests.Files;

public sealed class RecordFramerTests
{
    private static List<(string Text, long Start, long End, long Line)> Frame(byte[] bytes, long offset = 0, long line = 1, bool quoted = false, bool toEnd = false) =>
        [.. RecordFramer.Read(new MemoryStream(bytes), offset, line, quoted, toEnd)
            .Select(r => (Encoding.UTF8.GetString(r.Bytes.Span), r.Start, r.End, r.Line))];

    [Fact]
    public void Read_SplitsLines_SkipsTheBom_HandlesCrLf_AndGivesExactOffsets()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("a,1\r\nb,2\nc,3\r\n")).ToArray();

        var records = Frame(bytes);

        Assert.Equal([("a,1", 3L, 8L, 1L), ("b,2", 8L, 12L, 2L), ("c,3", 12L, 17L, 3L)], records);
        Assert.Equal([("b,2", 8L, 12L, 2L), ("c,3", 12L, 17L, 3L)], Frame(bytes, offset: 8, line: 2));
    }

    [Fact]
    public void Read_IncompleteLastLine_WaitsUnlessToEnd()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"a\":1}\n{\"a\":");

        Assert.Single(Frame(bytes));
        Assert.Equal(("{\"a\":", 8L, 13L, 2L), Frame(bytes, toEnd: true)[1]);
    }

    [Fact]
    public void Read_QuotedLineBreak_KeepsTheCsvRecordWhole_AndCountsItsLines()
    {
        var bytes = Encoding.UTF8.GetBytes("id,note\n1,\"two\nlines\"\n2,plain\n");

        var records = Frame(bytes, quoted: true);

        Assert.Equal(["id,note", "1,\"two\nlines\"", "2,plain"], records.Select(r => r.Text));
        Assert.Equal([1L, 2L, 4L], records.Select(r => r.Line));
    }

    [Fact]
    public void Read_LongLines_CrossTheBuffer()
    {
        var line = new string('x', 200_000);
        var bytes = Encoding.UTF8.GetBytes($"{line}\n{line}y\n");

        var records = Frame(bytes);

        Assert.Equal([line, line + "y"], records.Select(r => r.Text));
        Assert.Equal(bytes.Length, records[1].End);
    }
}
