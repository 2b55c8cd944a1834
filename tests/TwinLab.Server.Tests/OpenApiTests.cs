using System.Net;
using System.Text.Json;

namespace TwinLab.Server.Tests;

public sealed class OpenApiTests
{
    [Fact]
    public async Task Document_ParsesAndListsTheEndpoints()
    {
        using var factory = new ServerFactory();
        var client = factory.CreateClient();
        var r = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        Assert.StartsWith("3.", doc.RootElement.GetProperty("openapi").GetString());
        var paths = doc.RootElement.GetProperty("paths");
        var twin = paths.GetProperty("/digitaltwins/{id}");
        foreach (var verb in new[] { "get", "put", "patch", "delete" }) Assert.True(twin.TryGetProperty(verb, out _), verb);
        Assert.Equal("GetDigitalTwin", twin.GetProperty("get").GetProperty("operationId").GetString());
        var getParameters = twin.GetProperty("get").GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToArray();
        Assert.Contains("branch", getParameters);
        Assert.Contains("asOf", getParameters);
        var putParameters = twin.GetProperty("put").GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToArray();
        Assert.Contains("branch", putParameters);
        Assert.DoesNotContain("asOf", putParameters);
        Assert.True(paths.TryGetProperty("/models", out _));
        Assert.True(paths.TryGetProperty("/branches", out _));
        Assert.True(paths.TryGetProperty("/branches/{name}/merge", out _));
    }
}
