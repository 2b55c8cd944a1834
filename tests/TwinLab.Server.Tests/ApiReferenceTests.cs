using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace TwinLab.Server.Tests;

public sealed class ApiReferenceTests
{
    [Fact]
    public async Task Page_ServedWithItsOwnAssetsAndNothingExternal()
    {
        using var factory = new ServerFactory();
        var client = factory.CreateClient();
        var page = await client.GetAsync("/docs");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", csp);
        Assert.Contains("script-src 'self'", csp);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("data-openapi=\"/openapi/v1.json\"", html);

        var sources = Regex.Matches(html, "(?:src|href)=\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToArray();
        Assert.Contains("/docs/api-reference.js", sources);
        Assert.Contains("/docs/api-reference.css", sources);
        foreach (var source in sources) Assert.StartsWith("/", source);

        var script = await client.GetAsync("/docs/api-reference.js");
        Assert.Equal("text/javascript", script.Content.Headers.ContentType!.MediaType);
        var style = await client.GetAsync("/docs/api-reference.css");
        Assert.Equal("text/css", style.Content.Headers.ContentType!.MediaType);
        foreach (var text in new[] { html, await script.Content.ReadAsStringAsync(), await style.Content.ReadAsStringAsync() })
        {
            Assert.DoesNotContain("http://", text);
            Assert.DoesNotContain("https://", text);
            Assert.DoesNotContain("@import", text);
        }
        Assert.Contains("fetch(body.dataset.openapi", await script.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Page_WithAuthentication_NeedsNoToken()
    {
        using var factory = ServerFactory.WithAuth();
        var client = factory.CreateClient();
        foreach (var path in new[] { "/docs", "/docs/api-reference.js", "/docs/api-reference.css" })
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(Adt.Url("/models"))).StatusCode);
    }

    [Fact]
    public async Task Document_EveryOperationHasANameSummaryAndTag()
    {
        using var factory = new ServerFactory();
        var client = factory.CreateClient();
        using var doc = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var missing = new List<string>();
        var names = new HashSet<string>();
        foreach (var path in doc.RootElement.GetProperty("paths").EnumerateObject())
            foreach (var op in path.Value.EnumerateObject().Where(o => o.Name is "get" or "put" or "post" or "patch" or "delete"))
            {
                var where = $"{op.Name.ToUpperInvariant()} {path.Name}";
                if (!op.Value.TryGetProperty("operationId", out var id) || string.IsNullOrEmpty(id.GetString())) missing.Add(where + ": operationId");
                else names.Add(id.GetString()!);
                if (!op.Value.TryGetProperty("summary", out var s) || string.IsNullOrEmpty(s.GetString())) missing.Add(where + ": summary");
                if (!op.Value.TryGetProperty("tags", out var t) || t.GetArrayLength() == 0) missing.Add(where + ": tags");
            }
        Assert.Empty(missing);
        foreach (var known in new[] { "AddModels", "ListModels", "GetModel", "UpdateModel", "DeleteModel", "GetDigitalTwin", "AddDigitalTwin",
                     "UpdateDigitalTwin", "DeleteDigitalTwin", "ListRelationships", "ListIncomingRelationships", "GetRelationship", "AddRelationship",
                     "UpdateRelationship", "DeleteRelationship", "GetComponent", "UpdateComponent", "SendTelemetry", "SendComponentTelemetry",
                     "QueryTwins", "CreateBranch", "ListBranches", "DiffBranch", "MergeBranch", "DiscardBranch" })
            Assert.Contains(known, names);
    }

    [Theory]
    [InlineData("/digitaltwins/{id}/relationships", "get", true)]
    [InlineData("/digitaltwins/{id}/relationships/{relId}", "put", false)]
    [InlineData("/digitaltwins/{id}/incomingrelationships", "get", true)]
    [InlineData("/digitaltwins/{id}/components/{path}", "get", true)]
    [InlineData("/digitaltwins/{id}/components/{path}", "patch", false)]
    [InlineData("/digitaltwins/{id}/telemetry", "post", false)]
    [InlineData("/query", "post", true)]
    [InlineData("/models", "get", true)]
    [InlineData("/models/{id}", "patch", false)]
    public async Task Document_TwinEndpointsDocumentApiVersionBranchAndAsOf(string path, string verb, bool read)
    {
        using var factory = new ServerFactory();
        var client = factory.CreateClient();
        using var doc = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));
        var parameters = doc.RootElement.GetProperty("paths").GetProperty(path).GetProperty(verb).GetProperty("parameters").EnumerateArray()
            .ToDictionary(p => p.GetProperty("name").GetString()!, p => p.Clone());
        Assert.True(parameters["api-version"].GetProperty("required").GetBoolean());
        Assert.Contains("branch", parameters.Keys);
        Assert.Equal(read, parameters.ContainsKey("asOf"));
    }
}
