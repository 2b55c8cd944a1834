using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace TwinLab.Dashboard.Tests;

/// <summary>The network security page on the demo's example enterprise network.</summary>
[Collection(DashboardCollection.Name)]
public sealed class NetworkPageTests(DashboardFixture fixture)
{
    private const float Timeout = 60_000;

    private async Task<JsonElement> Api(string path, string? body = null)
    {
        using var http = new HttpClient { BaseAddress = new Uri(fixture.BaseUrl), Timeout = TimeSpan.FromSeconds(120) };
        var url = path + (path.Contains('?') ? "&" : "?") + "api-version=2023-10-31";
        using var response = body is null ? await http.GetAsync(url) : await http.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private static double Attr(string? value) => double.Parse(value!, CultureInfo.InvariantCulture);

    [SkippableFact]
    public async Task Network_ShowsTheAttackGraphWithCrownJewelsEntryPointsAndRisk()
    {
        await using var page = await fixture.OpenAsync("network");
        var p = page.Page;
        var graph = p.Locator("#net-graph");
        await Assertions.Expect(graph).ToHaveAttributeAsync("data-settled", "true", new() { Timeout = Timeout });
        Assert.True(int.Parse(await graph.GetAttributeAsync("data-nodes") ?? "0", CultureInfo.InvariantCulture) > 10);
        // Crown jewels and entry points: marked in the graph's text alternative, its node list and its legend.
        var label = await graph.GetAttributeAsync("aria-label") ?? "";
        Assert.Contains("crown jewel", label, StringComparison.Ordinal);
        Assert.Contains("entry point", label, StringComparison.Ordinal);
        Assert.Contains("crown jewel", await graph.Locator("li[data-id='assetCompromised(db01)']").TextContentAsync() ?? "", StringComparison.Ordinal);
        Assert.Contains("entry point", await graph.Locator("li[data-id='attackerLocated(internet)']").TextContentAsync() ?? "", StringComparison.Ordinal);
        await Assertions.Expect(graph.Locator(".legend-crown")).ToBeVisibleAsync();
        await Assertions.Expect(graph.Locator(".legend-entry")).ToBeVisibleAsync();
        // The likeliest path to the first crown jewel is highlighted.
        Assert.True(int.Parse(await graph.GetAttributeAsync("data-edge-highlights") ?? "0", CultureInfo.InvariantCulture) > 0);
        await Assertions.Expect(p.Locator("#net-path-note")).ToContainTextAsync("Likeliest path to");

        // The risk table shows the API's numbers.
        var view = await Api("/domains/network/network");
        foreach (var asset in view.GetProperty("risk").GetProperty("assets").EnumerateArray())
        {
            var host = asset.GetProperty("host").GetString();
            var shown = await p.Locator($"#page [data-host='{host}'][data-p]").GetAttributeAsync("data-p");
            Assert.Equal(asset.GetProperty("compromiseProbability").GetDouble(), Attr(shown), 12);
        }
        await Assertions.Expect(p.Locator("#net-risk-chart")).ToHaveAttributeAsync("data-points", view.GetProperty("crownJewels").GetArrayLength().ToString(CultureInfo.InvariantCulture));
        await page.ScreenshotAsync("network");
    }

    [SkippableFact]
    public async Task Network_WhatIf_ChangesTheRiskAsTheApiDoes()
    {
        await using var page = await fixture.OpenAsync("network");
        var p = page.Page;
        const string change = "patch:CVE-2021-42013@web01";
        await p.Locator("#net-wi-kind").SelectOptionAsync("patch");
        await p.Locator("#net-wi-change").SelectOptionAsync(change);
        await p.Locator("#net-wi-add").ClickAsync();
        await Assertions.Expect(p.Locator("#net-wi-chosen")).ToContainTextAsync(change);
        await p.Locator("#net-wi-apply").ClickAsync();
        var result = p.Locator($"#net-wi-result[data-changes='{change}']");
        var api = await Api("/domains/network/network/whatif", JsonSerializer.Serialize(new { changes = new[] { change } }));
        // The risk table and a path table per crown jewel.
        await Assertions.Expect(result.Locator("table")).ToHaveCountAsync(1 + api.GetProperty("pathChanges").GetArrayLength(), new() { Timeout = Timeout });
        var before = api.GetProperty("before").GetProperty("risk").GetProperty("assets").EnumerateArray().ToDictionary(a => a.GetProperty("host").GetString()!, a => a.GetProperty("compromiseProbability").GetDouble());
        var after = api.GetProperty("after").GetProperty("risk").GetProperty("assets").EnumerateArray().ToDictionary(a => a.GetProperty("host").GetString()!, a => a.GetProperty("compromiseProbability").GetDouble());
        foreach (var (host, b) in before)
        {
            Assert.Equal(b, Attr(await result.Locator($"[data-host='{host}'][data-before]").GetAttributeAsync("data-before")), 12);
            Assert.Equal(after[host], Attr(await result.Locator($"[data-host='{host}'][data-after]").GetAttributeAsync("data-after")), 12);
        }
        Assert.True(after["web01"] < before["web01"]);
        // The changed paths are marked: the paths through web01 to db01 are removed.
        var db = result.Locator(".net-path-change[data-host='db01']");
        await Assertions.Expect(db.Locator(".badge", new() { HasText = "removed" }).First).ToBeVisibleAsync();
        await Assertions.Expect(result).ToContainTextAsync($"reduced by");
        await page.ScreenshotAsync("network-whatif");
    }

    [SkippableFact]
    public async Task Network_RecommendedMeasures_AreListedAndCanBeTried()
    {
        await using var page = await fixture.OpenAsync("network");
        var p = page.Page;
        var rec = await Api("/domains/network/network/recommendations");
        var ids = rec.GetProperty("measures").EnumerateArray().Select(m => m.GetProperty("change").GetProperty("id").GetString()!).ToList();
        Assert.NotEmpty(ids);
        var section = p.Locator("section[aria-labelledby='net-rec-h']");
        foreach (var id in ids) await Assertions.Expect(section.Locator("code", new() { HasTextString = id }).First).ToBeVisibleAsync();
        await Assertions.Expect(section.Locator("tbody tr")).ToHaveCountAsync(ids.Count);
        await Assertions.Expect(section.Locator("tbody button", new() { HasTextString = "Try as what-if" })).ToHaveCountAsync(ids.Count);

        await p.Locator("#net-rec-try-all").ClickAsync();
        var result = p.Locator($"#net-wi-result[data-changes='{string.Join(",", ids)}']");
        await Assertions.Expect(result.Locator("table").First).ToBeVisibleAsync(new() { Timeout = Timeout });
        foreach (var goal in rec.GetProperty("goals").EnumerateArray())
            Assert.Equal(0, Attr(await result.Locator($"[data-host='{goal.GetString()}'][data-after]").GetAttributeAsync("data-after")));
    }

    [SkippableTheory]
    [InlineData("network", 900, 720)]
    [InlineData("network", 1280, 720)]
    [InlineData("operations", 900, 720)]
    public async Task Page_FitsTheWindowWidth(string route, int width, int height)
    {
        await using var page = await fixture.OpenAsync(route, width, height);
        // Wide tables scroll inside their own box; the page itself never scrolls sideways.
        var overflow = await page.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"{route} at {width}px is {overflow}px wider than the window");
    }
}
