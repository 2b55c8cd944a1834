namespace TwinLab.Cli.Tests;

public sealed class ServeCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    [Fact]
    public void Serve_WithoutDev_RefusesToStart()
    {
        var (exit, _, stderr) = _cli.Run("serve");
        Assert.Equal(1, exit);
        Assert.Contains("authentication is not implemented yet; --dev serves anonymously on loopback only", stderr);
    }

    [Fact]
    public void Serve_DevOnNonLoopback_RefusesToStart()
    {
        var (exit, _, stderr) = _cli.Run("serve", "--dev", "--urls", "http://0.0.0.0:5080");
        Assert.Equal(1, exit);
        Assert.Contains("loopback", stderr);
    }

    public void Dispose() => _cli.Dispose();
}
