using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static TwinLab.Server.Tests.Adt;

namespace TwinLab.Server.Tests;

/// <summary>ADT's protection limits: 32 KB bodies, 4 KB strings, 1 KB names, 250 models per upload, query limits.</summary>
public sealed class LimitsTests
{
    private const string TagModel = """
        {"@id":"dtmi:test:Tag;1","@type":"Interface","@context":"dtmi:dtdl:context;3",
         "contents":[{"@type":"Property","name":"label","schema":"string","writable":true},
                     {"@type":"Property","name":"labels","schema":{"@type":"Map","mapKey":{"name":"k","schema":"string"},"mapValue":{"name":"v","schema":"string"}},"writable":true}]}
        """;

    private static async Task<HttpClient> WithTagModel(ServerFactory factory)
    {
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync(Url("/models"), Json($"[{TagModel}]"))).StatusCode);
        return client;
    }

    private static string Tag(string label) =>
        new System.Text.Json.Nodes.JsonObject { ["$metadata"] = new System.Text.Json.Nodes.JsonObject { ["$model"] = "dtmi:test:Tag;1" }, ["label"] = label }.ToJsonString();

    [Fact]
    public async Task PutTwin_BodyOver32KB_PayloadTooLarge413()
    {
        using var factory = new ServerFactory();
        var client = await WithTagModel(factory);
        var body = Tag("x") + new string(' ', 32 * 1024);
        await AssertError(await client.PutAsync(Url("/digitaltwins/t"), Json(body)), HttpStatusCode.RequestEntityTooLarge, "PayloadTooLarge");
        // Without a Content-Length the body is cut off while being read.
        var chunked = new StreamContent(new NonSeekableStream(Encoding.UTF8.GetBytes(body)));
        chunked.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        await AssertError(await client.PutAsync(Url("/digitaltwins/t"), chunked), HttpStatusCode.RequestEntityTooLarge, "PayloadTooLarge");
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync(Url("/digitaltwins/t"), Json(Tag("x") + new string(' ', 30 * 1024)))).StatusCode);
    }

    [Fact]
    public async Task OtherWrites_BodyOver32KB_PayloadTooLarge413()
    {
        using var factory = new ServerFactory();
        var client = await WithTagModel(factory);
        await client.PutAsync(Url("/digitaltwins/t"), Json(Tag("x")));
        var big = new string(' ', 33 * 1024);
        await AssertError(await client.PatchAsync(Url("/digitaltwins/t"), Patch("[]" + big)), HttpStatusCode.RequestEntityTooLarge, "PayloadTooLarge");
        await AssertError(await client.PutAsync(Url("/digitaltwins/t/relationships/r"), Json("{}" + big)), HttpStatusCode.RequestEntityTooLarge, "PayloadTooLarge");
        await AssertError(await client.PostAsync(Url("/query"), Json("""{"query":"SELECT * FROM DIGITALTWINS"}""" + big)), HttpStatusCode.RequestEntityTooLarge, "PayloadTooLarge");
        using var telemetry = new HttpRequestMessage(HttpMethod.Post, Url("/digitaltwins/t/telemetry")) { Content = Json("{}" + big) };
        telemetry.Headers.Add("Message-Id", "m1");
        await AssertError(await client.SendAsync(telemetry), HttpStatusCode.RequestEntityTooLarge, "PayloadTooLarge");
    }

    [Fact]
    public async Task PutTwin_StringOver4KB_LimitExceeded()
    {
        using var factory = new ServerFactory();
        var client = await WithTagModel(factory);
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync(Url("/digitaltwins/t"), Json(Tag(new string('x', 4096))))).StatusCode);
        await AssertError(await client.PutAsync(Url("/digitaltwins/t"), Json(Tag(new string('x', 4097)))), HttpStatusCode.BadRequest, "LimitExceeded");
        // Measured in UTF-8 bytes: 1,400 euro signs are 4,200 bytes.
        await AssertError(await client.PutAsync(Url("/digitaltwins/t"), Json(Tag(new string('€', 1400)))), HttpStatusCode.BadRequest, "LimitExceeded");
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsync(Url("/digitaltwins/t"), Json(Tag(new string('€', 1365))))).StatusCode);
        var patch = $$"""[{"op":"replace","path":"/label","value":"{{new string('y', 5000)}}"}]""";
        await AssertError(await client.PatchAsync(Url("/digitaltwins/t"), Patch(patch)), HttpStatusCode.BadRequest, "LimitExceeded");
    }

    [Fact]
    public async Task PutTwin_PropertyNameOver1KB_LimitExceeded()
    {
        using var factory = new ServerFactory();
        var client = await WithTagModel(factory);
        var body = $$$"""{"$metadata":{"$model":"dtmi:test:Tag;1"},"labels":{"{{{new string('k', 1025)}}}":"v"}}""";
        var r = await client.PutAsync(Url("/digitaltwins/t"), Json(body));
        await AssertError(r, HttpStatusCode.BadRequest, "LimitExceeded");
        Assert.Contains("/labels/", await r.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task PostModels_Over250_LimitExceededAndNothingUploaded()
    {
        using var factory = new ServerFactory();
        var client = factory.CreateClient();
        var models = Enumerable.Range(0, 251).Select(i => $$"""{"@id":"dtmi:test:M{{i}};1","@type":"Interface","@context":"dtmi:dtdl:context;3"}""");
        await AssertError(await client.PostAsync(Url("/models"), Json($"[{string.Join(",", models)}]")), HttpStatusCode.BadRequest, "LimitExceeded");
        using var doc = JsonDocument.Parse(await client.GetStringAsync(Url("/models")));
        Assert.Equal(0, doc.RootElement.GetProperty("value").GetArrayLength());
    }

    [Theory]
    [InlineData("length")]
    [InlineData("terms")]
    [InlineData("in")]
    [InlineData("joins")]
    [InlineData("hops")]
    public async Task Query_OverALimit_BadRequestNamingIt(string limit)
    {
        using var factory = new ServerFactory();
        var client = factory.CreateClient();
        var (query, expected) = limit switch
        {
            "length" => ("SELECT * FROM DIGITALTWINS T WHERE T.name = '" + new string('x', 8000) + "'", "at most 8,000 characters"),
            "terms" => ("SELECT * FROM DIGITALTWINS T WHERE " + string.Join(" OR ", Enumerable.Range(0, 52).Select(i => $"T.n = {i}")), "at most 50 AND/OR terms"),
            "in" => ("SELECT * FROM DIGITALTWINS T WHERE T.n IN [" + string.Join(",", Enumerable.Range(0, 51)) + "]", "at most 50 items"),
            "joins" => ("SELECT T FROM DIGITALTWINS T" + string.Concat(Enumerable.Range(0, 6).Select(i => $" JOIN C{i} RELATED T.contains")), "at most 5 JOIN"),
            _ => ("SELECT * FROM DIGITALTWINS MATCH (a)-[*11]->(b)", "at most 10"),
        };
        var body = new System.Text.Json.Nodes.JsonObject { ["query"] = query }.ToJsonString();
        var r = await client.PostAsync(Url("/query"), Json(body));
        await AssertError(r, HttpStatusCode.BadRequest, "BadRequest");
        Assert.Contains(expected, await r.Content.ReadAsStringAsync());
    }

    [Fact]
    public void Kestrel_RequestBodiesCappedAt32MB()
    {
        using var factory = new ServerFactory();
        var options = factory.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value;
        Assert.Equal(32L * 1024 * 1024, options.Limits.MaxRequestBodySize);
    }

    [Fact]
    public async Task BodylessErrors_AnsweredInAdtShape()
    {
        using var factory = new ServerFactory();
        var client = factory.CreateClient();
        await AssertError(await client.GetAsync(Url("/no/such/route")), HttpStatusCode.NotFound, "NotFound");
        await AssertError(await client.PutAsync(Url("/query"), Json("{}")), HttpStatusCode.MethodNotAllowed, "MethodNotAllowed");
    }

    /// <summary>A body stream of unknown length, so the request is sent without Content-Length.</summary>
    private sealed class NonSeekableStream(byte[] data) : Stream
    {
        private readonly MemoryStream _inner = new(data);
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
