using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TwinLab.Core.Application;
using TwinLab.Core.History;
using TwinLab.Server.Security;

namespace TwinLab.Server.Tests;

/// <summary>
/// The official Azure Digital Twins JavaScript client (npm <c>@azure/digital-twins-core</c> 1.1.0, api-version 2022-05-31)
/// against the real server on Kestrel over HTTPS with the development certificate and a bearer JWT: the node script in
/// <c>adt-js/</c> calls every public method of <c>DigitalTwinsClient</c> and checks each result.
/// </summary>
/// <remarks>Needs Node.js and <c>npm ci --prefix tests/TwinLab.Server.Tests/adt-js</c>, with <c>TWINLAB_ADT_JS</c> naming that
/// folder (<c>.ci/run</c> does both); skipped otherwise, which fails the run under <c>CI=true</c>.</remarks>
public sealed class AdtJavaScriptClientTests
{
    /// <summary>
    /// THE ONE SWITCH for authentication. <c>true</c>: the server runs without <c>--dev</c> and validates the JWT itself
    /// (<c>TwinLab:Jwt:Key|Issuer|Audience</c>). <c>false</c> (for a server without authentication): the server runs in
    /// dev mode and this test's own middleware refuses any request that does not carry the token.
    /// </summary>
    private const bool ServerAuthenticates = true;

    /// <summary>Every public method of <c>DigitalTwinsClient</c> 1.1.0 (from its <c>digital-twins-core.d.ts</c>).</summary>
    private static readonly string[] ClientMethods =
    [
        "createModels", "getModel", "listModels", "decomissionModel", "deleteModel",
        "upsertDigitalTwin", "getDigitalTwin", "updateDigitalTwin", "deleteDigitalTwin",
        "getComponent", "updateComponent",
        "upsertRelationship", "getRelationship", "updateRelationship", "deleteRelationship", "listRelationships", "listIncomingRelationships",
        "publishTelemetry", "publishComponentTelemetry",
        "upsertEventRoute", "getEventRoute", "listEventRoutes", "deleteEventRoute",
        "queryTwins",
    ];

    private const string Issuer = "twinlab-js-client-test";
    private const string Audience = ServerSettings.DefaultJwtAudience; // what a token for https://digitaltwins.azure.net/.default carries
    private const string Subject = "js-client-test";

    [SkippableFact]
    public async Task OfficialJavaScriptClient_EveryMethod_WorksOverHttpsWithABearerToken()
    {
        var folder = Environment.GetEnvironmentVariable("TWINLAB_ADT_JS");
        const string how = "run `npm ci --prefix tests/TwinLab.Server.Tests/adt-js` (Node.js 18+ and npm needed) and set " +
            "TWINLAB_ADT_JS to that folder's absolute path; .ci/run does both";
        Skip.If(string.IsNullOrEmpty(folder), $"TWINLAB_ADT_JS is not set: {how}");
        Skip.IfNot(Directory.Exists(Path.Combine(folder!, "node_modules", "@azure", "digital-twins-core")),
            $"{folder}/node_modules/@azure/digital-twins-core is missing: {how}");
        var node = FindOnPath("node");
        Skip.If(node is null, $"node is not on PATH: {how}");

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(50));
        var dir = Directory.CreateTempSubdirectory("twinlab-adt-js-").FullName;
        try
        {
            var (certificate, pemPath, _) = DevCertificate.LoadOrCreate(dir);
            var key = RandomNumberGenerator.GetBytes(32);
            var token = MintHs256(key, Issuer, Audience, Subject, DateTimeOffset.UtcNow.AddMinutes(10));
            var seen = new ConcurrentQueue<(bool Https, string? Authorization, string Path)>();

            await using var app = StartServer(dir, certificate, key, token, seen);
            await app.StartAsync(timeout.Token);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
                .Single(a => a.StartsWith("https://", StringComparison.Ordinal));

            await AssertTokenIsRequired(address, certificate, key, timeout.Token);
            // Routes may only name existing endpoints (as in ADT, whose endpoints live in its control plane, which the client does not cover).
            var endpoints = app.Services.GetRequiredService<TwinLab.Server.Routing.Delivery.EndpointStore>();
            foreach (var name in new[] { "endpoint-a", "endpoint-b" })
                endpoints.Put(new TwinLab.Server.Routing.Delivery.EndpointDefinition(name, TwinLab.Server.Routing.Delivery.EndpointTypes.Sse));

            var (exit, output) = await RunNode(node!, folder!, address, token, pemPath, timeout.Token);
            Assert.True(exit == 0, $"the ADT JavaScript client test failed (exit {exit}):\n{output}");
            foreach (var method in ClientMethods)
                Assert.True(output.Contains($"ok   {method}: ", StringComparison.Ordinal), $"no 'ok' line for {method}:\n{output}");
            Assert.Contains($"all {ClientMethods.Length} DigitalTwinsClient methods passed", output);

            // Every request the client sent came over TLS with the credential's token.
            var requests = seen.ToArray();
            Assert.True(requests.Length >= ClientMethods.Length * 2, $"only {requests.Length} requests reached the server");
            Assert.All(requests, r => Assert.True(r.Https, $"{r.Path} came over plain HTTP"));
            Assert.All(requests, r => Assert.Equal($"Bearer {token}", r.Authorization));

            // What the client wrote is in the store.
            var service = app.Services.GetRequiredService<TwinService>();
            var snapshot = service.SnapshotOf(BranchInfo.Main);
            Assert.True(snapshot.Models.Contains("dtmi:twinlab:jsclient:Room;1"));
            Assert.False(snapshot.Models.Contains("dtmi:twinlab:jsclient:Spare;1"));
            Assert.True(snapshot.GetTwin("room-1").Properties.TryGetValue("temperature", out var temperature));
            Assert.Equal(23, temperature.Value.GetDouble());
            Assert.False(snapshot.Twins.ContainsKey("room-2"));
            var telemetry = service.ReadTelemetry("room-1", null, DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
            // js-msg-1 was sent twice: the repeated Message-Id is recorded once.
            Assert.Equal(new[] { 3, 4 }, telemetry.Where(p => p.Component is null && p.Name == "occupancy").Select(p => p.Value.GetInt32()).Order());
            var humidity = Assert.Single(telemetry, p => p.Name == "humidity");
            Assert.Equal(("thermostat", 41.5), (humidity.Component, humidity.Value.GetDouble()));
            await app.StopAsync(timeout.Token);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>The server as <c>twinlab serve</c> builds it, on a dynamic HTTPS port of 127.0.0.1.</summary>
    private static WebApplication StartServer(string dir, X509Certificate2 certificate, byte[] key, string token,
        ConcurrentQueue<(bool, string?, string)> seen)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TwinLab:Db"] = Path.Combine(dir, "twinlab.db"),
            ["TwinLab:Dev"] = ServerAuthenticates ? "false" : "true",
            ["TwinLab:Jwt:Key"] = ServerAuthenticates ? Convert.ToBase64String(key) : null,
            ["TwinLab:Jwt:Issuer"] = ServerAuthenticates ? Issuer : null,
            ["TwinLab:Jwt:Audience"] = ServerAuthenticates ? Audience : null,
            ["urls"] = "https://127.0.0.1:0",
        });
        var settings = ServerSettings.From(builder.Configuration);
        // The development certificate of the database's folder, made above; PEM beside it for node to trust.
        builder.WebHost.ConfigureKestrel(o => o.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        var app = TwinLabServer.Configure(builder, settings);
        // Nothing is allowed without a grant: the client's subject may do everything the test does.
        app.Services.GetRequiredService<TwinLab.Core.Security.PolicyStore>().Add("adt-js", "*",
            TwinLab.Core.Security.Permissions.Admin, TwinLab.Core.Security.PolicyResource.Everything, revoke: false);
        // Runs after the server's own authentication, before the endpoints: records how each request arrived.
        app.Use(async (context, next) =>
        {
            var authorization = context.Request.Headers.Authorization.ToString();
            seen.Enqueue((context.Request.IsHttps, authorization.Length == 0 ? null : authorization, context.Request.Path.Value ?? ""));
            if (!ServerAuthenticates && authorization != $"Bearer {token}")
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }
            await next(context);
        });
        return app;
    }

    /// <summary>The server refuses a request without a token and one signed with another key, so the client's success
    /// below means its token was checked.</summary>
    private static async Task AssertTokenIsRequired(string address, X509Certificate2 certificate, byte[] key, CancellationToken cancel)
    {
        using var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, _) =>
            presented is not null && presented.GetCertHashString() == certificate.GetCertHashString();
        using var http = new HttpClient(handler) { BaseAddress = new Uri(address) };
        var anonymous = await http.GetAsync("/models?api-version=2022-05-31", cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var otherKey = key.Select(b => (byte)(b ^ 0xFF)).ToArray();
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/models?api-version=2022-05-31");
        forged.Headers.Authorization = new AuthenticationHeaderValue("Bearer", MintHs256(otherKey, Issuer, Audience, Subject, DateTimeOffset.UtcNow.AddMinutes(5)));
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(forged, cancel)).StatusCode);
    }

    /// <summary>Runs the script with the certificate trusted through <c>NODE_EXTRA_CA_CERTS</c>; kills it at the deadline.</summary>
    private static async Task<(int Exit, string Output)> RunNode(string node, string folder, string address, string token, string pemPath, CancellationToken cancel)
    {
        var psi = new ProcessStartInfo(node)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(folder, "adt-client-test.js"));
        psi.Environment["TWINLAB_URL"] = address;
        psi.Environment["TWINLAB_TOKEN"] = token;
        psi.Environment["NODE_EXTRA_CA_CERTS"] = pemPath;
        psi.Environment.Remove("NODE_TLS_REJECT_UNAUTHORIZED"); // the certificate must really be trusted
        psi.Environment.Remove("TWINLAB_ADT_JS_KEEP_GOING");
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {node}");
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancel);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            lock (output) Assert.Fail($"the ADT JavaScript client test did not finish in time:\n{output}");
        }
        process.WaitForExit(); // drains the redirected output
        lock (output) return (process.ExitCode, output.ToString());
    }

    /// <summary>An HS256 JWT made by hand (header.payload.signature, base64url), independent of the server's token library.</summary>
    private static string MintHs256(byte[] key, string issuer, string audience, string subject, DateTimeOffset expires)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["alg"] = "HS256", ["typ"] = "JWT" });
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["iss"] = issuer, ["aud"] = audience, ["sub"] = subject, ["iat"] = now, ["nbf"] = now, ["exp"] = expires.ToUnixTimeSeconds(),
        });
        var signed = $"{Base64Url(header)}.{Base64Url(payload)}";
        return $"{signed}.{Base64Url(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(signed)))}";
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, OperatingSystem.IsWindows() ? name + ".exe" : name))
            .FirstOrDefault(File.Exists);
}
