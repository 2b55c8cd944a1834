using Microsoft.Playwright;

namespace TwinLab.Dashboard.Tests;

/// <summary>The twin graph of <c>js/graph.js</c>: a 2,000-node layout settles, the keyboard moves the selection by
/// direction and opens nodes, clicks select, highlight kinds and edge highlights are drawn, and the screen-reader list
/// mirrors the graph.</summary>
[Collection(DashboardCollection.Name)]
public sealed class GraphTests(DashboardFixture fixture)
{
    private static readonly PageWaitForFunctionOptions Patient = new() { Timeout = 240_000 };

    /// <summary>A campus of twins: 4 buildings × 8 floors × 12 rooms, each room with 4 or 5 sensors (2,000 nodes), plus
    /// "feeds" links between neighbouring rooms.</summary>
    private const string CampusScript = """
        (count) => {
          const nodes = [{ id: 'campus', label: 'Campus', group: 'Site' }], edges = [];
          let sensor = 0;
          for (let b = 0; b < 4 && nodes.length < count; b++) {
            const bid = `b${b}`; nodes.push({ id: bid, label: `Building ${b}`, group: 'Building' }); edges.push({ source: 'campus', target: bid, label: 'contains', kind: 'contains' });
            for (let f = 0; f < 8 && nodes.length < count; f++) {
              const fid = `${bid}-f${f}`; nodes.push({ id: fid, label: `Floor ${b}.${f}`, group: 'Floor' }); edges.push({ source: bid, target: fid, label: 'contains', kind: 'contains' });
              for (let r = 0; r < 12 && nodes.length < count; r++) {
                const rid = `${fid}-r${r}`; nodes.push({ id: rid, label: `Room ${b}.${f}.${r}`, group: 'Room' }); edges.push({ source: fid, target: rid, label: 'contains', kind: 'contains' });
                if (r > 0) edges.push({ source: `${fid}-r${r - 1}`, target: rid, label: 'feeds', kind: 'feeds' });
                for (let s = 0; s < 5 && nodes.length < count; s++) { const sid = `s${sensor++}`; nodes.push({ id: sid, label: `Sensor ${sid}`, group: 'Sensor' }); edges.push({ source: rid, target: sid, label: 'hosts', kind: 'contains' }); }
              }
            }
          }
          while (nodes.length < count) { const sid = `s${sensor++}`; nodes.push({ id: sid, label: `Sensor ${sid}`, group: 'Sensor' }); edges.push({ source: 'campus', target: sid }); }
          return { nodes, edges };
        }
        """;

    [SkippableFact]
    public async Task Graph_of_2000_nodes_settles_and_the_keyboard_moves_and_opens_the_selection()
    {
        await using var page = await fixture.OpenAsync("explorer");
        await ChartScript.AddContainerAsync(page.Page, "graph");
        await page.Page.EvaluateAsync($$"""
            async () => {
              const { graphView } = await import('/dashboard/js/graph.js');
              const { nodes, edges } = ({{CampusScript}})(2000);
              window.selected = []; window.opened = [];
              window.graph = graphView(document.getElementById('graph'), { nodes, edges, height: 560,
                onSelect: id => window.selected.push(id), onOpen: id => window.opened.push(id) });
              window.graph.setHighlight({ 'b0-f0-r0': 'crown', 'b3-f7-r11': 'entry', 'b1': 'path', 'b1-f3': 'path' });
            }
            """);
        await page.Page.WaitForFunctionAsync("() => document.getElementById('graph').dataset.settled === 'true'", null, Patient);
        Assert.Equal("2000", await page.Page.GetAttributeAsync("#graph", "data-nodes"));
        Assert.True(await ChartScript.InkAsync(page.Page, "#graph canvas") > 5_000, "the graph's canvas has hardly any drawn pixels");
        Assert.StartsWith("Graph: 2,000 nodes, ", await page.Page.GetAttributeAsync("#graph", "aria-label"));
        await page.Page.WaitForFunctionAsync("() => document.getElementById('graph').dataset.listed === '2000'", null, Patient);
        Assert.Equal(2000, await page.Page.Locator("#graph ul.graph-list li").CountAsync());
        Assert.Contains("crown jewel", await page.Page.Locator("#graph ul.graph-list li[data-id='b0-f0-r0']").TextContentAsync());

        await page.Page.FocusAsync("#graph");
        await page.Page.Keyboard.PressAsync("ArrowRight");
        var first = await page.Page.GetAttributeAsync("#graph", "data-selected");
        Assert.False(string.IsNullOrEmpty(first));
        Assert.Equal(first, await page.Page.EvaluateAsync<string>("() => window.selected.at(-1)"));

        await page.Page.Keyboard.PressAsync("ArrowRight");
        var second = await page.Page.GetAttributeAsync("#graph", "data-selected");
        Assert.NotEqual(first, second);
        var (before, after) = (await PositionAsync(page.Page, first!, world: true), await PositionAsync(page.Page, second!, world: true));
        Assert.True(after.X > before.X, $"→ should move right: {first} at {before} → {second} at {after}");

        await page.Page.Keyboard.PressAsync("ArrowDown");
        var third = await page.Page.GetAttributeAsync("#graph", "data-selected");
        Assert.True((await PositionAsync(page.Page, third!, world: true)).Y > after.Y, "↓ should move down");

        await page.Page.Keyboard.PressAsync("Enter");
        Assert.Equal(third, await page.Page.EvaluateAsync<string>("() => window.opened.at(-1)"));
        Assert.Contains("selected", await page.Page.GetAttributeAsync("#graph", "aria-label"));

        var zoom = await page.Page.EvaluateAsync<double>("() => window.graph.view().k");
        await page.Page.Keyboard.PressAsync("+");
        Assert.True(await page.Page.EvaluateAsync<double>("() => window.graph.view().k") > zoom);
        await page.Page.Keyboard.PressAsync("0");
        Assert.Equal(zoom, await page.Page.EvaluateAsync<double>("() => window.graph.view().k"), 6);

        var settleMs = await page.Page.EvaluateAsync<double>("() => window.graph.stats().settleMs");
        Assert.True(settleMs > 0);
        await page.Page.EvaluateAsync("() => document.getElementById('graph').scrollIntoView()");
        await page.ScreenshotAsync("graph-2000");
    }

    [SkippableFact]
    public async Task Highlight_kinds_and_edge_highlights_are_drawn_in_their_colours_and_clicks_select_and_open()
    {
        await using var page = await fixture.OpenAsync("explorer");
        await ChartScript.AddContainerAsync(page.Page, "small");
        await page.Page.EvaluateAsync($$"""
            async () => {
              const { graphView } = await import('/dashboard/js/graph.js');
              const { nodes, edges } = ({{CampusScript}})(40);
              window.selected = []; window.opened = [];
              window.small = graphView(document.getElementById('small'), { nodes, edges, height: 420,
                onSelect: id => window.selected.push(id), onOpen: id => window.opened.push(id) });
            }
            """);
        await page.Page.WaitForFunctionAsync("() => document.getElementById('small').dataset.settled === 'true'", null, Patient);
        // Outline colours near each node before and after highlighting (neighbours may be close, so compare).
        (string Id, string Colour)[] marks = [("b0-f0-r0", "#D55E00"), ("b0-f0-r1", "#000000"), ("b0-f0", "#E69F00")];
        var before = new int[marks.Length];
        for (var i = 0; i < marks.Length; i++) before[i] = await ColourNearAsync(page.Page, marks[i].Id, marks[i].Colour);
        Assert.Equal(0, before[0] + before[2]);

        await page.Page.EvaluateAsync("() => window.small.setHighlight({ 'b0-f0-r0': 'crown', 'b0-f0-r1': 'entry', 'b0-f0': 'path' })");
        await NextFramesAsync(page.Page);
        Assert.Equal("crown", await page.Page.EvaluateAsync<string>("() => window.small.highlightOf('b0-f0-r0')"));
        for (var i = 0; i < marks.Length; i++)
        {
            var now = await ColourNearAsync(page.Page, marks[i].Id, marks[i].Colour);
            Assert.True(now - before[i] >= 8, $"{marks[i].Id}: {before[i]} → {now} pixels of {marks[i].Colour}");
        }

        var edgeBefore = await ColourNearAsync(page.Page, "b0", "#D55E00", "b0-f0");
        await page.Page.EvaluateAsync("() => window.small.setEdgeHighlight(new Set(['b0→b0-f0']))");
        await NextFramesAsync(page.Page);
        Assert.True(await ColourNearAsync(page.Page, "b0", "#D55E00", "b0-f0") - edgeBefore >= 8, "the highlighted edge is not drawn in vermillion");
        Assert.Equal("1", await page.Page.GetAttributeAsync("#small", "data-edge-highlights"));
        Assert.Contains("1 crown jewel, 1 entry point, 1 on the path", await page.Page.GetAttributeAsync("#small", "aria-label"));
        Assert.Contains("entry point", await page.Page.Locator("#small ul.graph-list li[data-id='b0-f0-r1']").TextContentAsync());
        foreach (var kind in new[] { "crown", "entry", "path" }) Assert.Equal(1, await page.Page.Locator($"#small .legend .legend-{kind}").CountAsync());

        var error = await page.Page.EvaluateAsync<string>("() => { try { window.small.setHighlight({ 'b0': 'gold' }); return ''; } catch (e) { return e.message; } }");
        Assert.Contains("kind 'gold'", error);

        var canvas = (await page.Page.Locator("#small canvas").BoundingBoxAsync())!;
        var at = await PositionAsync(page.Page, "b0-f0-r1", "small");
        await page.Page.Mouse.ClickAsync(canvas.X + (float)at.X, canvas.Y + (float)at.Y);
        // The selection is handled on the page's own schedule (pointer events, then a frame): wait for it, don't race it.
        await page.Page.WaitForFunctionAsync("() => window.selected.at(-1) === 'b0-f0-r1'", null, Patient);
        Assert.Equal("b0-f0-r1", await page.Page.GetAttributeAsync("#small", "data-selected"));
        await page.Page.Mouse.DblClickAsync(canvas.X + (float)at.X, canvas.Y + (float)at.Y);
        await page.Page.WaitForFunctionAsync("() => window.opened.at(-1) === 'b0-f0-r1'", null, Patient);

        var left = await page.Page.EvaluateAsync<string>("() => { window.small.destroy(); const b = document.getElementById('small'); return b.childElementCount + '|' + (b.getAttribute('aria-label') ?? '') + '|' + b.className; }");
        Assert.Equal("0||", left);
    }

    /// <summary>A node's position on the canvas (CSS pixels), or in the layout's own coordinates (<paramref name="world"/>).</summary>
    private static async Task<(double X, double Y)> PositionAsync(IPage page, string id, string handle = "graph", bool world = false)
    {
        var p = await page.EvaluateAsync<double[]>($"id => {{ const p = window.{handle}.{(world ? "position" : "screenPosition")}(id); return [p.x, p.y]; }}", id);
        return (p[0], p[1]);
    }

    private static Task NextFramesAsync(IPage page) =>
        page.EvaluateAsync("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))");

    /// <summary>Pixels of colour <paramref name="hex"/> (±12 per channel, opaque) within 24 CSS pixels of a node, or of
    /// the midpoint between two nodes.</summary>
    private static Task<int> ColourNearAsync(IPage page, string id, string hex, string? to = null) =>
        page.EvaluateAsync<int>("""
            ([id, hex, to]) => {
              const a = window.small.screenPosition(id), b = to ? window.small.screenPosition(to) : a;
              const p = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 }, c = document.querySelector('#small canvas'), dpr = c.width / c.clientWidth;
              const r = Math.round(24 * dpr), x0 = Math.max(0, Math.round(p.x * dpr) - r), y0 = Math.max(0, Math.round(p.y * dpr) - r);
              const d = c.getContext('2d').getImageData(x0, y0, 2 * r, 2 * r).data;
              const want = [1, 3, 5].map(i => parseInt(hex.slice(i, i + 2), 16));
              let n = 0;
              for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 240 && Math.abs(d[i] - want[0]) <= 12 && Math.abs(d[i + 1] - want[1]) <= 12 && Math.abs(d[i + 2] - want[2]) <= 12) n++;
              return n;
            }
            """, new[] { id, hex, to ?? "" });
}
