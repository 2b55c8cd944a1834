using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TwinLab.Cli.Commands;

namespace TwinLab.Cli.Tests;

/// <summary><c>serve --cert-password</c> from a file or the environment rather than the command line.</summary>
public sealed class ServeSecurityTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void CertificatePassword_FromFile_EnvironmentOrGiven()
    {
        var file = _cli.File("cert-password.txt", "s3cret\n");
        Assert.Equal("s3cret", ServeCommand.CertificatePassword("@" + file));
        Assert.Equal("plain", ServeCommand.CertificatePassword("plain"));
        var before = Environment.GetEnvironmentVariable(ServeCommand.CertPasswordVariable);
        try
        {
            Environment.SetEnvironmentVariable(ServeCommand.CertPasswordVariable, "from-env");
            Assert.Equal("from-env", ServeCommand.CertificatePassword(null));
            Assert.Equal("given", ServeCommand.CertificatePassword("given"));
            Environment.SetEnvironmentVariable(ServeCommand.CertPasswordVariable, "@" + file);
            Assert.Equal("s3cret", ServeCommand.CertificatePassword(null));
            Environment.SetEnvironmentVariable(ServeCommand.CertPasswordVariable, null);
            Assert.Null(ServeCommand.CertificatePassword(null));
        }
        finally
        {
            Environment.SetEnvironmentVariable(ServeCommand.CertPasswordVariable, before);
        }
        Assert.Contains("cannot read the password file", Assert.Throws<CliUsageException>(() => ServeCommand.CertificatePassword("@/no/such/file")).Message);
    }

    [Fact]
    public async Task Serve_CertPasswordFile_OpensThePfx()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var pfx = Path.Combine(Path.GetDirectoryName(_cli.Db)!, "server.pfx");
        File.WriteAllBytes(pfx, certificate.Export(X509ContentType.Pkcs12, "pfx-pass"));
        var right = _cli.File("right.txt", "pfx-pass\n");
        var wrong = _cli.File("wrong.txt", "nope\n");

        var refused = _cli.Run("serve", "--dev", "--urls", "https://127.0.0.1:0", "--cert", pfx, "--cert-password", "@" + wrong);
        Assert.Equal(1, refused.Exit);
        Assert.Contains("cannot be read", refused.Err);

        string? bound = null;
        var (exit, _, err) = await Task.Run(() =>
        {
            ServeCommand.Started.Value = app =>
            {
                bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
                app.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
            };
            return _cli.Run("serve", "--dev", "--urls", "https://127.0.0.1:0", "--cert", pfx, "--cert-password", "@" + right);
        });
        Assert.True(exit == 0, err);
        Assert.StartsWith("https://127.0.0.1:", bound);
        Assert.Contains("HTTPS certificate: CN=localhost", err);
    }
}
