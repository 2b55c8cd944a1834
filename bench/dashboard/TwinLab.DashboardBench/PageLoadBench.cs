using System.Globalization;
using Microsoft.Playwright;

namespace TwinLab.DashboardBench;

/// <summary>First load of <c>/dashboard/</c>: from navigation start (<c>performance.timeOrigin</c>) until the router sets
/// <c>&lt;main aria-busy="false"&gt;</c> (the page rendered its data), seen by a MutationObserver installed before any
/// page script runs; and, since the Twins page shows its form and results first and draws the graph when its data and
/// code have arrived, also until the graph's first frame (<c>#ex-graph[data-nodes]</c> set, then the next animation frame).</summary>
internal sealed class PageLoadBench(IBrowser browser, string url)
{
    private const string Observer = """
        (() => {
          window.__rendered = null;
          const watch = () => {
            const main = document.getElementById('page');
            if (!main) return false;
            const check = () => { if (window.__rendered === null && main.getAttribute('aria-busy') === 'false') { window.__rendered = performance.now(); obs.disconnect(); } };
            const obs = new MutationObserver(check);
            obs.observe(main, { attributes: true, attributeFilter: ['aria-busy'] });
            return true;
          };
          if (!watch()) document.addEventListener('DOMContentLoaded', watch, { once: true });
        })();
        """;

    private static readonly BrowserNewContextOptions Laptop = new() { ViewportSize = new ViewportSize { Width = 1280, Height = 720 } };

    public async Task<IEnumerable<Row>> RunAsync(int runs)
    {
        // One untimed load first: the server's JIT and SQLite caches are warm for every timed run.
        await using (var warmup = await NewContextAsync()) await LoadAsync(await warmup.NewPageAsync());

        var cold = new List<double>();
        var coldGraph = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            await using var context = await NewContextAsync();
            var (rendered, graph) = await LoadAsync(await context.NewPageAsync());
            cold.Add(rendered);
            coldGraph.Add(graph);
        }
        var warm = new List<double>();
        var warmGraph = new List<double>();
        await using (var context = await NewContextAsync())
        {
            var page = await context.NewPageAsync();
            await LoadAsync(page);
            for (var i = 0; i < runs; i++)
            {
                var (rendered, graph) = await LoadAsync(page);
                warm.Add(rendered);
                warmGraph.Add(graph);
            }
        }
        var c = Stats.Of(cold);
        var w = Stats.Of(warm);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"first load cold: {string.Join(", ", cold.Select(x => x.ToString("0", CultureInfo.InvariantCulture)))} ms"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"first load warm: {string.Join(", ", warm.Select(x => x.ToString("0", CultureInfo.InvariantCulture)))} ms"));
        return
        [
            new Row($"First load of /dashboard/, cold cache (median of {runs})", Ms(c), "< 1,000 ms"),
            new Row($"First load of /dashboard/, warm cache (median of {runs})", Ms(w), "< 1,000 ms"),
            new Row($"… until the Twins graph's first frame, cold cache (median of {runs})", Ms(Stats.Of(coldGraph)), "—"),
            new Row($"… until the Twins graph's first frame, warm cache (median of {runs})", Ms(Stats.Of(warmGraph)), "—"),
        ];
    }

    private static string Ms(Stats s) => string.Create(CultureInfo.InvariantCulture, $"{s.Median:0} ms (min {s.Min:0}, max {s.Max:0})");

    private async Task<IBrowserContext> NewContextAsync()
    {
        var context = await browser.NewContextAsync(Laptop);
        await context.AddInitScriptAsync(Observer);
        return context;
    }

    private async Task<(double Rendered, double GraphDrawn)> LoadAsync(IPage page)
    {
        await page.GotoAsync(url + "/dashboard/", new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
        await page.WaitForFunctionAsync("() => window.__rendered !== null", null, new PageWaitForFunctionOptions { Timeout = 60_000 });
        var rendered = await page.EvaluateAsync<double>("() => window.__rendered");
        await page.WaitForFunctionAsync("() => document.getElementById('ex-graph')?.dataset.nodes !== undefined", null,
            new PageWaitForFunctionOptions { Timeout = 60_000, PollingInterval = 5 });
        var graph = await page.EvaluateAsync<double>("() => new Promise(r => requestAnimationFrame(() => r(performance.now())))");
        return (rendered, graph);
    }
}
