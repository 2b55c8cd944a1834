using TwinLab.Core.Twins;

namespace TwinLab.Storage.Tests.History;

public abstract partial class HistoryContractTests
{
    [SkippableFact]
    public void Documents_SavedListedReplacedAndDeleted_SurviveARestartWhenDurable()
    {
        var store = CreateStore();
        var t0 = Clock.GetUtcNow();
        store.SaveDocument(new StoredDocument("experiment", "e1", t0, "first", """{"a":1}"""));
        store.SaveDocument(new StoredDocument("experiment", "e2", t0.AddMinutes(1), "second", """{"a":2}"""));
        store.SaveDocument(new StoredDocument("calibration", "c1", t0, "other kind", "{}"));
        store.SaveDocument(new StoredDocument("experiment", "e1", t0.AddMinutes(2), "first, again", """{"a":3}"""));
        if (Durable)
        {
            store.Dispose();
            store = CreateStore();
        }

        var listed = store.ListDocuments("experiment");
        Assert.Equal(["e1", "e2"], listed.Select(d => d.Id));
        Assert.All(listed, d => Assert.Equal("", d.Json));
        Assert.Equal("first, again", listed[0].Title);
        var e1 = store.LoadDocument("experiment", "e1");
        Assert.NotNull(e1);
        Assert.Equal("""{"a":3}""", e1.Json);
        Assert.Equal(t0.AddMinutes(2), e1.Created);
        Assert.Null(store.LoadDocument("experiment", "c1"));

        Assert.True(store.DeleteDocument("experiment", "e1"));
        Assert.False(store.DeleteDocument("experiment", "e1"));
        Assert.Equal(["e2"], store.ListDocuments("experiment").Select(d => d.Id));
        store.Dispose();
    }
}
