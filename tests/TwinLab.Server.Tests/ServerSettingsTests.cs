using Microsoft.Extensions.Configuration;
using TwinLab.Server.Security;

namespace TwinLab.Server.Tests;

public sealed class ServerSettingsTests
{
    private static ServerSettings Settings(bool dev, params string[] urls) => new("x.db", dev, urls);

    [Fact]
    public void Default_IsHttpsOnLoopback_AndAllowedWithoutDev()
    {
        Assert.Equal("https://127.0.0.1:5443", ServerSettings.DefaultUrl);
        Assert.Null(Settings(false, ServerSettings.DefaultUrl).RefusalReason());
    }

    [Theory]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://localhost:5080")]
    [InlineData("http://[::1]:5080")]
    [InlineData("https://127.0.0.1:5443")]
    public void RefusalReason_DevOnLoopback_Allowed(string url) =>
        Assert.Null(Settings(true, url).RefusalReason());

    [Theory]
    [InlineData("http://0.0.0.0:5080")]
    [InlineData("http://192.168.1.10:5080")]
    [InlineData("http://*:5080")]
    [InlineData("http://example.com")]
    [InlineData("https://0.0.0.0:5443")]
    public void RefusalReason_DevOffLoopback_Refused(string url) =>
        Assert.Contains("--dev serves anonymously and is allowed on loopback addresses only", Settings(true, url).RefusalReason());

    [Theory]
    [InlineData("http://0.0.0.0:5080")]
    [InlineData("http://*:5080")]
    [InlineData("http://10.1.2.3:5080")]
    public void RefusalReason_PlainHttpOffLoopback_RefusedEvenWithAuth(string url) =>
        Assert.Contains("TLS", Settings(false, url).RefusalReason());

    [Theory]
    [InlineData("https://0.0.0.0:5443")]
    [InlineData("https://*:5443")]
    [InlineData("http://127.0.0.1:5080")]
    public void RefusalReason_AuthenticatedOverTlsOrOnLoopback_Allowed(string url) =>
        Assert.Null(Settings(false, url).RefusalReason());

    [Theory]
    [InlineData("ftp://127.0.0.1")]
    [InlineData("not a url")]
    public void RefusalReason_NotHttp_Refused(string url) =>
        Assert.Contains("not an http:// or https:// address", Settings(false, url).RefusalReason());

    [Theory]
    [InlineData("c2hvcnQ=", "bits")]
    [InlineData("%%%not base64%%%", "base64")]
    [InlineData("@/no/such/key/file", "not found")]
    public void RefusalReason_BadJwtKey_Refused(string key, string why)
    {
        var reason = Settings(false, ServerSettings.DefaultUrl) with { JwtKey = key };
        Assert.Contains("JWT key", reason.RefusalReason());
        Assert.Contains(why, reason.RefusalReason());
    }

    [Fact]
    public void JwtKey_FromFile_Accepted()
    {
        var file = Path.GetTempFileName();
        try
        {
            var key = JwtTokens.NewKey();
            File.WriteAllText(file, key + "\n");
            Assert.Null((Settings(false, ServerSettings.DefaultUrl) with { JwtKey = "@" + file }).RefusalReason());
            Assert.Equal(Convert.FromBase64String(key), JwtTokens.ReadKey("@" + file));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void MissingCertificateFile_Refused() =>
        Assert.Contains("not found", (Settings(false, ServerSettings.DefaultUrl) with { CertificatePath = "/no/such.pfx" }).RefusalReason());

    [Fact]
    public void From_ReadsEverySetting()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TwinLab:Db"] = "a.db",
            ["TwinLab:Dev"] = "false",
            ["urls"] = "https://0.0.0.0:1; http://127.0.0.1:2",
            ["TwinLab:Certificate:Path"] = "c.pem",
            ["TwinLab:Certificate:KeyPath"] = "k.pem",
            ["TwinLab:Certificate:Password"] = "pw",
            ["TwinLab:Jwt:Key"] = "@key",
            ["TwinLab:Jwt:Issuer"] = "me",
            ["TwinLab:Jwt:Audience"] = "https://example.test",
            ["TwinLab:Encryption:KeyFile"] = "/etc/twinlab/master.key",
        }).Build();
        var s = ServerSettings.From(config);
        Assert.Equal(("a.db", false), (s.DbPath, s.Dev));
        Assert.Equal(["https://0.0.0.0:1", "http://127.0.0.1:2"], s.Urls);
        Assert.Equal(("c.pem", "k.pem", "pw"), (s.CertificatePath, s.CertificateKeyPath, s.CertificatePassword));
        Assert.Equal(("@key", "me", "https://example.test"), (s.JwtKey, s.JwtIssuer, s.JwtAudience));
        Assert.Equal("/etc/twinlab/master.key", s.EncryptionKeyFile);
    }

    [Fact]
    public void From_Defaults()
    {
        var s = ServerSettings.From(new ConfigurationBuilder().Build());
        Assert.Equal([ServerSettings.DefaultUrl], s.Urls);
        Assert.Equal(("twinlab", "https://digitaltwins.azure.net"), (s.JwtIssuer, s.JwtAudience));
        Assert.Null(s.JwtKey);
        Assert.Null(s.CertificatePath);
        Assert.Null(s.EncryptionKeyFile);
        Assert.False(s.Dev);
    }

    [Fact]
    public void ToString_HidesSecrets()
    {
        var text = (Settings(false, ServerSettings.DefaultUrl) with { JwtKey = "c2VjcmV0LWtleQ==", CertificatePassword = "hunter2" }).ToString();
        Assert.DoesNotContain("c2VjcmV0LWtleQ==", text);
        Assert.DoesNotContain("hunter2", text);
        Assert.Contains("***", text);
    }

    [Theory]
    [InlineData("https://digitaltwins.azure.net")]
    [InlineData("https://digitaltwins.azure.net/")]
    public void Audience_AcceptedWithAndWithoutTrailingSlash(string configured) =>
        Assert.Equal(["https://digitaltwins.azure.net", "https://digitaltwins.azure.net/"], JwtTokens.AudienceVariants(configured).Order());
}
