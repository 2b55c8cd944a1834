using System.Net;

namespace TwinLab.Dashboard.Tests;

/// <summary>The dashboard shell: served by the server itself, every page reachable, nothing loaded from elsewhere.</summary>
[Collection(DashboardCollection.Name)]
public sealed class ShellTests(DashboardFixture fixture)
{
    [SkippableFact]
    public async Task Every_page_of_the_navigation_renders_without_errors()
    {
        await using var page = await fixture.OpenAsync("explorer");
        var links = await page.Page.Locator("#nav a").AllAsync();
        Assert.Equal(8, links.Count);
        foreach (var link in links)
        {
            await link.ClickAsync();
            await page.WaitForPageAsync((await link.GetAttributeAsync("data-page"))!);
            Assert.Equal("page", await link.GetAttributeAsync("aria-current"));
            Assert.Equal(0, await page.Page.Locator("main .error-box").CountAsync());
        }
    }

    [SkippableFact]
    public async Task The_page_loads_nothing_from_another_origin()
    {
        Skip.If(DashboardFixture.Chromium is null, DashboardFixture.SkipReason);
        var context = await fixture.Browser!.NewContextAsync();
        var page = await context.NewPageAsync();
        var foreign = new List<string>();
        page.Request += (_, r) => { if (!r.Url.StartsWith(fixture.BaseUrl, StringComparison.Ordinal) && !r.Url.StartsWith("data:", StringComparison.Ordinal) && !r.Url.StartsWith("blob:", StringComparison.Ordinal)) foreign.Add(r.Url); };
        await page.GotoAsync(fixture.BaseUrl + "/");
        await page.WaitForFunctionAsync("() => document.getElementById('page').getAttribute('aria-busy') === 'false'");
        Assert.EndsWith("/dashboard/", new Uri(page.Url).GetLeftPart(UriPartial.Path));
        Assert.Empty(foreign);
        await context.CloseAsync();
    }

    [SkippableFact]
    public async Task Files_are_served_with_a_strict_content_security_policy_and_revalidated_by_etag()
    {
        Skip.If(DashboardFixture.Chromium is null, DashboardFixture.SkipReason);
        using var http = new HttpClient { BaseAddress = new Uri(fixture.BaseUrl) };
        var first = await http.GetAsync("/dashboard/js/app.js");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Contains("script-src 'self'", first.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var etag = first.Headers.ETag!.Tag;
        using var again = new HttpRequestMessage(HttpMethod.Get, "/dashboard/js/app.js");
        again.Headers.TryAddWithoutValidation("If-None-Match", etag);
        Assert.Equal(HttpStatusCode.NotModified, (await http.SendAsync(again)).StatusCode);
        var missing = await http.GetAsync("/dashboard/js/nope.js");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("\"DashboardFileNotFound\"", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
