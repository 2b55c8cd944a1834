using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using TwinLab.Core.Application;
using TwinLab.Core.History;
using TwinLab.Server.Security;
using static TwinLab.Server.Tests.Adt;

namespace TwinLab.Server.Tests;

public sealed class DigitalTwinsActorTests
{
    [Fact]
    public async Task Writes_RecordTheCallerAsTheHistoryActor()
    {
        using var factory = new ServerFactory();
        var anonymous = await factory.WithRoomModel();
        var key = factory.Services.GetRequiredService<ApiKeyStore>().Create("dev-user");
        var named = factory.CreateClient();
        named.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key.Key);

        Assert.Equal(HttpStatusCode.OK, (await anonymous.PutAsync(Url("/digitaltwins/a"), Json(Room(1)))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await named.PutAsync(Url("/digitaltwins/b"), Json(Room(2)))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await named.PutAsync(Url("/digitaltwins/a/relationships/r"), Json("""{"$relationshipName":"adjacent","$targetId":"b"}"""))).StatusCode);

        // The model upload and twin a are anonymous (--dev); twin b and the relationship carry the key's name.
        var actors = factory.Services.GetRequiredService<TwinService>().History(new EventFilter()).Select(e => e.Actor).ToArray();
        Assert.Equal(["api", "api:key:dev-user"], actors.Distinct());
        Assert.True(actors.Count(a => a == "api:key:dev-user") >= 2);
        Assert.Equal("api:key:dev-user", actors[^1]);
        Assert.Equal(actors.TakeWhile(a => a == "api").Count(), actors.Count(a => a == "api"));
    }
}
