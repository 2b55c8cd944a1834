using System.Net;
using System.Text.Json;
using TwinLab.Server.Events;
using static TwinLab.Server.Tests.Adt;

namespace TwinLab.Server.Tests.Delivery;

/// <summary>An <c>sse</c> endpoint: the events of its routes on <c>/events?endpoint=NAME</c>.</summary>
public sealed class SseEndpointTests
{
    private static StringContent Route(string endpoint, string filter) => Json(JsonSerializer.Serialize(new { endpointName = endpoint, filter }));

    [Fact]
    public async Task SseEndpoint_StreamsWhatItsRoutesPass_LiveAndOnResume()
    {
        using var factory = new ServerFactory();
        var client = await factory.WithEventModels();
        await client.PutAsync(Url("/endpoints/live"), Json("""{"type":"sse"}""")).Ok();
        await client.PutAsync(Url("/eventroutes/updates"), Route("live", "type = 'Microsoft.DigitalTwins.Twin.Update' AND subject = 's-1'")).Ok();
        await client.PutAsync(Url("/eventroutes/deletes"), Route("live", "type = 'Microsoft.DigitalTwins.Twin.Delete'")).Ok();

        await using (var stream = await SseStream.OpenAsync(client, "?endpoint=live"))
        {
            await client.PutAsync(Url("/digitaltwins/s-1"), Json(EventModels.SensorTwin(1))).Ok();
            await client.PutAsync(Url("/digitaltwins/s-2"), Json(EventModels.SensorTwin(1))).Ok();
            await client.PatchAsync(Url("/digitaltwins/s-2"), Patch("""[{"op":"replace","path":"/level","value":2}]""")).Ok();
            await client.PatchAsync(Url("/digitaltwins/s-1"), Patch("""[{"op":"replace","path":"/level","value":9}]""")).Ok();
            await client.DeleteAsync(Url("/digitaltwins/s-2")).Ok();
            var frames = await stream.TakeAsync(2);
            Assert.Equal([TwinLabEventTypes.TwinUpdate, TwinLabEventTypes.TwinDelete], frames.Select(f => f.Event));
            Assert.Equal(["s-1", "s-2"], frames.Select(f => f.Json.GetProperty("subject").GetString()));
            Assert.Equal(9, frames[0].Json.GetProperty("data").GetProperty("patch")[0].GetProperty("value").GetDouble());
        }

        // Resuming from the log applies the same routes.
        await using var resumed = await SseStream.OpenAsync(client, "?endpoint=live", lastEventId: "0");
        var again = await resumed.TakeAsync(2);
        Assert.Equal([TwinLabEventTypes.TwinUpdate, TwinLabEventTypes.TwinDelete], again.Select(f => f.Event));
    }

    [Fact]
    public async Task EventsEndpointParameter_UnknownOrNotSse_IsABadRequest()
    {
        using var factory = new ServerFactory();
        var client = factory.CreateClient();
        await client.PutAsync(Url("/endpoints/hook"), Json("""{"type":"webhook","url":"http://127.0.0.1:9/hook"}""")).Ok();
        var unknown = await client.GetAsync(Url("/events?endpoint=nowhere"));
        await AssertError(unknown, HttpStatusCode.BadRequest, "InvalidArgument");
        var webhook = await client.GetAsync(Url("/events?endpoint=hook"));
        await AssertError(webhook, HttpStatusCode.BadRequest, "InvalidArgument");
        Assert.Contains("only sse endpoints stream", await webhook.Content.ReadAsStringAsync());
    }
}
