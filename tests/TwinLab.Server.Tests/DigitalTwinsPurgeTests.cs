using System.Net;
using System.Text.Json;
using static TwinLab.Server.Tests.Adt;

namespace TwinLab.Server.Tests;

/// <summary><c>POST /digitaltwins/{id}/purge</c> and <c>DELETE /digitaltwins/{id}?purge=true</c>.</summary>
public sealed class DigitalTwinsPurgeTests
{
    [Fact]
    public async Task Purge_ErasesTheTwinAndItsHistory_OtherTwinsStay()
    {
        using var factory = new ServerFactory();
        var client = await factory.WithRoomModel();
        await client.PutAsync(Url("/digitaltwins/room1"), Json(Room(21.5)));
        await client.PutAsync(Url("/digitaltwins/room2"), Json(Room(19)));
        await client.PatchAsync(Url("/digitaltwins/room1"), Patch("""[{"op":"replace","path":"/temperature","value":23.25}]"""));

        var r = await client.PostAsync(Url("/digitaltwins/room1/purge"), Json("""{"confirm": "room1"}"""));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        Assert.Equal("room1", doc.RootElement.GetProperty("twins")[0].GetString());
        Assert.True(doc.RootElement.GetProperty("eventsErased").GetInt32() >= 2);
        Assert.True(doc.RootElement.GetProperty("compacted").GetBoolean());

        await AssertError(await client.GetAsync(Url("/digitaltwins/room1")), HttpStatusCode.NotFound, "DigitalTwinNotFound");
        await AssertError(await client.GetAsync(Url("/digitaltwins/room1?asOf=2")), HttpStatusCode.NotFound, "DigitalTwinNotFound");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Url("/digitaltwins/room2"))).StatusCode);
        // A second purge finds nothing; DELETE ?purge=true purges too.
        await AssertError(await client.PostAsync(Url("/digitaltwins/room1/purge"), Json("""{"confirm": "room1"}""")), HttpStatusCode.NotFound, "DigitalTwinNotFound");
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync(Url("/digitaltwins/room2?purge=true&confirm=room2"))).StatusCode);
        await AssertError(await client.GetAsync(Url("/digitaltwins/room2")), HttpStatusCode.NotFound, "DigitalTwinNotFound");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("""{"confirm": "room2"}""")]
    [InlineData("""{"confirm": true}""")]
    [InlineData("""[""")]
    public async Task Purge_WithoutConfirmingTheTwin_IsRefused_AndErasesNothing(string? body)
    {
        using var factory = new ServerFactory();
        var client = await factory.WithRoomModel();
        await client.PutAsync(Url("/digitaltwins/room1"), Json(Room(21.5)));
        var r = await client.PostAsync(Url("/digitaltwins/room1/purge"), body is null ? null : Json(body));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        if (body is null or """{"confirm": "room2"}""")
            Assert.Contains("\"confirm\": \"room1\"", JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        await AssertError(await client.DeleteAsync(Url("/digitaltwins/room1?purge=true")), HttpStatusCode.BadRequest, "InvalidArgument");
        await AssertError(await client.DeleteAsync(Url("/digitaltwins/room1?purge=true&confirm=room")), HttpStatusCode.BadRequest, "InvalidArgument");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Url("/digitaltwins/room1"))).StatusCode);
    }

    [Fact]
    public async Task Purge_OnABranch_IsRefused()
    {
        using var factory = new ServerFactory();
        var client = await factory.WithRoomModel();
        await client.PutAsync(Url("/digitaltwins/room1"), Json(Room(21.5)));
        await AssertError(await client.PostAsync(Url("/digitaltwins/room1/purge?branch=plan"), null), HttpStatusCode.BadRequest, "InvalidArgument");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Url("/digitaltwins/room1"))).StatusCode);
    }
}
