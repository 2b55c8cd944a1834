using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TwinLab.Cli.Commands;
using TwinLab.Server.Security;

namespace TwinLab.Cli.Tests;

public sealed class ServeCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    private static void AssertUserError((int Exit, string Out, string Err) result, string mentions)
    {
        Assert.Equal(1, result.Exit);
        Assert.StartsWith("error: ", result.Err);
        Assert.Contains(mentions, result.Err);
    }

    [Fact]
    public void Serve_DevOnNonLoopback_RefusesToStart() =>
        AssertUserError(_cli.Run("serve", "--dev", "--urls", "https://0.0.0.0:5443"), "loopback");

    [Fact]
    public void Serve_PlainHttpOffLoopback_RefusesToStart() =>
        AssertUserError(_cli.Run("serve", "--urls", "http://0.0.0.0:5080"), "TLS");

    [Fact]
    public void Serve_ShortJwtKey_RefusesToStart() =>
        AssertUserError(_cli.Run("serve", "--jwt-key", "c2hvcnQ="), "JWT key");

    [Fact]
    public void Serve_PlainHttpJwtAuthorityOffLoopback_RefusesToStart() =>
        AssertUserError(_cli.Run("serve", "--jwt-authority", "http://login.example.com/tenant"), "must be https://");

    [Fact]
    public async Task Serve_WithJwtAuthority_SaysSo_AndAnswersWithSecurityHeaders()
    {
        var (exit, err) = await Serve(async address =>
        {
            using var client = new HttpClient();
            var refused = await client.GetAsync(address + "/models?api-version=2023-10-31");
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("nosniff", refused.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("DENY", refused.Headers.GetValues("X-Frame-Options").Single());
        }, "--urls", "http://127.0.0.1:0", "--jwt-authority", "http://127.0.0.1:9/realms/twins");
        Assert.True(exit == 0, err);
        Assert.Contains("a JWT from the OpenID Connect issuer http://127.0.0.1:9/realms/twins", err);
    }

    [Fact]
    public void Serve_MissingCertificate_RefusesToStart() =>
        AssertUserError(_cli.Run("serve", "--cert", "/no/such/cert.pfx"), "not found");

    /// <summary>Runs <c>twinlab serve ARGS</c> until <paramref name="use"/>, given the listening address, has finished with it.</summary>
    private Task<(int Exit, string Err)> Serve(Func<string, Task> use, params string[] args) => RunServing(["serve", .. args], use);

    /// <summary>Runs the command line <paramref name="args"/> (a verb that ends up serving) until <paramref name="use"/>,
    /// given the listening address, has finished with it.</summary>
    private async Task<(int Exit, string Err)> RunServing(string[] args, Func<string, Task> use)
    {
        Exception? failure = null;
        var (exit, _, err) = await Task.Run(() =>
        {
            ServeCommand.Started.Value = app =>
            {
                try
                {
                    var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
                    use(address).GetAwaiter().GetResult();
                }
                catch (Exception e)
                {
                    failure = e;
                }
                finally
                {
                    app.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
                }
            };
            return _cli.Run(args);
        });
        if (failure is not null) throw new Xunit.Sdk.XunitException($"while serving ({err}): {failure}");
        return (exit, err);
    }

    [Fact]
    public async Task DemoServe_LoadsTheDemo_ThenServesItsDashboardAndApiAnonymouslyOnLoopback()
    {
        var (exit, err) = await RunServing(["demo", "--examples", _cli.Examples, "--serve", "--urls", "http://127.0.0.1:0", "--json"], async address =>
        {
            Assert.StartsWith("http://127.0.0.1:", address);
            using var client = new HttpClient { BaseAddress = new Uri(address) };
            var page = await client.GetAsync("/dashboard/");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("js/app.js", await page.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/digitaltwins/room-001?api-version=2023-10-31")).StatusCode);
            // The factory's line is in main too, so its scenario templates run on the server.
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/digitaltwins/line-a?api-version=2023-10-31")).StatusCode);
        });
        Assert.True(exit == 0, err);
        Assert.Contains("/dashboard/ in a browser", err);
    }

    [Fact]
    public async Task Serve_DevOverHttps_PrintsTheDevelopmentCertificate_ClientsTrustingItConnect()
    {
        var pem = Path.Combine(Path.GetDirectoryName(_cli.Db)!, DevCertificate.PemName);
        var (exit, err) = await Serve(async address =>
        {
            Assert.StartsWith("https://127.0.0.1:", address);
            using var client = new HttpClient(new HttpClientHandler
            {
                ServerCertificateCustomValidationCallback = (_, certificate, _, errors) =>
                {
                    if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0) return false;
                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(X509Certificate2.CreateFromPem(File.ReadAllText(pem)));
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return chain.Build(certificate);
                },
            });
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(address + "/models?api-version=2023-10-31")).StatusCode);
        }, "--dev", "--urls", "https://127.0.0.1:0");
        Assert.True(exit == 0, err);
        Assert.Contains($"HTTPS development certificate: {pem} (trust it with NODE_EXTRA_CA_CERTS={pem} or curl --cacert {pem})", err);
        Assert.Contains("Anonymous access (--dev)", err);
        Assert.True(File.Exists(pem));
    }

    [Fact]
    public async Task Serve_WithoutDev_RequiresAnApiKey()
    {
        var key = _cli.Json("apikeys", "create", "serve-test", "--grant", "read")["key"]!.GetValue<string>();
        var (exit, err) = await Serve(async address =>
        {
            using var client = new HttpClient();
            var refused = await client.GetAsync(address + "/models?api-version=2023-10-31");
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("Unauthorized", refused.Headers.GetValues("x-ms-error-code").Single());
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(address + "/models?api-version=2023-10-31")).StatusCode);
        }, "--urls", "http://127.0.0.1:0");
        Assert.True(exit == 0, err);
        Assert.Contains("Authentication required", err);
        Assert.Contains("1 active", err);
        Assert.Contains("JWTs are not accepted", err);
        Assert.DoesNotContain("HTTPS development certificate", err);
    }

    [Fact]
    public void Serve_PortInUse_IsAUserError()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        AssertUserError(_cli.Run("serve", "--dev", "--urls", $"http://127.0.0.1:{port}"), "cannot listen on");
    }

    public void Dispose() => _cli.Dispose();
}
