using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace TwinLab.Dashboard.Tests;

/// <summary>The hypertension page on the demo's patient (Maria): what it shows is what the API answers.</summary>
[Collection(DashboardCollection.Name)]
public sealed class HealthPageTests(DashboardFixture fixture)
{
    /// <summary>Percent as the page writes it (fmt.pct with no decimals).</summary>
    internal static string Pct(double p) => Math.Round(p * 100, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture) + "%";

    /// <summary>Waits until every canvas the selector finds has drawn something (pixels with some opacity); returns how many.</summary>
    internal static async Task<int> WaitPaintedAsync(IPage page, string selector)
    {
        await page.WaitForFunctionAsync("""
            sel => { const cs = [...document.querySelectorAll(sel)]; if (!cs.length) return false;
                     return cs.every(c => { if (!c.width || !c.height) return false; const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                                            for (let i = 3; i < d.length; i += 4) if (d[i] > 0) return true; return false; }); }
            """, selector, new PageWaitForFunctionOptions { Timeout = 60_000 });
        return await page.Locator(selector).CountAsync();
    }

    internal static async Task<JsonElement> ApiAsync(IPage page, string path)
    {
        var text = await page.EvaluateAsync<string>("async url => { const r = await fetch(url); if (!r.ok) throw new Error(r.status + ' ' + await r.text()); return r.text(); }",
            path + (path.Contains('?') ? "&" : "?") + "api-version=2023-10-31");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [SkippableFact]
    public async Task Patient_page_shows_the_history_trajectories_ranking_reasons_and_exclusions_the_API_gives()
    {
        await using var page = await fixture.OpenAsync("health/maria");
        var p = page.Page;
        p.SetDefaultTimeout(90_000);
        Assertions.SetDefaultExpectTimeout(60_000);
        var r = await ApiAsync(p, "/domains/health/patients/maria/recommendation");
        var patient = await ApiAsync(p, "/domains/health/patients/maria");

        await Assertions.Expect(p.Locator(".hc-disclaimer").First).ToContainTextAsync(r.GetProperty("disclaimer").GetString()!);
        await Assertions.Expect(p.Locator("h1")).ToContainTextAsync(patient.GetProperty("name").GetString()!);

        // BP history: every home and office reading, systolic and diastolic, is a point of the chart.
        var readings = patient.GetProperty("readings").GetProperty("count").GetInt32();
        Assert.Equal((2 * readings).ToString(CultureInfo.InvariantCulture), await p.Locator(".hc-history-chart").GetAttributeAsync("data-points"));
        Assert.Equal(1, await WaitPaintedAsync(p, ".hc-history-chart .chart-plot canvas:first-child"));

        // The ranking: regimen and P(target) of each top choice as the API has them.
        var top = r.GetProperty("top").EnumerateArray().ToList();
        var rows = p.Locator("#hc-ranked tbody tr");
        Assert.Equal(top.Count, await rows.CountAsync());
        for (var i = 0; i < top.Count; i++)
        {
            var cells = rows.Nth(i).Locator("th, td");
            Assert.Equal(top[i].GetProperty("regimen").GetProperty("text").GetString(), (await cells.Nth(1).TextContentAsync())!.Trim());
            Assert.Equal(Pct(top[i].GetProperty("probabilityAtTarget").GetDouble()), (await cells.Nth(2).TextContentAsync())!.Trim());
            Assert.Equal(top[i].GetProperty("pills").GetInt32().ToString(CultureInfo.InvariantCulture), (await cells.Nth(top[i].GetProperty("probabilityByWeek").GetArrayLength() + 4).TextContentAsync())!.Trim());
        }

        // One trajectory chart per top choice and one for the current regimen, each drawn.
        Assert.Equal(top.Count + 1, await WaitPaintedAsync(p, ".hc-trajectory .chart-plot canvas:first-child"));

        // The reasons for each recommendation, and the exclusions with theirs.
        var explanations = await p.Locator(".hc-explanation").AllTextContentsAsync();
        Assert.Equal(top.Select(t => t.GetProperty("explanation").GetString()), explanations);
        var rules = r.GetProperty("excluded").GetProperty("byRule").EnumerateArray().ToList();
        var excludedRows = p.Locator("#hc-excluded tbody tr");
        if (rules.Count == 0) await Assertions.Expect(excludedRows).ToContainTextAsync("None");
        else
        {
            Assert.Equal(rules.Count, await excludedRows.CountAsync());
            await Assertions.Expect(excludedRows.First).ToContainTextAsync(rules[0].GetProperty("rule").GetString()!);
            await Assertions.Expect(excludedRows.First).ToContainTextAsync(rules[0].GetProperty("explanation").GetString()!);
        }
        await Assertions.Expect(p.Locator("#hc-reco-title").Locator("xpath=..")).ToContainTextAsync(r.GetProperty("excluded").GetProperty("count").GetInt32().ToString("#,0", CultureInfo.InvariantCulture) + " excluded");
        await page.ScreenshotAsync("health");

        // Usable at 900 px: wide tables scroll in their own box, the page does not.
        await p.SetViewportSizeAsync(900, 800);
        await p.WaitForFunctionAsync("() => document.documentElement.scrollWidth <= window.innerWidth + 1");
    }

    [SkippableFact]
    public async Task Patient_list_links_to_each_patient()
    {
        await using var page = await fixture.OpenAsync("health");
        var link = page.Page.Locator("table.data tbody a").First;
        await Assertions.Expect(link).ToHaveTextAsync("maria");
        await Assertions.Expect(page.Page.Locator(".hc-disclaimer")).ToBeVisibleAsync();
    }
}
