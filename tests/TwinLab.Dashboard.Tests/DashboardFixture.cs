using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TwinLab.Cli;
using TwinLab.Server;

namespace TwinLab.Dashboard.Tests;

/// <summary>
/// The demo database (<c>twinlab demo</c>: building, factory, contact centre, network, patient) served by a real Kestrel
/// on a loopback port in <c>--dev</c> mode, and headless Chromium driven by Playwright. Shared by every browser test.
/// </summary>
/// <remarks>Needs Debian's Chromium: <c>.ci/run</c> installs it and sets <c>TWINLAB_CHROMIUM=/usr/bin/chromium</c>. Without
/// it the tests skip, saying how to run them.</remarks>
public sealed class DashboardFixture : IAsyncLifetime
{
    /// <summary>The environment variable naming the Chromium executable.</summary>
    public const string ChromiumVariable = "TWINLAB_CHROMIUM";

    public static readonly string SkipReason =
        $"Browser tests need Chromium: install Debian's 'chromium' and set {ChromiumVariable}=/usr/bin/chromium (.ci/run does both).";

    private readonly string _dir = Directory.CreateTempSubdirectory("twinlab-dashboard-").FullName;
    private WebApplication? _app;
    private IPlaywright? _playwright;

    /// <summary>The Chromium executable, or <c>null</c> when the tests must skip.</summary>
    public static string? Chromium => Environment.GetEnvironmentVariable(ChromiumVariable) is { Length: > 0 } path ? path : null;

    /// <summary>The server's base address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The demo database served.</summary>
    public string DbPath => Path.Combine(_dir, "twinlab-demo.db");

    /// <summary>The server (for the tests that write through its services, e.g. telemetry arriving live).</summary>
    public WebApplication App => _app ?? throw new InvalidOperationException("the server is not started");

    /// <summary>The browser, or <c>null</c> when skipped.</summary>
    public IBrowser? Browser { get; private set; }

    /// <summary>What the demo printed (to find the reports it wrote).</summary>
    public string DemoOutput { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (Chromium is not { } chromium) return;
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = TwinLabCli.Run(["demo", "--db", DbPath, "--examples", Examples()], output, error);
        if (exit != 0) throw new InvalidOperationException($"twinlab demo failed ({exit}): {error}");
        DemoOutput = output.ToString();
        _app = TwinLabServer.Build(new ServerSettings(DbPath, Dev: true, ["http://127.0.0.1:0"]), Cli.Commands.Simulators.Catalog());
        await _app.StartAsync();
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>Opens the dashboard at <paramref name="route"/> (e.g. <c>explorer</c>, <c>twin/room-1</c>) in a new page
    /// that records console errors; waits until the page has rendered.</summary>
    public async Task<DashboardPage> OpenAsync(string route, int width = 1400, int height = 900)
    {
        Skip.If(Browser is null, SkipReason);
        var context = await Browser!.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        var result = new DashboardPage(this, context, page);
        await result.GoAsync(route);
        return result;
    }

    /// <summary>The repository's <c>examples/</c> folder.</summary>
    public static string Examples()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "examples");
            if (Directory.Exists(Path.Combine(candidate, "building"))) return candidate;
        }
        throw new DirectoryNotFoundException("examples/ not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The folder holding TwinLab.sln above the test's binaries (the build copies examples/ beside them, so that
    /// is no guide to the repository).</summary>
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "TwinLab.sln"))) return dir.FullName;
        return AppContext.BaseDirectory;
    }

    /// <summary>Where screenshots go: <c>$TWINLAB_ARTIFACTS/screenshots</c>, else <c>artifacts/screenshots</c> at the repository root.</summary>
    public static string ScreenshotDirectory()
    {
        var root = Environment.GetEnvironmentVariable("TWINLAB_ARTIFACTS") is { Length: > 0 } a ? a : Path.Combine(RepositoryRoot(), "artifacts");
        var dir = Path.Combine(root, "screenshots");
        Directory.CreateDirectory(dir);
        return dir;
    }
}

[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardFixture>
{
    public const string Name = "dashboard";
}
