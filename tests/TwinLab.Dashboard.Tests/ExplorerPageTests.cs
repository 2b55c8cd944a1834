using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace TwinLab.Dashboard.Tests;

/// <summary>The twin explorer (#/explorer): a filter by model and property finds the right twins, and the graph draws them.</summary>
[Collection(DashboardCollection.Name)]
public sealed class ExplorerPageTests(DashboardFixture fixture)
{
    [SkippableFact]
    public async Task Filter_by_model_text_and_property_finds_exactly_the_matching_twins_and_draws_them()
    {
        Skip.If(DashboardFixture.Chromium is null, DashboardFixture.SkipReason);
        var api = new TwinApi(fixture);
        var tag = TwinApi.Unique("ex");
        // Three rooms of the demo's Room model with capacities 3, 7 and 12, and one of the derived MeetingRoom model (8).
        await api.PutRoomAsync($"{tag}-small", $"Explorer {tag} small", 3);
        await api.PutRoomAsync($"{tag}-mid", $"Explorer {tag} mid", 7);
        await api.PutRoomAsync($"{tag}-big", $"Explorer {tag} big", 12);
        await api.PutRoomAsync($"{tag}-meet", $"Explorer {tag} meet", 8, TwinApi.MeetingRoomModel);

        await using var page = await fixture.OpenAsync("explorer");
        var p = page.Page;
        await p.SelectOptionAsync("#ex-model", TwinApi.RoomModel);
        await p.FillAsync("#ex-text", tag);
        await p.GetByLabel("Condition 1 property").FillAsync("capacity");
        await p.GetByLabel("Condition 1 operator").SelectOptionAsync(">");
        await p.GetByLabel("Condition 1 value").FillAsync("5");
        var query = await p.InputValueAsync("#ex-query");
        Assert.Contains($"IS_OF_MODEL(T, '{TwinApi.RoomModel}')", query, StringComparison.Ordinal);
        Assert.Contains("T.capacity > 5", query, StringComparison.Ordinal);
        await p.GetByRole(AriaRole.Button, new() { Name = "Run query" }).ClickAsync();

        // Derived models are included (the meeting room), the small room is not.
        await Expect(p.Locator(".ex-count")).ToHaveAttributeAsync("data-count", "3", new() { Timeout = 60_000 });
        var ids = await p.Locator(".ex-results tbody th a").AllTextContentsAsync();
        Assert.Equal([$"{tag}-big", $"{tag}-meet", $"{tag}-mid"], ids.Order(StringComparer.Ordinal));
        await Expect(p.Locator("#ex-graph")).ToHaveAttributeAsync("data-nodes", "3", new() { Timeout = 60_000 });
        Assert.Contains(tag, Uri.UnescapeDataString(p.Url), StringComparison.Ordinal);

        // Selecting a node with the keyboard shows its summary with a link to the twin page.
        await p.Locator("#ex-graph").FocusAsync();
        await p.Keyboard.PressAsync("ArrowRight");
        await Expect(p.Locator(".ex-side a.button")).ToHaveTextAsync("Open twin", new() { Timeout = 30_000 });
        var opened = await p.Locator("#ex-graph").GetAttributeAsync("data-selected");
        Assert.StartsWith(tag, opened, StringComparison.Ordinal);
        await p.Locator(".ex-side a.button").ClickAsync();
        await page.WaitForPageAsync("twin");
        await Expect(p.Locator("h1 code")).ToHaveTextAsync(opened!);
    }

    [SkippableFact]
    public async Task The_whole_demo_graph_is_drawn_and_an_edited_query_runs_as_written()
    {
        await using var page = await fixture.OpenAsync("explorer");
        var p = page.Page;
        await Expect(p.Locator(".ex-count")).ToHaveAttributeAsync("data-count", new System.Text.RegularExpressions.Regex("^[1-9]"), new() { Timeout = 60_000 });
        var total = int.Parse((await p.Locator(".ex-count").GetAttributeAsync("data-count"))!, System.Globalization.CultureInfo.InvariantCulture);
        await Expect(p.Locator("#ex-graph")).ToHaveAttributeAsync("data-nodes", total.ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = 60_000 });
        Assert.True(total > 50, $"the demo has more than 50 twins, not {total}");
        Assert.True(int.Parse((await p.Locator("#ex-graph").GetAttributeAsync("data-edges"))!, System.Globalization.CultureInfo.InvariantCulture) > 0);
        await Expect(p.Locator("#ex-graph")).ToHaveAttributeAsync("data-settled", "true", new() { Timeout = 60_000 });
        await page.ScreenshotAsync("explorer");

        await p.FillAsync("#ex-query", "SELECT * FROM DIGITALTWINS T WHERE T.$dtId = 'hq'");
        await p.GetByRole(AriaRole.Button, new() { Name = "Run query" }).ClickAsync();
        await Expect(p.Locator(".ex-count")).ToHaveAttributeAsync("data-count", "1", new() { Timeout = 60_000 });
        await Expect(p.Locator(".ex-results tbody th a")).ToHaveTextAsync("hq");

        // A query the server refuses shows its error (the browser logs the 400 answer, which is expected here).
        page.Allowed.Add("status of 400");
        await p.FillAsync("#ex-query", "SELECT * FROM DIGITALTWINS T WHERE");
        await p.GetByRole(AriaRole.Button, new() { Name = "Run query" }).ClickAsync();
        await Expect(p.Locator(".ex-results .error-box")).ToContainTextAsync("BadRequest", new() { Timeout = 30_000 });
    }
}

/// <summary>Writes the browser tests make through the server's API (each test only to twins and branches it creates).</summary>
internal sealed class TwinApi(DashboardFixture fixture)
{
    public const string RoomModel = "dtmi:twinlab:example:Room;1";
    public const string MeetingRoomModel = "dtmi:twinlab:example:MeetingRoom;1";
    private const string V = "api-version=2023-10-31";
    private readonly HttpClient _http = new() { BaseAddress = new Uri(fixture.BaseUrl), Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>A name no other test run uses: the prefix and 8 hex digits.</summary>
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    private static string Url(string path) => path + (path.Contains('?') ? "&" : "?") + V;

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json = null, string contentType = "application/json", IDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, Url(path));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }
        foreach (var (k, v) in headers ?? new Dictionary<string, string>()) request.Headers.TryAddWithoutValidation(k, v);
        var response = await _http.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return response;
    }

    public Task PutRoomAsync(string id, string name, int capacity, string model = RoomModel, string? branch = null) =>
        SendAsync(HttpMethod.Put, $"/digitaltwins/{id}" + (branch is null ? "" : $"?branch={branch}"),
            JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["$metadata"] = new Dictionary<string, string> { ["$model"] = model },
                ["name"] = name,
                ["capacity"] = capacity,
                ["thermostat"] = new Dictionary<string, object> { ["$metadata"] = new Dictionary<string, string>() },
            }));

    public Task PatchAsync(string id, string property, object value, string? branch = null) =>
        SendAsync(HttpMethod.Patch, $"/digitaltwins/{id}" + (branch is null ? "" : $"?branch={branch}"),
            JsonSerializer.Serialize(new[] { new Dictionary<string, object> { ["op"] = "replace", ["path"] = "/" + property, ["value"] = value } }), "application/json-patch+json");

    public Task SendTelemetryAsync(string id, string json, DateTimeOffset? sourceTime = null)
    {
        var headers = new Dictionary<string, string> { ["Message-Id"] = Guid.NewGuid().ToString("N") };
        if (sourceTime is { } t) headers["Telemetry-Source-Time"] = t.ToString("O");
        return SendAsync(HttpMethod.Post, $"/digitaltwins/{id}/telemetry", json, headers: headers);
    }

    public async Task<JsonElement> GetAsync(string path)
    {
        var response = await SendAsync(HttpMethod.Get, path);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.Clone();
    }

    public async Task<HttpStatusCode> StatusAsync(HttpMethod method, string path)
    {
        using var response = await _http.SendAsync(new HttpRequestMessage(method, Url(path)));
        return response.StatusCode;
    }
}
