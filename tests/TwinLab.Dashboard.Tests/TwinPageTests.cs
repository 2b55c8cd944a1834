using System.Globalization;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace TwinLab.Dashboard.Tests;

/// <summary>The twin page (#/twin/ID): properties, components, relationships, and telemetry charts that grow live.</summary>
[Collection(DashboardCollection.Name)]
public sealed class TwinPageTests(DashboardFixture fixture)
{
    [SkippableFact]
    public async Task Telemetry_posted_while_the_page_is_open_is_appended_to_its_chart()
    {
        Skip.If(DashboardFixture.Chromium is null, DashboardFixture.SkipReason);
        var api = new TwinApi(fixture);
        var id = TwinApi.Unique("tw");
        await api.PutRoomAsync(id, "Telemetry test room", 4);
        var start = DateTimeOffset.UtcNow.AddMinutes(-30);
        for (var i = 0; i < 3; i++) await api.SendTelemetryAsync(id, $$"""{"temperature": {{20 + i}}}""", start.AddMinutes(i * 5));

        await using var page = await fixture.OpenAsync("twin/" + id);
        var p = page.Page;
        await Expect(p.Locator("h1")).ToContainTextAsync("Telemetry test room");
        await Expect(p.Locator("table.data").First).ToContainTextAsync("capacity");
        var status = p.Locator(".tw-chart[data-series='temperature'] .tw-series-status");
        await Expect(status).ToHaveAttributeAsync("data-count", "3");
        await Expect(p.Locator(".tw-chart[data-series='temperature'] [data-points]")).ToHaveAttributeAsync("data-points", "3");
        await Expect(p.Locator(".tw-live")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 60_000 });

        await api.SendTelemetryAsync(id, """{"temperature": 23.456, "co2": 512}""");
        await Expect(status).ToHaveAttributeAsync("data-count", "4", new() { Timeout = 60_000 });
        await Expect(status).ToHaveAttributeAsync("data-latest", "23.456");
        await Expect(status).ToContainTextAsync("23.456");
        await Expect(p.Locator(".tw-chart[data-series='temperature'] [data-points]")).ToHaveAttributeAsync("data-points", "4");
        // A name the twin had no stored points of gets its own chart when its first point arrives.
        await Expect(p.Locator(".tw-chart[data-series='co2'] .tw-series-status")).ToHaveAttributeAsync("data-count", "1", new() { Timeout = 60_000 });

        await api.SendTelemetryAsync(id, """{"temperature": 24.5}""");
        await Expect(status).ToHaveAttributeAsync("data-count", "5", new() { Timeout = 60_000 });
        await Expect(status).ToHaveAttributeAsync("data-latest", "24.5");

        // A property change arrives live too.
        await api.PatchAsync(id, "capacity", 11);
        await Expect(p.Locator("table.data").First.Locator("tr", new() { HasText = "capacity" })).ToContainTextAsync("11", new() { Timeout = 60_000 });
    }

    [SkippableFact]
    public async Task A_demo_room_shows_properties_components_relationships_and_a_day_of_telemetry()
    {
        await using var page = await fixture.OpenAsync("twin/room-001");
        var p = page.Page;
        await Expect(p.Locator("h1")).ToContainTextAsync("room-001");
        await Expect(p.Locator("#tw-components + div")).ToContainTextAsync("thermostat");
        await Expect(p.Locator("section", new() { Has = p.Locator("#tw-rels") })).ToContainTextAsync("servedBy");
        Assert.True(await p.Locator("section", new() { Has = p.Locator("#tw-rels") }).Locator("a[href^='#/twin/']").CountAsync() >= 2);
        var temperature = p.Locator(".tw-chart[data-series='temperature'] .tw-series-status");
        await Expect(temperature).ToHaveAttributeAsync("data-count", new System.Text.RegularExpressions.Regex("^[1-9][0-9]+$"));
        var points = int.Parse((await temperature.GetAttributeAsync("data-count"))!, CultureInfo.InvariantCulture);
        Assert.True(points >= 24, $"a day of 15-minute readings, not {points}");
        await Expect(p.Locator(".tw-live")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 60_000 });
        await Expect(p.Locator("a", new() { HasText = "History of this twin" })).ToHaveAttributeAsync("href", "#/history/room-001");
        await page.ScreenshotAsync("twin");
    }

    [SkippableFact]
    public async Task An_unknown_twin_says_so()
    {
        await using var page = await fixture.OpenAsync("twin/no-such-twin-" + Guid.NewGuid().ToString("N")[..6]);
        page.Allowed.Add("status of 404");
        await Expect(page.Page.Locator("main .error-box")).ToContainTextAsync("DigitalTwinNotFound");
    }
}
