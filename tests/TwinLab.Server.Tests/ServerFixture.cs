using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace TwinLab.Server.Tests;

/// <summary>The server on a fresh temporary SQLite database: anonymous (--dev) by default, authenticated with <see cref="WithAuth"/>.</summary>
public sealed class ServerFactory : WebApplicationFactory<ServerSettings>
{
    private readonly string _dir = Directory.CreateTempSubdirectory("twinlab-server-").FullName;
    private readonly IReadOnlyDictionary<string, string>? _auth;
    private readonly bool _everyoneAdmin;

    public ServerFactory()
    {
    }

    private ServerFactory(IReadOnlyDictionary<string, string> auth, bool everyoneAdmin)
    {
        _auth = auth;
        _everyoneAdmin = everyoneAdmin;
    }

    /// <summary>The policy <see cref="WithAuth"/> grants every authenticated caller ADMIN on everything in.</summary>
    public const string EveryoneAdminPolicy = "test-everyone-admin";

    /// <summary>A server that requires authentication (not --dev): API keys, and JWTs signed with <paramref name="jwtKey"/>
    /// (base64) when given; more settings (e.g. <c>TwinLab:Jwt:Audience</c>) in <paramref name="settings"/>. Unless
    /// <paramref name="everyoneAdmin"/> is false, a policy grants every authenticated caller ADMIN on <c>*</c>, so tests
    /// about authentication (not access policies) may do everything once authenticated.</summary>
    public static ServerFactory WithAuth(string? jwtKey = null, IReadOnlyDictionary<string, string>? settings = null, bool everyoneAdmin = true)
    {
        var all = new Dictionary<string, string>(settings ?? new Dictionary<string, string>()) { ["TwinLab:Dev"] = "false" };
        if (jwtKey is not null) all["TwinLab:Jwt:Key"] = jwtKey;
        return new ServerFactory(all, everyoneAdmin);
    }

    protected override Microsoft.Extensions.Hosting.IHost CreateHost(Microsoft.Extensions.Hosting.IHostBuilder builder)
    {
        var host = base.CreateHost(builder);
        if (_everyoneAdmin)
            host.Services.GetRequiredService<TwinLab.Core.Security.PolicyStore>().Add(EveryoneAdminPolicy, TwinLab.Core.Security.PolicySubjects.Anyone,
                TwinLab.Core.Security.Permissions.Admin, TwinLab.Core.Security.PolicyResource.Everything, revoke: false);
        return host;
    }

    /// <summary>A <c>--dev</c> server with more configuration, e.g. <c>TwinLab:Network:InputDirectories</c>.</summary>
    public static ServerFactory WithSettings(IReadOnlyDictionary<string, string> settings) => new(settings, everyoneAdmin: false);

    /// <summary>The directory of the database (and of the development certificate).</summary>
    public string DataDirectory => _dir;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("TwinLab:Db", Path.Combine(_dir, "twinlab.db"));
        builder.UseSetting("TwinLab:Dev", "true");
        foreach (var (key, value) in _auth ?? new Dictionary<string, string>()) builder.UseSetting(key, value);
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
