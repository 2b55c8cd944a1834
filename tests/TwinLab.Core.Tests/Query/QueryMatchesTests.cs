using TwinLab.Core.Query;
using TwinLab.Core.Twins;

namespace TwinLab.Core.Tests.Query;

/// <summary>
/// <see cref="TwinQuery.Match"/>: what a part of a partitioned graph contributes to a scan. The campus split in two by
/// twin id (each part with its twins' outgoing relationships), matched part by part and put together, must answer every
/// scan — TOP, COUNT and projections included — exactly as the whole campus does.
/// </summary>
public sealed class QueryMatchesTests
{
    [Theory]
    [InlineData("SELECT * FROM DIGITALTWINS T WHERE T.temperature > 22")]
    [InlineData("SELECT TOP(2) T.name FROM DIGITALTWINS T WHERE IS_DEFINED(T.name)")]
    [InlineData("SELECT COUNT() FROM DIGITALTWINS T WHERE IS_OF_MODEL(T, 'dtmi:twinlab:Room;1')")]
    [InlineData("SELECT COUNT() FROM DIGITALTWINS")]
    [InlineData("SELECT * FROM DIGITALTWINS T WHERE T.$dtId IN ['room101', 'hvac2', 'none']")]
    [InlineData("SELECT TOP(3) * FROM RELATIONSHIPS R WHERE R.$relationshipName = 'hasRoom'")]
    [InlineData("SELECT COUNT() FROM RELATIONSHIPS R WHERE R.priority >= 2")]
    public void Match_OfEachPart_PutTogether_AnswersAsTheWholeGraph(string text)
    {
        var query = TwinQuery.Parse(text);
        var whole = QueryFixture.Graph;
        var replayer = new TwinGraphReplayer(GraphSnapshot.Empty with { Models = whole.Models });
        foreach (var part in new[] { Part(whole, 0), Part(whole, 1) })
        {
            var matches = TwinQuery.Match(part, query);
            foreach (var t in matches.Twins) replayer.Apply(new TwinWritten(t, Created: false));
            foreach (var r in matches.Relationships) replayer.Apply(new RelationshipWritten(r, Created: false));
        }
        var expected = TwinQuery.Execute(whole, query).Items.Select(i => i.ToJsonString());
        var actual = TwinQuery.Execute(replayer.ToSnapshot(0), query).Items.Select(i => i.ToJsonString());
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Match_Traversal_IsRefused()
    {
        var query = TwinQuery.Parse("SELECT R FROM DIGITALTWINS F JOIN R RELATED F.hasRoom");
        Assert.Equal(QueryShape.Traversal, query.Shape);
        Assert.Throws<InvalidOperationException>(() => TwinQuery.Match(QueryFixture.Graph, query));
    }

    /// <summary>The twins at even (or odd) positions in id order, with their outgoing relationships.</summary>
    private static GraphSnapshot Part(GraphSnapshot whole, int parity)
    {
        var replayer = new TwinGraphReplayer(GraphSnapshot.Empty with { Models = whole.Models });
        var ids = whole.Twins.Keys.Order(StringComparer.Ordinal).Where((_, i) => i % 2 == parity).ToHashSet(StringComparer.Ordinal);
        foreach (var id in ids) replayer.Apply(new TwinWritten(whole.Twins[id], Created: false));
        foreach (var r in whole.Relationships.Where(r => ids.Contains(r.SourceId))) replayer.Apply(new RelationshipWritten(r, Created: false));
        return replayer.ToSnapshot(0);
    }
}
