using System.Text;
using TwinLab.Core.Twins;
using TwinLab.Sync.DeadLetters;

namespace TwinLab.Sync.Tests;

public sealed class DeadLetterStoreTests
{
    [Fact]
    public void Add_SameSourceAndKeyTwice_KeepsOneEntry_AndBinaryPayloadsSurviveAsBase64()
    {
        var store = new DeadLetterStore(new InMemoryTwinStore());
        store.Add(DeadLetterStore.Ingest, "plant-mqtt", "k1", "line 3: no rule matches topic 'x'", "line 3", "{\"a\":"u8);
        store.Add(DeadLetterStore.Ingest, "plant-mqtt", "k1", "line 3: no rule matches topic 'x'", "line 3", "{\"a\":"u8);
        var binary = store.Add(DeadLetterStore.Route, "to-webhook", "17", "HTTP 503 after 8 attempts", "event 17", new byte[] { 0xff, 0x00, 0xfe }, attempts: 8);

        Assert.Equal(2, store.Count());
        Assert.Equal(1, store.Count("plant-mqtt"));
        var letter = Assert.Single(store.List("plant-mqtt"));
        Assert.Equal("{\"a\":", letter.Payload);
        Assert.False(letter.PayloadIsBase64);
        Assert.True(binary.PayloadIsBase64);
        Assert.Equal(new byte[] { 0xff, 0x00, 0xfe }, Convert.FromBase64String(store.Get(binary.Id)!.Payload));
        Assert.Equal(8, store.Get(binary.Id)!.Attempts);
        Assert.True(store.Delete(binary.Id));
        Assert.Null(store.Get(binary.Id));
        Assert.Equal(Encoding.UTF8.GetBytes("{\"a\":"), Encoding.UTF8.GetBytes(letter.Payload));
    }
}
