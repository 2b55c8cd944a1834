using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using TwinLab.Server.Security;

namespace TwinLab.Server.Tests;

/// <summary>HTTPS accepts TLS 1.2 and 1.3 only, and the development certificate off loopback is flagged.</summary>
public sealed class SecurityTlsTests : IAsyncLifetime
{
    private LoopbackServer _server = null!;
    private Uri _address = null!;

    public async Task InitializeAsync()
    {
        _server = await LoopbackServer.StartAsync("https://127.0.0.1:0");
        _address = _server.Address;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>A TLS handshake offering only <paramref name="protocols"/>; the protocol agreed on, or the exception.</summary>
    private async Task<(SslProtocols? Agreed, Exception? Failure)> Handshake(SslProtocols protocols)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_address.Host, _address.Port);
        await using var tls = new SslStream(tcp.GetStream(), false, (_, _, _, _) => true); // the certificate is not what is tested here
        try
        {
#pragma warning disable SYSLIB0039 // TLS 1.0/1.1 are offered on purpose, to see them refused
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost", EnabledSslProtocols = protocols });
#pragma warning restore SYSLIB0039
            return (tls.SslProtocol, null);
        }
        catch (Exception e) when (e is AuthenticationException or IOException or PlatformNotSupportedException or System.ComponentModel.Win32Exception)
        {
            return (null, e);
        }
    }

    [Fact]
    public async Task Tls12_IsAccepted() => Assert.Equal(SslProtocols.Tls12, (await Handshake(SslProtocols.Tls12)).Agreed);

    [SkippableFact]
    public async Task Tls13_IsAccepted_WhereThePlatformHasIt()
    {
        var (agreed, failure) = await Handshake(SslProtocols.Tls13);
        Skip.If(agreed is null && failure is PlatformNotSupportedException, "this platform has no TLS 1.3");
        Assert.Equal(SslProtocols.Tls13, agreed);
    }

    [Fact]
    public async Task Default_NegotiatesAtLeastTls12() =>
        Assert.True((await Handshake(SslProtocols.None)).Agreed >= SslProtocols.Tls12);

    [Fact]
    public async Task Tls11AndTls10_AreRefused()
    {
        // Refused by the server's SslProtocols; on platforms whose TLS library no longer speaks them the client refuses too.
#pragma warning disable SYSLIB0039
        var (agreed, failure) = await Handshake(SslProtocols.Tls11 | SslProtocols.Tls);
#pragma warning restore SYSLIB0039
        Assert.Null(agreed);
        Assert.NotNull(failure);
    }

    [Theory]
    [InlineData("https://0.0.0.0:5443", null, true)]
    [InlineData("https://192.168.1.10:5443", null, true)]
    [InlineData("https://*:5443", null, true)]
    [InlineData("https://0.0.0.0:5443", "server.pfx", false)]
    [InlineData("https://127.0.0.1:5443", null, false)]
    [InlineData("http://127.0.0.1:5080", null, false)]
    public void DevelopmentCertificateOffLoopback_IsFlagged(string url, string? certificate, bool flagged) =>
        Assert.Equal(flagged, new ServerSettings("x.db", false, [url]) { CertificatePath = certificate }.DevCertificateOffLoopback);

    [Fact]
    public void TheProtocolsAre12And13() => Assert.Equal(SslProtocols.Tls12 | SslProtocols.Tls13, HardeningWiring.TlsProtocols);
}
