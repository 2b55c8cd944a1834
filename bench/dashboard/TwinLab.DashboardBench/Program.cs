// The dashboard's browser bench (issue 10): drives Debian's Chromium with Playwright against a running TwinLab server
// (bench/dashboard/run.sh starts `twinlab demo` + `twinlab serve --dev` on loopback) and measures
//   (a) first load of /dashboard/: navigation start → <main aria-busy="false">, cold (fresh browser context, empty cache)
//       and warm (same context, revalidated by ETag), median of N;
//   (b) a 100,000-point line chart: first draw, and frame times while zooming (wheel) and panning (drag);
//   (c) a 5,000-node graph: time for the layout to settle, frame times while it settles and while panning/zooming.
// Frame time = the interval between consecutive requestAnimationFrame callbacks in the page while real input events
// (Playwright's mouse: CDP Input.dispatchMouseEvent) arrive; draw time = the chart's own timing of each redraw.
//
//   twinlab-dashboardbench --url http://127.0.0.1:5098 [--runs 10] [--chromium /usr/bin/chromium] [--out FILE]
using System.Globalization;
using Microsoft.Playwright;

namespace TwinLab.DashboardBench;

internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        var url = (Option(args, "--url") ?? "http://127.0.0.1:5098").TrimEnd('/');
        var runs = int.Parse(Option(args, "--runs") ?? "10", CultureInfo.InvariantCulture);
        var chromium = Option(args, "--chromium") ?? Environment.GetEnvironmentVariable("TWINLAB_CHROMIUM") ?? "/usr/bin/chromium";
        var output = Option(args, "--out");
        if (!File.Exists(chromium))
        {
            Console.Error.WriteLine($"Chromium not found at '{chromium}': install Debian's 'chromium' or pass --chromium / set TWINLAB_CHROMIUM.");
            return 2;
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        var results = new List<Row>();
        var load = new PageLoadBench(browser, url);
        results.AddRange(await load.RunAsync(runs));
        results.AddRange(await new LineChartBench(browser, url).RunAsync(100_000));
        results.AddRange(await new GraphBench(browser, url).RunAsync(5_000));

        var table = Row.Markdown(results);
        Console.WriteLine();
        Console.WriteLine(table);
        if (output is not null) await File.WriteAllTextAsync(output, table);
        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}

/// <summary>One line of the results table.</summary>
internal sealed record Row(string Measurement, string Result, string Target)
{
    public static string Markdown(IEnumerable<Row> rows) =>
        "| measurement | result | target |\n|---|---|---|\n" + string.Join("\n", rows.Select(r => $"| {r.Measurement} | {r.Result} | {r.Target} |")) + "\n";
}

/// <summary>Summary statistics of samples in milliseconds.</summary>
internal sealed record Stats(int Count, double Mean, double Median, double P95, double Min, double Max)
{
    public static Stats Of(IReadOnlyCollection<double> samples)
    {
        if (samples.Count == 0) return new Stats(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        var s = samples.Order().ToArray();
        return new Stats(s.Length, s.Average(), Quantile(s, 0.5), Quantile(s, 0.95), s[0], s[^1]);
    }

    // Linear interpolation between closest ranks (Hyndman & Fan 1996, definition 7 — R's and NumPy's default).
    private static double Quantile(double[] sorted, double p)
    {
        var h = (sorted.Length - 1) * p;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(sorted.Length - 1, lo + 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    public string MeanP95 => string.Create(CultureInfo.InvariantCulture, $"mean {Mean:0.0} ms, p95 {P95:0.0} ms, max {Max:0.0} ms ({Count} frames)");
}
