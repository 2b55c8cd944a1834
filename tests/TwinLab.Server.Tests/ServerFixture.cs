using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace TwinLab.Server.Tests;

/// <summary>The server on a fresh temporary SQLite database, anonymous (--dev) as in this slice.</summary>
public sealed class ServerFactory : WebApplicationFactory<ServerSettings>
{
    private readonly string _dir = Directory.CreateTempSubdirectory("twinlab-server-").FullName;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("TwinLab:Db", Path.Combine(_dir, "twinlab.db"));
        builder.UseSetting("TwinLab:Dev", "true");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}

/// <summary>Requests with the api-version and the JSON bodies the tests share.</summary>
public static class Adt
{
    public const string V = "api-version=2023-10-31";

    public const string RoomModel = """
        {"@id":"dtmi:test:Room;1","@type":"Interface","@context":"dtmi:dtdl:context;3","displayName":"Room",
         "contents":[{"@type":"Property","name":"temperature","schema":"double","writable":true},
                     {"@type":"Relationship","name":"adjacent","target":"dtmi:test:Room;1"}]}
        """;

    public static string Url(string path) => path + (path.Contains('?') ? "&" : "?") + V;

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static StringContent Patch(string json)
    {
        var c = new StringContent(json, Encoding.UTF8);
        c.Headers.ContentType = new MediaTypeHeaderValue("application/json-patch+json");
        return c;
    }

    public static string Room(double t) => $$"""{"$metadata":{"$model":"dtmi:test:Room;1"},"temperature":{{t}}}""";

    public static async Task<HttpClient> WithRoomModel(this ServerFactory factory)
    {
        var client = factory.CreateClient();
        var r = await client.PostAsync(Url("/models"), Json($"[{RoomModel}]"));
        Assert.Equal(System.Net.HttpStatusCode.Created, r.StatusCode);
        return client;
    }

    public static async Task AssertError(HttpResponseMessage response, System.Net.HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, response.Headers.GetValues("x-ms-error-code").Single());
        using var doc = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(code, doc.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(doc.RootElement.GetProperty("error").GetProperty("message").GetString()));
    }
}
