using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using TwinLab.Server.Security;
using static TwinLab.Server.Tests.Adt;

namespace TwinLab.Server.Tests;

/// <summary>HTTPS on a real Kestrel: the development certificate beside the database, or a configured one.</summary>
public sealed class SecurityHttpsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("twinlab-https-").FullName;

    /// <summary>A client that trusts exactly the certificate in <paramref name="pem"/> as its root, and checks the host name.</summary>
    internal static HttpClient TrustingOnly(string pem, Action<X509Certificate2>? seen = null) => new(new HttpClientHandler
    {
        ServerCertificateCustomValidationCallback = (_, certificate, _, errors) =>
        {
            if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0) return false;
            seen?.Invoke(certificate);
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(X509Certificate2.CreateFromPem(File.ReadAllText(pem)));
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(certificate);
        },
    })
    { Timeout = TimeSpan.FromSeconds(20) };

    private async Task<(WebApplication App, string Address)> Start(ServerSettings settings)
    {
        var app = TwinLabServer.Build(settings);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return (app, address);
    }

    private ServerSettings Settings(bool dev = true) => new(Path.Combine(_dir, "twinlab.db"), dev, ["https://127.0.0.1:0"]);

    [Fact]
    public async Task NoCertificateConfigured_ServesWithDevCertificateBesideTheDatabase()
    {
        var (app, address) = await Start(Settings());
        await using (app)
        {
            Assert.StartsWith("https://127.0.0.1:", address);
            var pem = Path.Combine(_dir, DevCertificate.PemName);
            Assert.Equal(pem, app.Services.GetRequiredService<ServerCertificate>().DevPemPath);
            using var client = TrustingOnly(pem);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(address + Url("/models"))).StatusCode);

            // Without trusting the PEM, validation fails: the test above really validated the chain.
            using var strict = new HttpClient();
            await Assert.ThrowsAsync<HttpRequestException>(() => strict.GetAsync(address + Url("/models")));
            await app.StopAsync();
        }
    }

    [Fact]
    public void DevCertificate_IsReusedByTheNextStart()
    {
        var first = DevCertificate.LoadOrCreate(_dir);
        var second = DevCertificate.LoadOrCreate(_dir);
        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal(first.Certificate.Thumbprint, second.Certificate.Thumbprint);
        Assert.True(second.Certificate.HasPrivateKey);
    }

    [Fact]
    public async Task ConfiguredPfx_IsTheServedCertificate_AndAuthApplies()
    {
        var made = DevCertificate.Create(DateTimeOffset.UtcNow);
        var pfx = Path.Combine(_dir, "server.pfx");
        await File.WriteAllBytesAsync(pfx, made.Export(X509ContentType.Pkcs12, "s3cret"));
        var pem = Path.Combine(_dir, "server.pem");
        await File.WriteAllTextAsync(pem, made.ExportCertificatePem());

        var (app, address) = await Start(Settings(dev: false) with { CertificatePath = pfx, CertificatePassword = "s3cret" });
        await using (app)
        {
            Assert.False(File.Exists(Path.Combine(_dir, DevCertificate.PemName)));
            string? thumbprint = null;
            using var client = TrustingOnly(pem, c => thumbprint = c.Thumbprint);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(address + Url("/models"))).StatusCode);
            Assert.Equal(made.Thumbprint, thumbprint);
            var key = app.Services.GetRequiredService<ApiKeyStore>().Create("https-test");
            app.Services.GetRequiredService<TwinLab.Core.Security.PolicyStore>().Add("https-test", "key:https-test",
                TwinLab.Core.Security.Permissions.Read, TwinLab.Core.Security.PolicyResource.Everything, revoke: false);
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key.Key);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(address + Url("/models"))).StatusCode);
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task ConfiguredPemWithKey_IsServed()
    {
        using var made = DevCertificate.Create(DateTimeOffset.UtcNow);
        var cert = Path.Combine(_dir, "cert.pem");
        var key = Path.Combine(_dir, "key.pem");
        await File.WriteAllTextAsync(cert, made.ExportCertificatePem());
        await File.WriteAllTextAsync(key, made.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
        var (app, address) = await Start(Settings() with { CertificatePath = cert, CertificateKeyPath = key });
        await using (app)
        {
            using var client = TrustingOnly(cert);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(address + Url("/models"))).StatusCode);
            await app.StopAsync();
        }
    }

    [Fact]
    public void UnreadableCertificate_StopsTheStartWithAClearMessage()
    {
        var bad = Path.Combine(_dir, "bad.pfx");
        File.WriteAllBytes(bad, RandomNumberGenerator.GetBytes(200));
        var e = Assert.Throws<InvalidOperationException>(() => TwinLabServer.Build(Settings() with { CertificatePath = bad }));
        Assert.Contains("bad.pfx", e.Message);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
