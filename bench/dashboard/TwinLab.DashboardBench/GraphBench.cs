using System.Globalization;
using Microsoft.Playwright;

namespace TwinLab.DashboardBench;

/// <summary>A graph of N twins shaped like a campus (buildings → floors → rooms → sensors, rooms feeding their
/// neighbours) in the dashboard page: time for the layout to settle and frame times while it does, then frame and draw
/// times while the mouse drags the view and the wheel zooms.</summary>
internal sealed class GraphBench(IBrowser browser, string url)
{
    public async Task<IEnumerable<Row>> RunAsync(int count)
    {
        var (context, page) = await BenchPage.OpenAsync(browser, url);
        await using var _ = context;
        await FrameRecorder.StartAsync(page);
        var edges = await page.EvaluateAsync<int>("""
            async count => {
              const { graphView } = await import('/dashboard/js/graph.js');
              const nodes = [{ id: 'campus', label: 'Campus', group: 'Site' }], edges = [];
              const buildings = Math.max(1, Math.round(count / 500));
              let sensor = 0;
              for (let b = 0; b < buildings && nodes.length < count; b++) {
                const bid = `b${b}`; nodes.push({ id: bid, label: `Building ${b}`, group: 'Building' }); edges.push({ source: 'campus', target: bid, label: 'contains' });
                for (let f = 0; f < 8 && nodes.length < count; f++) {
                  const fid = `${bid}-f${f}`; nodes.push({ id: fid, label: `Floor ${b}.${f}`, group: 'Floor' }); edges.push({ source: bid, target: fid, label: 'contains' });
                  for (let r = 0; r < 12 && nodes.length < count; r++) {
                    const rid = `${fid}-r${r}`; nodes.push({ id: rid, label: `Room ${b}.${f}.${r}`, group: 'Room' }); edges.push({ source: fid, target: rid, label: 'contains' });
                    if (r > 0) edges.push({ source: `${fid}-r${r - 1}`, target: rid, label: 'feeds', kind: 'feeds' });
                    for (let s = 0; s < 4 && nodes.length < count; s++) { const sid = `s${sensor++}`; nodes.push({ id: sid, label: `Sensor ${sid}`, group: 'Sensor' }); edges.push({ source: rid, target: sid, label: 'hosts' }); }
                  }
                }
              }
              while (nodes.length < count) { const sid = `s${sensor++}`; nodes.push({ id: sid, label: `Sensor ${sid}`, group: 'Sensor' }); edges.push({ source: 'campus', target: sid }); }
              const box = document.createElement('div'); box.id = 'bench-graph';
              document.querySelector('main').prepend(box);
              window.benchGraph = graphView(box, { nodes, edges, height: 560 });
              return edges.length;
            }
            """, count);
        await page.WaitForFunctionAsync("() => document.getElementById('bench-graph').dataset.settled === 'true'", null, new PageWaitForFunctionOptions { Timeout = 300_000 });
        var settleFrames = await FrameRecorder.StopAsync(page);
        var settle = await page.EvaluateAsync<double[]>("() => { const s = window.benchGraph.stats(); return [s.settleMs, s.ticks]; }");
        var box = (await page.Locator("#bench-graph canvas").BoundingBoxAsync())!;

        await page.EvaluateAsync("() => window.benchGraph.stats().drawTimes.length = 0");
        await FrameRecorder.StartAsync(page);
        await FrameRecorder.DragAcrossAsync(page, box, 40);
        var panFrames = await FrameRecorder.StopAsync(page);
        await FrameRecorder.StartAsync(page);
        await FrameRecorder.WheelAsync(page, box, 15, -120);
        await FrameRecorder.WheelAsync(page, box, 15, 120);
        var zoomFrames = await FrameRecorder.StopAsync(page);
        var draws = Stats.Of(await page.EvaluateAsync<double[]>("() => window.benchGraph.stats().drawTimes"));

        var n = count.ToString("N0", CultureInfo.InvariantCulture);
        var e = edges.ToString("N0", CultureInfo.InvariantCulture);
        return
        [
            new Row($"Graph, {n} nodes and {e} links: time to settle", string.Create(CultureInfo.InvariantCulture, $"{settle[0]:0} ms ({settle[1]:0} layout steps)"), "—"),
            new Row($"Graph, {n} nodes: frame time while the layout settles", Stats.Of(settleFrames).MeanP95, "< 50 ms"),
            new Row($"Graph, {n} nodes: frame time while panning (drag, 80 moves)", Stats.Of(panFrames).MeanP95, "< 50 ms"),
            new Row($"Graph, {n} nodes: frame time while zooming (30 wheel notches)", Stats.Of(zoomFrames).MeanP95, "< 50 ms"),
            new Row($"Graph, {n} nodes: draw time per redraw", string.Create(CultureInfo.InvariantCulture, $"mean {draws.Mean:0.0} ms, p95 {draws.P95:0.0} ms ({draws.Count} redraws)"), "—"),
        ];
    }
}
