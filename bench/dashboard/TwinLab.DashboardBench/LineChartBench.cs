using System.Globalization;
using Microsoft.Playwright;

namespace TwinLab.DashboardBench;

/// <summary>A line chart of N points (a random walk plus a slow sine, one point a minute) in the dashboard page: first
/// draw (constructor until the next frame), then frame and draw times while the wheel zooms in, the mouse drags the view
/// back and forth, and the wheel zooms out again.</summary>
internal sealed class LineChartBench(IBrowser browser, string url)
{
    public async Task<IEnumerable<Row>> RunAsync(int points)
    {
        var (context, page) = await BenchPage.OpenAsync(browser, url);
        await using var _ = context;
        var first = await page.EvaluateAsync<double[]>("""
            async n => {
              const { lineChart } = await import('/dashboard/js/charts.js');
              const box = document.createElement('div'); box.id = 'bench-line';
              document.querySelector('main').prepend(box);
              const x = new Float64Array(n), y = new Float64Array(n);
              let v = 0, seed = 12345;
              const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
              for (let i = 0; i < n; i++) { x[i] = Date.UTC(2026, 0, 1) + i * 60000; v += rnd() - 0.5; y[i] = 20 + v + 3 * Math.sin(i / 1440 * 2 * Math.PI); }
              const t0 = performance.now();
              window.benchLine = lineChart(box, { title: 'Bench', xType: 'time', xLabel: 'Time', yLabel: 'Value', series: [{ name: 'signal', x, y }] });
              const built = performance.now() - t0;
              await new Promise(r => requestAnimationFrame(() => r()));
              return [built, performance.now() - t0, window.benchLine.stats().lastDrawMs];
            }
            """, points);
        var box = (await page.Locator("#bench-line canvas.chart-overlay").BoundingBoxAsync())!;

        await page.EvaluateAsync("() => window.benchLine.stats().drawTimes.length = 0");
        await FrameRecorder.StartAsync(page);
        await FrameRecorder.WheelAsync(page, box, 25, -120);
        var zoomFrames = await FrameRecorder.StopAsync(page);
        var zoomDraws = await DrawTimesAsync(page);

        await FrameRecorder.StartAsync(page);
        await FrameRecorder.DragAcrossAsync(page, box, 40);
        var panFrames = await FrameRecorder.StopAsync(page);
        var panDraws = await DrawTimesAsync(page);

        await FrameRecorder.StartAsync(page);
        await FrameRecorder.WheelAsync(page, box, 25, 120);
        var outFrames = await FrameRecorder.StopAsync(page);
        var outDraws = await DrawTimesAsync(page);
        var zoomedOut = await page.EvaluateAsync<bool>("() => window.benchLine.view().following");

        var n = points.ToString("N0", CultureInfo.InvariantCulture);
        var all = Stats.Of([.. zoomDraws, .. panDraws, .. outDraws]);
        return
        [
            new Row($"Line chart, {n} points: first draw (build + draw; until the next frame)",
                string.Create(CultureInfo.InvariantCulture, $"{first[0]:0} ms (draw alone {first[2]:0.0} ms); {first[1]:0} ms to the next frame"), "—"),
            new Row($"Line chart, {n} points: frame time while zooming in (25 wheel notches)", Stats.Of(zoomFrames).MeanP95, "< 50 ms"),
            new Row($"Line chart, {n} points: frame time while panning (drag, 80 moves)", Stats.Of(panFrames).MeanP95, "< 50 ms"),
            new Row($"Line chart, {n} points: frame time while zooming out{(zoomedOut ? " to the whole series" : "")}", Stats.Of(outFrames).MeanP95, "< 50 ms"),
            new Row($"Line chart, {n} points: draw time per redraw", string.Create(CultureInfo.InvariantCulture, $"mean {all.Mean:0.0} ms, p95 {all.P95:0.0} ms ({all.Count} redraws)"), "—"),
        ];
    }

    private static async Task<double[]> DrawTimesAsync(IPage page) =>
        await page.EvaluateAsync<double[]>("() => { const t = window.benchLine.stats().drawTimes; const out = [...t]; t.length = 0; return out; }");
}
