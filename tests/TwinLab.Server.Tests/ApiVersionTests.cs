using System.Net;
using static TwinLab.Server.Tests.Adt;

namespace TwinLab.Server.Tests;

public sealed class ApiVersionTests
{
    [Theory]
    [InlineData("2020-10-31")]
    [InlineData("2022-05-31")]
    [InlineData("2023-10-31")]
    public async Task PublishedVersion_Accepted(string version)
    {
        using var factory = new ServerFactory();
        var client = factory.CreateClient();
        await AssertError(await client.GetAsync($"/digitaltwins/nope?api-version={version}"), HttpStatusCode.NotFound, "DigitalTwinNotFound");
    }

    [Fact]
    public async Task UnknownVersion_Rejected()
    {
        using var factory = new ServerFactory();
        var client = factory.CreateClient();
        await AssertError(await client.GetAsync("/digitaltwins/nope?api-version=2019-01-01"), HttpStatusCode.BadRequest, "UnsupportedApiVersion");
    }

    [Fact]
    public async Task MissingVersion_Rejected()
    {
        using var factory = new ServerFactory();
        var client = factory.CreateClient();
        await AssertError(await client.GetAsync("/digitaltwins/nope"), HttpStatusCode.BadRequest, "MissingApiVersionParameter");
    }
}
