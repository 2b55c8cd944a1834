using Microsoft.Playwright;

namespace TwinLab.DashboardBench;

/// <summary>The dashboard opened in a fresh 1280×720 context and rendered (<c>&lt;main aria-busy="false"&gt;</c>), for the
/// benches that then draw into it.</summary>
internal static class BenchPage
{
    /// <summary>A new context (dispose it) with the dashboard's page open and rendered.</summary>
    public static async Task<(IBrowserContext Context, IPage Page)> OpenAsync(IBrowser browser, string url)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 720 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(url + "/dashboard/");
        await page.WaitForFunctionAsync("() => document.getElementById('page').getAttribute('aria-busy') === 'false'", null, new PageWaitForFunctionOptions { Timeout = 60_000 });
        return (context, page);
    }
}
