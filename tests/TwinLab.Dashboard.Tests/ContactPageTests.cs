using System.Globalization;
using Microsoft.Playwright;

namespace TwinLab.Dashboard.Tests;

/// <summary>The contact-centre page on the demo's centre: what it shows is what the API answers.</summary>
[Collection(DashboardCollection.Name)]
public sealed class ContactPageTests(DashboardFixture fixture)
{
    private const string Base = "/domains/contact/centres/current";

    [SkippableFact]
    public async Task Contact_page_shows_load_staffing_and_scenario_KPIs_the_API_gives()
    {
        await using var page = await fixture.OpenAsync("contact");
        var p = page.Page;
        p.SetDefaultTimeout(90_000);
        Assertions.SetDefaultExpectTimeout(60_000);
        var goal = "target=80%2F20&maxAbandon=5%25&occupancy=85%25";
        var load = await HealthPageTests.ApiAsync(p, Base + "/load?queue=all");
        var staffing = await HealthPageTests.ApiAsync(p, Base + "/staffing?queue=all&" + goal);
        var scenarios = await HealthPageTests.ApiAsync(p, Base + "/scenarios?replications=3&days=7&volume=10%25&seed=20250301&" + goal);

        // Load and staffing charts drawn, with the API's totals.
        Assert.Equal(1, await HealthPageTests.WaitPaintedAsync(p, ".cc-load-chart .chart-plot canvas:first-child"));
        Assert.Equal(1, await HealthPageTests.WaitPaintedAsync(p, ".cc-staffing-chart .chart-plot canvas:first-child"));
        var calibrated = load.GetProperty("totals").GetProperty("calibratedPerWeek").GetDouble();
        await Assertions.Expect(p.Locator(".kpi", new PageLocatorOptions { HasText = "Calibrated a week" })).ToContainTextAsync(Math.Round(calibrated, MidpointRounding.AwayFromZero).ToString("#,0", CultureInfo.InvariantCulture));
        var shortfall = staffing.GetProperty("totals").GetProperty("shortfallIntervals").GetInt32();
        await Assertions.Expect(p.Locator(".kpi", new PageLocatorOptions { HasText = "Shortfall" })).ToContainTextAsync($"{shortfall} intervals");
        await Assertions.Expect(p.Locator(".cc-shortfall-list summary")).ToHaveTextAsync($"Intervals short of agents ({shortfall})");
        Assert.Equal(1, await HealthPageTests.WaitPaintedAsync(p, ".cc-shortfall-strip .chart-plot canvas:first-child"));

        // KPIs per scenario: the table's service level is the API's, and each KPI's bar chart is drawn.
        var list = scenarios.GetProperty("scenarios").EnumerateArray().ToList();
        var rows = p.Locator("#cc-kpi-table tbody tr");
        Assert.Equal(list.Count, await rows.CountAsync());
        for (var i = 0; i < list.Count; i++)
        {
            var cells = rows.Nth(i).Locator("th, td");
            Assert.Equal(list[i].GetProperty("name").GetString(), (await cells.Nth(0).TextContentAsync())!.Trim());
            var level = list[i].GetProperty("kpis").GetProperty("serviceLevel").GetProperty("mean").GetDouble();
            Assert.StartsWith((level * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%", (await cells.Nth(2).TextContentAsync())!.Trim(), StringComparison.Ordinal);
        }
        Assert.Equal(4, await HealthPageTests.WaitPaintedAsync(p, ".cc-kpi-charts .chart-plot canvas:first-child"));
        await page.ScreenshotAsync("contact");

        // The whole week: every interval of each series is in the load chart.
        await p.Locator("#cc-day").SelectOptionAsync("-1");
        var series = load.GetProperty("series").GetProperty("forecast").ValueKind == System.Text.Json.JsonValueKind.Null ? 3 : 4;
        var week = load.GetProperty("series").GetProperty("calibrated").GetArrayLength();
        await Assertions.Expect(p.Locator(".cc-load-chart")).ToHaveAttributeAsync("data-points", (series * week).ToString(CultureInfo.InvariantCulture));

        // Usable at 900 px: wide tables scroll in their own box, the page does not.
        await p.SetViewportSizeAsync(900, 800);
        await p.WaitForFunctionAsync("() => document.documentElement.scrollWidth <= window.innerWidth + 1");
    }

    [SkippableFact]
    public async Task An_unknown_centre_says_so()
    {
        await using var page = await fixture.OpenAsync("contact/nope");
        page.Allowed.Add("404");
        await Assertions.Expect(page.Page.Locator("main .error-box")).ToContainTextAsync("ContactCentreNotFound");
    }
}
