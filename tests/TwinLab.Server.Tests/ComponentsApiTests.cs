using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using static TwinLab.Server.Tests.Adt;

namespace TwinLab.Server.Tests;

public sealed class ComponentsApiTests
{
    private const string Thermostat = """
        {"@id":"dtmi:test:Thermostat;1","@type":"Interface","@context":"dtmi:dtdl:context;3",
         "contents":[{"@type":"Property","name":"setPoint","schema":"double","writable":true},
                     {"@type":"Telemetry","name":"temp","schema":"double"}]}
        """;

    private const string Device = """
        {"@id":"dtmi:test:Device;1","@type":"Interface","@context":"dtmi:dtdl:context;3",
         "contents":[{"@type":"Property","name":"serial","schema":"string","writable":true},
                     {"@type":"Component","name":"thermostat","schema":"dtmi:test:Thermostat;1"}]}
        """;

    internal static async Task<HttpClient> DeviceTwin(ServerFactory factory)
    {
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync(Url("/models"), Json($"[{Thermostat},{Device}]"))).StatusCode);
        var r = await client.PutAsync(Url("/digitaltwins/d1"),
            Json("""{"$metadata":{"$model":"dtmi:test:Device;1"},"serial":"x","thermostat":{"$metadata":{},"setPoint":20}}"""));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        return client;
    }

    [Fact]
    public async Task GetComponent_ReturnsValuesMetadataAndTwinETag()
    {
        using var factory = new ServerFactory();
        var client = await DeviceTwin(factory);
        var twinETag = (await client.GetAsync(Url("/digitaltwins/d1"))).Headers.ETag;
        var r = await client.GetAsync(Url("/digitaltwins/d1/components/thermostat"));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal(twinETag, r.Headers.ETag);
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        Assert.Equal(20, doc.RootElement.GetProperty("setPoint").GetDouble());
        Assert.Equal(JsonValueKind.Object, doc.RootElement.GetProperty("$metadata").ValueKind);
    }

    [Fact]
    public async Task GetComponent_Errors()
    {
        using var factory = new ServerFactory();
        var client = await DeviceTwin(factory);
        await AssertError(await client.GetAsync(Url("/digitaltwins/d1/components/nope")), HttpStatusCode.NotFound, "ComponentNotFound");
        await AssertError(await client.GetAsync(Url("/digitaltwins/d1/components/serial")), HttpStatusCode.NotFound, "ComponentNotFound");
        await AssertError(await client.GetAsync(Url("/digitaltwins/zz/components/thermostat")), HttpStatusCode.NotFound, "DigitalTwinNotFound");
    }

    [Fact]
    public async Task PatchComponent_UpdatesValueAndETag()
    {
        using var factory = new ServerFactory();
        var client = await DeviceTwin(factory);
        var before = (await client.GetAsync(Url("/digitaltwins/d1"))).Headers.ETag;
        var r = await client.PatchAsync(Url("/digitaltwins/d1/components/thermostat"), Patch("""[{"op":"replace","path":"/setPoint","value":22.5}]"""));
        Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
        Assert.NotEqual(before, r.Headers.ETag);
        using var doc = JsonDocument.Parse(await client.GetStringAsync(Url("/digitaltwins/d1")));
        Assert.Equal(22.5, doc.RootElement.GetProperty("thermostat").GetProperty("setPoint").GetDouble());
    }

    [Fact]
    public async Task PatchComponent_Errors()
    {
        using var factory = new ServerFactory();
        var client = await DeviceTwin(factory);
        const string ok = """[{"op":"replace","path":"/setPoint","value":1}]""";
        await AssertError(await client.PatchAsync(Url("/digitaltwins/d1/components/nope"), Patch(ok)), HttpStatusCode.NotFound, "ComponentNotFound");
        await AssertError(await client.PatchAsync(Url("/digitaltwins/zz/components/thermostat"), Patch(ok)), HttpStatusCode.NotFound, "DigitalTwinNotFound");
        var bad = await client.PatchAsync(Url("/digitaltwins/d1/components/thermostat"), Patch("""[{"op":"replace","path":"/setPoint","value":"hot"}]"""));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var stale = new HttpRequestMessage(HttpMethod.Patch, Url("/digitaltwins/d1/components/thermostat")) { Content = Patch(ok) };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"nope\"", isWeak: true));
        await AssertError(await client.SendAsync(stale), HttpStatusCode.PreconditionFailed, "PreconditionFailed");
    }
}
