using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace TwinLab.Dashboard.Tests;

/// <summary>The operations page: a connection with a dead letter, an endpoint with a route, pause from the page.</summary>
[Collection(DashboardCollection.Name)]
public sealed class OperationsPageTests(DashboardFixture fixture)
{
    private const float Timeout = 60_000;
    private const string Connection = "ops-test-http";
    private const string Endpoint = "ops-test-sse";
    private const string Route = "ops-test-route";

    private const string Mapping = """
        rules:
          - name: reading
            twin: $.device
            telemetry:
              temperature: $.t
        """;

    private HttpClient Client() => new() { BaseAddress = new Uri(fixture.BaseUrl), Timeout = TimeSpan.FromSeconds(120) };

    private static string Url(string path) => path + (path.Contains('?') ? "&" : "?") + "api-version=2023-10-31";

    private static async Task<string> Ok(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {text}");
        return text;
    }

    [SkippableFact]
    public async Task Operations_ShowsConnectionsDeadLettersRoutesAndDrift_AndPausesFromThePage()
    {
        Skip.If(DashboardFixture.Chromium is null, DashboardFixture.SkipReason);
        using var http = Client();
        await Ok(await http.PutAsync(Url($"/connections/{Connection}"), Json(new JsonObject { ["type"] = "http", ["mapping"] = Mapping, ["mappingName"] = "ops.yaml" })));
        // A poison message: no device, so no twin to write to.
        var ndjson = new StringContent("{\"t\": 21.5}\n", Encoding.UTF8);
        ndjson.Headers.ContentType = new MediaTypeHeaderValue("application/x-ndjson");
        var posted = JsonDocument.Parse(await Ok(await http.PostAsync(Url($"/connections/{Connection}/messages"), ndjson))).RootElement;
        Assert.Equal(1, posted.GetProperty("deadLettered").GetInt32());
        var letter = JsonDocument.Parse(await Ok(await http.GetAsync(Url($"/deadletters?source={Connection}")))).RootElement.GetProperty("value")[0];
        await Ok(await http.PutAsync(Url($"/endpoints/{Endpoint}"), Json(new JsonObject { ["type"] = "sse" })));
        await Ok(await http.PutAsync(Url($"/eventroutes/{Route}"), Json(new JsonObject { ["endpointName"] = Endpoint, ["filter"] = "type = 'Microsoft.DigitalTwins.Twin.Update'" })));
        try
        {
            await using var page = await fixture.OpenAsync("operations");
            var p = page.Page;
            await Assertions.Expect(p.Locator($"[data-conn='{Connection}']")).ToHaveAttributeAsync("data-state", "running", new() { Timeout = Timeout });
            var reason = p.Locator($"[data-letter='{letter.GetProperty("id").GetString()}']");
            await Assertions.Expect(reason).ToHaveTextAsync(letter.GetProperty("reason").GetString()!);
            await Assertions.Expect(p.Locator($"[data-route='{Route}']")).ToHaveAttributeAsync("data-state", "streaming");
            await Assertions.Expect(p.Locator($"[data-endpoint='{Endpoint}']")).ToHaveAttributeAsync("data-state", "streaming");
            await Assertions.Expect(p.Locator("#ops-drift table")).ToBeVisibleAsync();

            // The route filter narrows the routes table.
            await p.Locator("#ops-route-filter").FillAsync("no-such-route-text");
            await Assertions.Expect(p.Locator($"[data-route='{Route}']")).ToHaveCountAsync(0);
            await p.Locator("#ops-route-filter").FillAsync(Route);
            await Assertions.Expect(p.Locator($"[data-route='{Route}']")).ToHaveCountAsync(1);

            // Pause from the page: the state follows, and the button becomes Resume.
            await p.GetByRole(AriaRole.Button, new() { Name = $"Pause connection {Connection}" }).ClickAsync();
            await Assertions.Expect(p.Locator($"[data-conn='{Connection}']")).ToHaveAttributeAsync("data-state", "paused", new() { Timeout = Timeout });
            await Assertions.Expect(p.GetByRole(AriaRole.Button, new() { Name = $"Resume connection {Connection}" })).ToBeVisibleAsync();
            var stored = JsonDocument.Parse(await Ok(await http.GetAsync(Url($"/connections/{Connection}")))).RootElement;
            Assert.True(stored.GetProperty("paused").GetBoolean());
            await page.ScreenshotAsync("operations");

            // Deleting a dead letter asks first; cancel keeps it, confirm removes it.
            var delete = p.GetByRole(AriaRole.Button, new() { Name = $"Delete dead letter {letter.GetProperty("id").GetString()}" });
            await delete.ClickAsync();
            await p.Locator("#ops-confirm-cancel").ClickAsync();
            await Assertions.Expect(reason).ToBeVisibleAsync();
            await delete.ClickAsync();
            await p.Locator("#ops-confirm-ok").ClickAsync();
            await Assertions.Expect(reason).ToHaveCountAsync(0, new() { Timeout = Timeout });
            var left = JsonDocument.Parse(await Ok(await http.GetAsync(Url($"/deadletters?source={Connection}")))).RootElement;
            Assert.Equal(0, left.GetProperty("value").GetArrayLength());
        }
        finally
        {
            await http.DeleteAsync(Url($"/eventroutes/{Route}"));
            await http.DeleteAsync(Url($"/endpoints/{Endpoint}"));
            await http.DeleteAsync(Url($"/connections/{Connection}"));
        }
    }

    private static StringContent Json(JsonObject body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");
}
