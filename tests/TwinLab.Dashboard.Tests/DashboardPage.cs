using Microsoft.Playwright;

namespace TwinLab.Dashboard.Tests;

/// <summary>A browser page on the dashboard that fails the test on any console error, uncaught exception or failed
/// request to the server (checked by <see cref="AssertCleanAsync"/>, which <see cref="DisposeAsync"/> also calls).</summary>
public sealed class DashboardPage : IAsyncDisposable
{
    private readonly DashboardFixture _fixture;
    private readonly IBrowserContext _context;
    private readonly List<string> _problems = [];

    internal DashboardPage(DashboardFixture fixture, IBrowserContext context, IPage page)
    {
        _fixture = fixture;
        _context = context;
        Page = page;
        page.Console += (_, m) => { if (m.Type == "error") lock (_problems) _problems.Add($"console error: {m.Text} ({m.Location})"); };
        page.PageError += (_, e) => { lock (_problems) _problems.Add($"uncaught: {e}"); };
        page.RequestFailed += (_, r) =>
        {
            if (r.Failure is { } f && !f.Contains("ERR_ABORTED", StringComparison.Ordinal)) lock (_problems) _problems.Add($"request failed: {r.Method} {r.Url}: {f}");
        };
    }

    /// <summary>The Playwright page.</summary>
    public IPage Page { get; }

    /// <summary>Problems allowed by a test (e.g. an expected 404 it provokes); matched as substrings.</summary>
    public List<string> Allowed { get; } = [];

    /// <summary>Goes to <c>/dashboard/#/ROUTE</c> and waits until the page has rendered (<c>main[aria-busy=false]</c>).</summary>
    public async Task GoAsync(string route)
    {
        await Page.GotoAsync($"{_fixture.BaseUrl}/dashboard/#/{route}");
        await WaitRenderedAsync();
    }

    /// <summary>Waits until the current page's render has finished.</summary>
    public Task WaitRenderedAsync(float timeoutMs = 60_000) =>
        Page.WaitForFunctionAsync("() => document.body.dataset.page && document.getElementById('page').getAttribute('aria-busy') === 'false'", null, new PageWaitForFunctionOptions { Timeout = timeoutMs });

    /// <summary>Waits until page <paramref name="name"/> has rendered: after a click that navigates, the page shown before
    /// is still rendered until the router has handled the new address, so <see cref="WaitRenderedAsync"/> alone may return
    /// on the old page.</summary>
    public Task WaitForPageAsync(string name, float timeoutMs = 60_000) =>
        Page.WaitForFunctionAsync("name => document.body.dataset.page === name && document.getElementById('page').getAttribute('aria-busy') === 'false'",
            name, new PageWaitForFunctionOptions { Timeout = timeoutMs });

    /// <summary>Saves a full-page screenshot as <c>NAME.png</c> in the artifacts folder.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var path = Path.Combine(DashboardFixture.ScreenshotDirectory(), name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    /// <summary>Fails if the page logged an error, threw, or a request failed.</summary>
    public Task AssertCleanAsync()
    {
        string[] problems;
        lock (_problems) problems = [.. _problems.Where(p => !Allowed.Any(a => p.Contains(a, StringComparison.Ordinal)))];
        Assert.True(problems.Length == 0, "The page reported problems:\n" + string.Join("\n", problems));
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await AssertCleanAsync();
        }
        finally
        {
            await _context.CloseAsync();
        }
    }
}
