using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using static TwinLab.Server.Tests.Adt;
using static TwinLab.Server.Tests.Sync.SyncTestSupport;

namespace TwinLab.Server.Tests.Sync;

public sealed class DeadLettersApiTests
{
    [Fact]
    public async Task DeadLetters_ListGetReplayDelete()
    {
        using var factory = new ServerFactory();
        var client = await Sensors(factory);
        var connection = new JsonObject { ["type"] = "http", ["mapping"] = Mapping }.ToJsonString();
        await JsonOf(await client.PutAsync(Url("/connections/lab"), Json(connection)), HttpStatusCode.Created);
        await JsonOf(await client.PostAsync(Url("/connections/lab/messages"),
            Ndjson(Reading("sensor-8", 1, 18), Reading("sensor-9", 2, 19), """{"device":"sensor-0","seq":3}""")));

        var list = await JsonOf(await client.GetAsync(Url("/deadletters?source=lab")));
        var letters = list.GetProperty("value").EnumerateArray().ToList();
        Assert.Equal(3, letters.Count);
        Assert.All(letters, l => Assert.Equal("lab", l.GetProperty("source").GetString()));
        Assert.Empty((await JsonOf(await client.GetAsync(Url("/deadletters?source=other")))).GetProperty("value").EnumerateArray());
        var paged = await JsonOf(await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, Url("/deadletters")) { Headers = { { "max-items-per-page", "2" } } }));
        Assert.Equal(2, paged.GetProperty("value").GetArrayLength());
        var next = await JsonOf(await client.GetAsync(paged.GetProperty("nextLink").GetString()));
        Assert.Single(next.GetProperty("value").EnumerateArray());

        string IdOf(string reasonPart) => letters.Single(l => l.GetProperty("reason").GetString()!.Contains(reasonPart)).GetProperty("id").GetString()!;
        var eight = IdOf("sensor-8");
        var letter = await JsonOf(await client.GetAsync(Url($"/deadletters/{eight}")));
        Assert.Equal(Reading("sensor-8", 1, 18), letter.GetProperty("payload").GetString());
        Assert.Equal("line 1", letter.GetProperty("position").GetString());

        // Fix the cause (the twin was missing), then replay: applied, and the letter is gone.
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync(Url("/digitaltwins/sensor-8"), Json("""{"$metadata":{"$model":"dtmi:test:Sensor;1"},"thermostat":{"$metadata":{}}}"""))).StatusCode);
        var replayed = await JsonOf(await client.PostAsync(Url($"/deadletters/{eight}/replay"), null));
        Assert.Equal("Applied", replayed.GetProperty("status").GetString());
        Assert.True(replayed.GetProperty("deleted").GetBoolean());
        Assert.Single(Points(factory, "sensor-8", "seq"));
        await AssertError(await client.GetAsync(Url($"/deadletters/{eight}")), HttpStatusCode.NotFound, "DeadLetterNotFound");

        var nine = IdOf("sensor-9");
        var again = await JsonOf(await client.PostAsync(Url($"/deadletters/{nine}/replay"), null));
        Assert.Equal("DeadLettered", again.GetProperty("status").GetString());
        Assert.False(again.GetProperty("deleted").GetBoolean());
        Assert.Equal(2, (await JsonOf(await client.GetAsync(Url("/deadletters")))).GetProperty("value").GetArrayLength());

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(Url($"/deadletters/{nine}"))).StatusCode);
        await AssertError(await client.DeleteAsync(Url($"/deadletters/{nine}")), HttpStatusCode.NotFound, "DeadLetterNotFound");

        // A removed connection's letters stay, but cannot be replayed without its mapping.
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(Url("/connections/lab"))).StatusCode);
        var last = Assert.Single((await JsonOf(await client.GetAsync(Url("/deadletters")))).GetProperty("value").EnumerateArray());
        await AssertError(await client.PostAsync(Url($"/deadletters/{last.GetProperty("id").GetString()}/replay"), null), HttpStatusCode.Conflict, "DeadLetterNotReplayable");
    }
}
