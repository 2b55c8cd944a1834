using Microsoft.Playwright;

namespace TwinLab.Dashboard.Tests;

/// <summary>The canvas charts of <c>js/charts.js</c>, rendered into containers appended to the dashboard's
/// <c>&lt;main&gt;</c> by a dynamic <c>import()</c>: drawn pixels, text alternatives, data tables, zoom and pan by
/// keyboard and wheel, live appends, and 100,000-point series.</summary>
[Collection(DashboardCollection.Name)]
public sealed class ChartsTests(DashboardFixture fixture)
{
    private static readonly PageWaitForFunctionOptions Patient = new() { Timeout = 60_000 };

    [SkippableFact]
    public async Task LineChart_draws_its_series_and_summarises_them_in_its_label_and_table()
    {
        await using var page = await fixture.OpenAsync("explorer");
        await ChartScript.AddContainerAsync(page.Page, "temp");
        await page.Page.EvaluateAsync("""
            async () => {
              const { lineChart } = await import('/dashboard/js/charts.js');
              const t0 = Date.UTC(2026, 10, 27), x = [], y = [], lo = [], hi = [];
              for (let i = 0; i < 96; i++) { x.push(t0 + i * 900000); y.push(21.3 + 2.1 * Math.sin(i / 8)); lo.push(y[i] - 1); hi.push(y[i] + 1); }
              y[10] = 19.2; y[50] = 23.4;
              window.temp = lineChart(document.getElementById('temp'), { title: 'Room 1', xType: 'time', xLabel: 'Time', yLabel: '°C',
                series: [{ name: 'temperature', x, y, band: { lo, hi, label: '80% band' } }], refLines: [{ y: 23, label: 'limit' }] });
            }
            """);
        Assert.True(await ChartScript.InkAsync(page.Page, "#temp canvas") > 2_000, "the line chart's canvas has hardly any drawn pixels");
        var label = await page.Page.GetAttributeAsync("#temp", "aria-label");
        Assert.StartsWith("Line chart: Room 1. temperature, 96 points from 2026-11-27 00:00Z to 2026-11-27 23:45Z, min 19.2, max 23.4", label);
        Assert.Equal("0", await page.Page.GetAttributeAsync("#temp", "tabindex"));
        Assert.Equal("96", await page.Page.GetAttributeAsync("#temp", "data-points"));
        await page.Page.ClickAsync("#temp details.chart-data summary");
        await Assertions.Expect(page.Page.Locator("#temp details.chart-data tbody tr")).ToHaveCountAsync(96); // built when the details open
        Assert.Equal("80% band high", await page.Page.Locator("#temp details.chart-data thead th").Nth(3).TextContentAsync());
        Assert.Contains("80% band", await page.Page.Locator("#temp .legend").TextContentAsync());
    }

    [SkippableFact]
    public async Task LineChart_zooms_and_pans_with_the_keyboard_and_the_wheel_and_resets_on_double_click()
    {
        await using var page = await fixture.OpenAsync("explorer");
        await ChartScript.AddContainerAsync(page.Page, "zoom");
        await page.Page.EvaluateAsync("""
            async () => {
              const { lineChart } = await import('/dashboard/js/charts.js');
              const x = Array.from({ length: 1000 }, (_, i) => i), y = x.map(v => Math.sin(v / 30));
              window.zoom = lineChart(document.getElementById('zoom'), { title: 'Zoom', series: [{ name: 's', x, y }] });
            }
            """);
        var full = await ViewAsync(page.Page, "zoom");
        Assert.Equal((0.0, 999.0), full);

        await page.Page.FocusAsync("#zoom");
        await page.Page.Keyboard.PressAsync("+");
        var zoomed = await ViewAsync(page.Page, "zoom");
        Assert.True(zoomed.Max - zoomed.Min < 700, $"'+' should narrow the view, got {zoomed}");

        await page.Page.Keyboard.PressAsync("Shift+ArrowRight");
        var panned = await ViewAsync(page.Page, "zoom");
        Assert.True(panned.Min > zoomed.Min, $"Shift+→ should pan right: {zoomed} → {panned}");
        Assert.Equal(zoomed.Max - zoomed.Min, panned.Max - panned.Min, 6);

        await page.Page.Keyboard.PressAsync("-");
        await page.Page.Keyboard.PressAsync("-");
        Assert.Equal((0.0, 999.0), await ViewAsync(page.Page, "zoom"));

        var box = (await page.Page.Locator("#zoom canvas.chart-overlay").BoundingBoxAsync())!;
        await page.Page.Mouse.MoveAsync(box.X + box.Width * 0.3f, box.Y + box.Height / 2);
        await page.Page.Mouse.WheelAsync(0, -300);
        await page.Page.WaitForFunctionAsync("() => { const v = window.zoom.view(); return v.xMax - v.xMin < 900; }", null, Patient);
        await page.Page.DblClickAsync("#zoom canvas.chart-overlay");
        Assert.Equal((0.0, 999.0), await ViewAsync(page.Page, "zoom"));

        // Arrow keys walk the points and show the nearest point's values.
        await page.Page.FocusAsync("#zoom");
        await page.Page.Keyboard.PressAsync("ArrowRight");
        Assert.Contains("s", await page.Page.Locator("#zoom .tooltip").TextContentAsync());
        Assert.False(await page.Page.Locator("#zoom .tooltip").IsHiddenAsync());
    }

    [SkippableFact]
    public async Task LineChart_append_grows_the_data_and_follows_it_unless_the_user_zoomed()
    {
        await using var page = await fixture.OpenAsync("explorer");
        await ChartScript.AddContainerAsync(page.Page, "live");
        await page.Page.EvaluateAsync("""
            async () => {
              const { lineChart } = await import('/dashboard/js/charts.js');
              window.live = lineChart(document.getElementById('live'), { title: 'Live', xType: 'time',
                series: [{ name: 'a', x: [0, 1000, 2000], y: [1, 2, 3] }, { name: 'b', x: [0, 1000], y: [5, 4] }] });
            }
            """);
        Assert.Equal("5", await page.Page.GetAttributeAsync("#live", "data-points"));
        await page.Page.EvaluateAsync("() => window.live.append(0, [3000, 4000], [4, 5])");
        await page.Page.WaitForFunctionAsync("() => document.getElementById('live').dataset.points === '7'", null, Patient);
        Assert.Equal((0.0, 4000.0), await ViewAsync(page.Page, "live"));
        await page.Page.WaitForFunctionAsync("() => document.getElementById('live').getAttribute('aria-label').includes('a, 5 points')", null, Patient);

        await page.Page.EvaluateAsync("() => window.live.setView(1000, 2000)");
        await page.Page.EvaluateAsync("() => window.live.append(0, [5000], [6])");
        Assert.Equal((1000.0, 2000.0), await ViewAsync(page.Page, "live"));
        Assert.Equal(8, await page.Page.EvaluateAsync<int>("() => window.live.pointCount()"));

        var error = await page.Page.EvaluateAsync<string>("() => { try { window.live.append(1, [0], [1]); return ''; } catch (e) { return e.message; } }");
        Assert.Contains("xs[0]", error);
        error = await page.Page.EvaluateAsync<string>("() => { try { window.live.append(7, [1], [1]); return ''; } catch (e) { return e.message; } }");
        Assert.Contains("no series 7", error);
    }

    [SkippableFact]
    public async Task LineChart_of_100000_points_draws_quickly_and_stays_interactive()
    {
        await using var page = await fixture.OpenAsync("explorer");
        await ChartScript.AddContainerAsync(page.Page, "big");
        var firstDrawMs = await page.Page.EvaluateAsync<double>("""
            async () => {
              const { lineChart } = await import('/dashboard/js/charts.js');
              const n = 100000, x = new Float64Array(n), y = new Float64Array(n);
              let v = 0;
              for (let i = 0; i < n; i++) { x[i] = Date.UTC(2026, 0, 1) + i * 60000; v += Math.sin(i * 12.9898) * 0.5; y[i] = v + 10 * Math.sin(i / 500); }
              const t = performance.now();
              window.big = lineChart(document.getElementById('big'), { title: 'Big', xType: 'time', series: [{ name: 'signal', x, y }] });
              return performance.now() - t;
            }
            """);
        Assert.True(firstDrawMs < 2_000, $"first draw took {firstDrawMs} ms");
        Assert.True(await ChartScript.InkAsync(page.Page, "#big canvas") > 2_000);
        Assert.Equal(100_000, await page.Page.EvaluateAsync<int>("() => window.big.pointCount()"));
        await page.Page.FocusAsync("#big");
        for (var i = 0; i < 5; i++) await page.Page.Keyboard.PressAsync("+");
        var view = await ViewAsync(page.Page, "big");
        Assert.True(view.Max - view.Min < 0.2 * 99_999 * 60_000, $"five '+' should zoom in well: {view}");
        await page.Page.ClickAsync("#big details.chart-data summary");
        await Assertions.Expect(page.Page.Locator("#big details.chart-data tbody tr")).ToHaveCountAsync(500); // built when the details open
        Assert.Contains("summarised in 500 intervals", await page.Page.Locator("#big details.chart-data caption").TextContentAsync());
    }

    [SkippableFact]
    public async Task Histogram_bars_tornado_and_heat_strip_draw_and_describe_themselves()
    {
        await using var page = await fixture.OpenAsync("explorer");
        foreach (var id in new[] { "g-line", "g-hist", "g-bar", "g-vbar", "g-tornado", "g-heat" }) await ChartScript.AddContainerAsync(page.Page, id);
        await page.Page.EvaluateAsync("""
            async () => {
              const c = await import('/dashboard/js/charts.js');
              const $ = id => document.getElementById(id);
              const t0 = Date.UTC(2026, 10, 20), x = [], y = [], lo = [], hi = [], f = [];
              for (let i = 0; i < 7 * 24; i++) { x.push(t0 + i * 3600000); y.push(120 + 8 * Math.sin(i / 6) + (i % 5)); }
              for (let i = 0; i < 48; i++) { const m = 124 + 6 * Math.sin((7 * 24 + i) / 6); f.push(m); lo.push(m - 4 - i / 8); hi.push(m + 4 + i / 8); }
              const fx = Array.from({ length: 48 }, (_, i) => t0 + (7 * 24 + i) * 3600000);
              window.gallery = {
                line: c.lineChart($('g-line'), { title: 'Systolic blood pressure', xType: 'time', xLabel: 'Time', yLabel: 'mmHg',
                  series: [{ name: 'measured', x, y }, { name: 'forecast', x: fx, y: f, dashed: true, band: { lo, hi, label: '80% prediction band' } }],
                  refLines: [{ y: 130, label: 'target 130' }] }),
                hist: c.histogram($('g-hist'), { title: 'Waiting time', xLabel: 'seconds', series: [
                  { name: 'today', values: Array.from({ length: 500 }, (_, i) => (i * 7919 % 997) / 997 * 60) },
                  { name: 'plan', values: Array.from({ length: 400 }, (_, i) => 10 + (i * 104729 % 991) / 991 * 40) }] }),
                bar: c.barChart($('g-bar'), { title: 'Effect on systolic pressure', xLabel: 'mmHg', items: [
                  { label: 'Amlodipine 5 mg', value: -8.1, lo: -10.2, hi: -6.0 }, { label: 'Lisinopril 10 mg', value: -7.4, lo: -9.9, hi: -4.8 }, { label: 'Less salt', value: -3.2, lo: -5.0, hi: -1.5 }] }),
                vbar: c.barChart($('g-vbar'), { title: 'Calls per day', horizontal: false, items: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'].map((d, i) => ({ label: d, value: 400 + 50 * i, lo: 380 + 50 * i, hi: 430 + 50 * i })) }),
                tornado: c.tornado($('g-tornado'), { title: 'Service level sensitivity', xLabel: 'Service level', base: 0.8, format: v => (v * 100).toFixed(0) + '%', items: [
                  { label: 'Handle time', low: 0.9, high: 0.62, lowLabel: '−10%', highLabel: '+10%' }, { label: 'Arrivals', low: 0.86, high: 0.71 }, { label: 'Shrinkage', low: 0.83, high: 0.77 }] }),
                heat: c.heatStrip($('g-heat'), { title: 'Occupancy by hour', xLabels: Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0')),
                  rows: ['Mon', 'Tue', 'Wed'].map((d, r) => ({ label: d, values: Array.from({ length: 24 }, (_, h) => Math.round(50 + 40 * Math.sin((h - 6 + r) / 4))) })) }),
              };
            }
            """);
        foreach (var id in new[] { "g-line", "g-hist", "g-bar", "g-vbar", "g-tornado", "g-heat" })
            Assert.True(await ChartScript.InkAsync(page.Page, $"#{id} canvas") > 500, $"{id} has hardly any drawn pixels");

        Assert.StartsWith("Histogram: Waiting time. today, 500 values", await page.Page.GetAttributeAsync("#g-hist", "aria-label"));
        var bins = await page.Page.EvaluateAsync<int>("() => window.gallery.hist.bins().length");
        Assert.InRange(bins, 15, 60);
        Assert.Equal(900, await page.Page.EvaluateAsync<int>("() => window.gallery.hist.bins().reduce((t, b) => t + b.counts[0] + b.counts[1], 0)"));
        Assert.Contains("Amlodipine 5 mg -8.1 (-10.2 to -6)", await page.Page.GetAttributeAsync("#g-bar", "aria-label"));
        Assert.Contains("widest first: Handle time 90% to 62%", await page.Page.GetAttributeAsync("#g-tornado", "aria-label"));
        Assert.Contains("3 rows by 24 columns", await page.Page.GetAttributeAsync("#g-heat", "aria-label"));

        await page.Page.ClickAsync("#g-heat details.chart-data summary");
        // The data table is built when the details open: wait for it rather than count at once (CI is a busy machine).
        await Assertions.Expect(page.Page.Locator("#g-heat details.chart-data tbody tr")).ToHaveCountAsync(3);
        await page.Page.ClickAsync("#g-hist details.chart-data summary");
        await Assertions.Expect(page.Page.Locator("#g-hist details.chart-data tbody tr")).ToHaveCountAsync(bins);

        // Keyboard: arrows move between bars and show their numbers.
        await page.Page.FocusAsync("#g-bar");
        await page.Page.Keyboard.PressAsync("ArrowDown");
        await page.Page.Keyboard.PressAsync("ArrowDown");
        Assert.Contains("Lisinopril 10 mg", await page.Page.Locator("#g-bar .tooltip").TextContentAsync());

        await page.Page.EvaluateAsync("() => document.getElementById('g-line').scrollIntoView()");
        await page.ScreenshotAsync("charts-gallery");

        // Bad input names the field.
        var error = await page.Page.EvaluateAsync<string>("""
            async () => { const c = await import('/dashboard/js/charts.js');
              try { c.lineChart(document.createElement('div'), { series: [{ name: 'x', x: [1, 2], y: [1] }] }); return ''; } catch (e) { return e.message; } }
            """);
        Assert.Contains("series[0] 'x' has 2 values but 'y' has 1", error);
    }

    [SkippableFact]
    public async Task Destroy_removes_what_the_chart_added()
    {
        await using var page = await fixture.OpenAsync("explorer");
        await ChartScript.AddContainerAsync(page.Page, "gone");
        var left = await page.Page.EvaluateAsync<string>("""
            async () => {
              const { lineChart } = await import('/dashboard/js/charts.js');
              const box = document.getElementById('gone');
              const h = lineChart(box, { series: [{ name: 's', x: [1, 2, 3], y: [3, 1, 2] }] });
              h.destroy();
              return box.childElementCount + '|' + (box.getAttribute('aria-label') ?? '') + '|' + box.className;
            }
            """);
        Assert.Equal("0||", left);
    }

    [SkippableFact]
    public async Task Charts_redraw_at_the_new_width_when_their_container_is_resized()
    {
        await using var page = await fixture.OpenAsync("explorer", width: 1280, height: 720);
        await ChartScript.AddContainerAsync(page.Page, "narrow");
        await page.Page.EvaluateAsync("""
            async () => {
              const { barChart } = await import('/dashboard/js/charts.js');
              window.narrow = barChart(document.getElementById('narrow'), { title: 'Bars', items: [{ label: 'a', value: 3 }, { label: 'b', value: -2 }] });
            }
            """);
        var wide = await page.Page.EvaluateAsync<int>("() => document.querySelector('#narrow canvas').clientWidth");
        Assert.InRange(wide, 900, 1280);
        await page.Page.EvaluateAsync("() => { document.getElementById('narrow').style.width = '520px'; }");
        await page.Page.WaitForFunctionAsync("() => { const c = document.querySelector('#narrow canvas'); return c.clientWidth < 520 && c.width === Math.round(c.clientWidth * devicePixelRatio); }", null, Patient);
        await page.Page.WaitForFunctionAsync("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))");
        Assert.True(await ChartScript.InkAsync(page.Page, "#narrow canvas") > 300, "the resized chart was not redrawn");
    }

    private static async Task<(double Min, double Max)> ViewAsync(IPage page, string handle)
    {
        var v = await page.EvaluateAsync<double[]>($"() => {{ const v = window.{handle}.view(); return [v.xMin, v.xMax]; }}");
        return (v[0], v[1]);
    }
}

/// <summary>Small page scripts shared by the chart and graph tests.</summary>
internal static class ChartScript
{
    /// <summary>Appends an empty <c>div#ID</c> (full width) to a stage at the top of <c>&lt;main&gt;</c>.</summary>
    public static Task AddContainerAsync(IPage page, string id) =>
        // On a stage at the top of <main>, so the containers are in the viewport whatever the page under them shows
        // (mouse input lands on screen coordinates).
        page.EvaluateAsync("""
            id => {
              let stage = document.getElementById('test-stage');
              if (!stage) { stage = document.createElement('div'); stage.id = 'test-stage'; document.querySelector('main').prepend(stage); }
              const d = document.createElement('div'); d.id = id; d.style.marginBottom = '12px'; stage.append(d);
            }
            """, id);

    /// <summary>How many pixels of the first canvas matched by <paramref name="selector"/> are not transparent.</summary>
    public static Task<int> InkAsync(IPage page, string selector) =>
        page.EvaluateAsync<int>("""
            sel => { const c = document.querySelector(sel); const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                     let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }
            """, selector);
}
