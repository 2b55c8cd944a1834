namespace TwinLab.Server.Tests;

public sealed class ServerSettingsTests
{
    [Fact]
    public void RefusalReason_WithoutDev_AuthenticationNotImplemented() =>
        Assert.Equal("authentication is not implemented yet; --dev serves anonymously on loopback only",
            new ServerSettings("x.db", Dev: false, [ServerSettings.DefaultUrl]).RefusalReason());

    [Theory]
    [InlineData("http://127.0.0.1:5080")]
    [InlineData("http://localhost:5080")]
    [InlineData("http://[::1]:5080")]
    public void RefusalReason_DevOnLoopback_Allowed(string url) =>
        Assert.Null(new ServerSettings("x.db", Dev: true, [url]).RefusalReason());

    [Theory]
    [InlineData("http://0.0.0.0:5080")]
    [InlineData("http://192.168.1.10:5080")]
    [InlineData("http://*:5080")]
    [InlineData("http://example.com")]
    public void RefusalReason_DevOffLoopback_Refused(string url) =>
        Assert.Contains("loopback", new ServerSettings("x.db", Dev: true, [url]).RefusalReason());
}
