using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace TwinLab.Dashboard.Tests;

/// <summary>The Experiments page: templates, the YAML editor, live progress, cancel, results by type, downloads.</summary>
[Collection(DashboardCollection.Name)]
public sealed partial class ExperimentsPageTests(DashboardFixture fixture)
{
    private const float Long = 120_000;

    private async Task<JsonElement> ApiAsync(string path)
    {
        using var http = new HttpClient { BaseAddress = new Uri(fixture.BaseUrl) };
        var text = await http.GetStringAsync(path + (path.Contains('?') ? "&" : "?") + "api-version=2023-10-31");
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    /// <summary>Chooses a template by clicking its label; waits until the editor holds its text.</summary>
    private static async Task ChooseTemplateAsync(DashboardPage page, string name)
    {
        await page.Page.Locator($"label[for='exp-t-{name}']").ClickAsync();
        await page.Page.WaitForFunctionAsync($"() => document.getElementById('exp-t-{name}').checked && document.getElementById('exp-yaml').value.length > 0");
    }

    /// <summary>Puts <paramref name="yaml"/> into the editor, presses Start, and waits for the experiment's page.</summary>
    private static async Task<string> StartAsync(DashboardPage page, string yaml)
    {
        await page.Page.Locator("#exp-yaml").FillAsync(yaml);
        await page.Page.Locator("#exp-start").ClickAsync();
        await page.Page.WaitForFunctionAsync(
            "() => /^#\\/experiments\\/[0-9a-f]{32}$/.test(location.hash) && document.getElementById('page').getAttribute('aria-busy') === 'false'",
            null, new PageWaitForFunctionOptions { Timeout = 60_000 });
        return (await page.Page.EvaluateAsync<string>("location.hash")).Split('/')[^1];
    }

    private static Task WaitForStatusAsync(DashboardPage page, string status) =>
        page.Page.WaitForFunctionAsync($"() => document.querySelector('.page-experiments')?.dataset.status === '{status}'", null,
            new PageWaitForFunctionOptions { Timeout = Long });

    private static Task WaitForResultsAsync(DashboardPage page) =>
        page.Page.WaitForFunctionAsync("() => document.querySelector('.exp-results')?.dataset.ready === 'true' && [...document.querySelectorAll('.exp-results .chart')].length > 0",
            null, new PageWaitForFunctionOptions { Timeout = Long });

    /// <summary>Whether every chart of the results has drawn something on its canvas (some pixel not transparent).</summary>
    private static async Task<bool> ChartsDrawnAsync(DashboardPage page)
    {
        await page.Page.WaitForFunctionAsync("""
        () => {
          const canvases = [...document.querySelectorAll('.exp-results .chart canvas:not(.chart-overlay)')];
          return canvases.length > 0 && canvases.every(c => {
            if (!c.width || !c.height) return false;
            const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            for (let i = 3; i < data.length; i += 4) if (data[i] > 0) return true;
            return false;
          });
        }
        """, null, new PageWaitForFunctionOptions { Timeout = 30_000 });
        return true;
    }

    /// <summary>A displayed KPI value as a number ("1,234", "1.079", "2.5e-5").</summary>
    private static double Shown(string text) =>
        double.Parse(text.Replace(",", "", StringComparison.Ordinal).Replace('−', '-'), NumberStyles.Float, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^replications: \d+$", RegexOptions.Multiline)]
    private static partial Regex Replications();

    [GeneratedRegex(@"customers: \d+")]
    private static partial Regex Customers();

    [GeneratedRegex(@"warmup: \d+")]
    private static partial Regex Warmup();

    [GeneratedRegex(@"^\s*precision:.*$\n?", RegexOptions.Multiline)]
    private static partial Regex Precision();

    /// <summary>A template made quick: few replications and short runs.</summary>
    private static string Quick(string yaml, int replications = 8) =>
        Precision().Replace(Warmup().Replace(Customers().Replace(Replications().Replace(yaml, $"replications: {replications}"), "customers: 2000"), "warmup: 200"), "");

    [SkippableFact]
    public async Task The_list_and_the_form_offer_every_template_by_domain_with_the_reason_when_it_cannot_run()
    {
        await using var page = await fixture.OpenAsync("experiments", 1280, 900);
        var p = page.Page;
        // The demo stored results (twinlab demo runs the factory study): the list shows them as experiments.
        var listed = await ApiAsync("/experiments");
        Assert.True(listed.GetProperty("value").GetArrayLength() > 0);
        Assert.Equal(listed.GetProperty("value").GetArrayLength(), await p.Locator(".exp-table tbody tr[data-id]").CountAsync());
        var first = listed.GetProperty("value")[0];
        Assert.Equal(first.GetProperty("status").GetString(), await p.Locator($".exp-table tr[data-id='{first.GetProperty("id").GetString()}']").GetAttributeAsync("data-status"));

        var templates = (await ApiAsync("/scenario-templates?branch=main")).GetProperty("value").EnumerateArray().ToArray();
        Assert.Equal(templates.Length, await p.Locator("li.exp-template[data-template]").CountAsync());
        foreach (var t in templates)
        {
            var name = t.GetProperty("name").GetString()!;
            var input = p.Locator($"#exp-t-{name}");
            Assert.Equal(!t.GetProperty("runnable").GetBoolean(), await input.IsDisabledAsync());
            if (!t.GetProperty("runnable").GetBoolean())
                Assert.Contains(t.GetProperty("reasons")[0].GetString()!, await p.Locator($"#exp-t-{name}-why").InnerTextAsync(), StringComparison.Ordinal);
        }
        // The contact-centre scenarios need 'twinlab contact simulate': shown, disabled, with the reason.
        Assert.True(await p.Locator("#exp-t-contact-center-callback").IsDisabledAsync());
        Assert.Contains("no simulator 'contact-center'", await p.Locator("#exp-t-contact-center-callback-why").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(["Queueing (M/M/c)", "Factory line", "Hypertension", "Contact centre", "Your own"],
            await p.Locator(".exp-domain h3").AllInnerTextsAsync());

        // Choosing a template puts its YAML (as the API gives it for the branch) into the editor.
        await ChooseTemplateAsync(page, "queueing-compare");
        var compare = templates.Single(t => t.GetProperty("name").GetString() == "queueing-compare");
        Assert.Equal(compare.GetProperty("yaml").GetString()!.Replace("\r\n", "\n", StringComparison.Ordinal), await p.Locator("#exp-yaml").InputValueAsync());
        var lines = compare.GetProperty("yaml").GetString()!.TrimEnd('\n').Split('\n').Length;
        Assert.True(await p.Locator(".yaml-gutter div").CountAsync() >= lines);
        await page.ScreenshotAsync("experiments");
    }

    [SkippableFact]
    public async Task A_montecarlo_started_from_a_template_shows_progress_then_kpis_matching_its_results_and_downloads_them()
    {
        await using var page = await fixture.OpenAsync("experiments", 1280, 900);
        var p = page.Page;
        await ChooseTemplateAsync(page, "queueing-montecarlo");
        var yaml = Quick(await p.Locator("#exp-yaml").InputValueAsync(), 12);
        await p.Locator("#exp-seed").FillAsync("5");
        var id = await StartAsync(page, yaml);
        Assert.Equal("0", await p.Locator(".exp-run [role=progressbar]").GetAttributeAsync("aria-valuemin"));
        await WaitForStatusAsync(page, "succeeded");
        Assert.Equal("100", await p.Locator(".exp-run [role=progressbar]").GetAttributeAsync("aria-valuenow"));
        await WaitForResultsAsync(page);
        Assert.True(await ChartsDrawnAsync(page));

        var experiment = await ApiAsync($"/experiments/{id}");
        Assert.Equal(5UL, experiment.GetProperty("seed").GetUInt64());
        var results = await ApiAsync($"/experiments/{id}/results");
        Assert.Equal("montecarlo", results.GetProperty("type").GetString());
        var summaries = results.GetProperty("scenarios")[0].GetProperty("summaries").EnumerateArray().ToArray();
        Assert.NotEmpty(summaries);
        foreach (var s in summaries)
        {
            var mean = s.GetProperty("mean").GetDouble();
            var cell = p.Locator($".exp-summary td[data-kpi='{s.GetProperty("name").GetString()}'][data-stat='mean']");
            var shown = Shown(await cell.InnerTextAsync());
            Assert.True(Math.Abs(shown - mean) <= 6e-4 * Math.Abs(mean) + 1e-12, $"{s.GetProperty("name")}: shown {shown}, results {mean}");
            Assert.Equal(s.GetProperty("count").GetInt32().ToString(CultureInfo.InvariantCulture),
                await p.Locator($".exp-summary td[data-kpi='{s.GetProperty("name").GetString()}'][data-stat='count']").InnerTextAsync());
        }
        // One histogram per KPI.
        Assert.Equal(results.GetProperty("kpis").GetArrayLength(), await p.Locator(".exp-results .chart-histogram").CountAsync());

        var download = await p.RunAndWaitForDownloadAsync(() => p.Locator("#exp-download-json").ClickAsync());
        var file = Path.Combine(Path.GetTempPath(), $"twinlab-{id}.json");
        await download.SaveAsAsync(file);
        try
        {
            using var saved = JsonDocument.Parse(await File.ReadAllTextAsync(file));
            Assert.Equal(results.GetProperty("id").GetString(), saved.RootElement.GetProperty("id").GetString());
            Assert.EndsWith("-results.json", download.SuggestedFilename, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
        var report = await p.RunAndWaitForDownloadAsync(() => p.Locator("#exp-download-report").ClickAsync());
        Assert.EndsWith("-report.html", report.SuggestedFilename, StringComparison.Ordinal);
        await page.ScreenshotAsync("experiment-result-montecarlo");

        // The list now shows it, succeeded.
        await p.Locator("a[href='#/experiments']").First.ClickAsync();
        await Expect(p.Locator($".exp-table tr[data-id='{id}']")).ToHaveAttributeAsync("data-status", "succeeded", new() { Timeout = 60_000 });
    }

    [SkippableFact]
    public async Task A_yaml_error_is_shown_at_its_line_and_column()
    {
        await using var page = await fixture.OpenAsync("experiments", 1280, 900);
        page.Allowed.Add("status of 400");
        var p = page.Page;
        await ChooseTemplateAsync(page, "queueing-compare");
        var yaml = (await p.Locator("#exp-yaml").InputValueAsync()).Replace("simulator: mmc", "simulator: mcc", StringComparison.Ordinal);
        var line = yaml.Split('\n').ToList().FindIndex(l => l.StartsWith("simulator:", StringComparison.Ordinal)) + 1;
        await p.Locator("#exp-yaml").FillAsync(yaml);
        await p.Locator("#exp-start").ClickAsync();
        var error = p.Locator("#exp-error .error-box");
        await error.WaitForAsync(new LocatorWaitForOptions { Timeout = 30_000 });
        Assert.Equal(line.ToString(CultureInfo.InvariantCulture), await error.GetAttributeAsync("data-line"));
        Assert.Contains($"Line {line}, column 12:", await error.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("did you mean 'mmc'", await error.InnerTextAsync(), StringComparison.Ordinal);
        // The gutter marks the line, the caret is on it, and the page did not navigate.
        Assert.Equal($"▶ {line}", await p.Locator(".yaml-gutter .err").InnerTextAsync());
        Assert.Equal("true", await p.Locator("#exp-yaml").GetAttributeAsync("aria-invalid"));
        Assert.StartsWith($"Line {line}, column 12", await p.Locator("#exp-caret").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("#/experiments", await p.EvaluateAsync<string>("location.hash"));
        await page.ScreenshotAsync("experiments-yaml-error");
    }

    [SkippableFact]
    public async Task A_running_experiment_shows_live_progress_and_cancel_stops_it()
    {
        await using var page = await fixture.OpenAsync("experiments", 1280, 900);
        var p = page.Page;
        await ChooseTemplateAsync(page, "queueing-montecarlo");
        // The template made long: more replications than it finishes before it is cancelled at 1%.
        var yaml = Precision().Replace(Replications().Replace(await p.Locator("#exp-yaml").InputValueAsync(), "replications: 20000"), "");
        var id = await StartAsync(page, yaml);
        await p.WaitForFunctionAsync("() => document.querySelector('.page-experiments').dataset.status === 'running' && Number(document.querySelector('.exp-run [role=progressbar]').getAttribute('aria-valuenow')) >= 1 && /^[\\d,]+ \\/ 20,000 replications$/.test(document.querySelector('.exp-counts').textContent)",
            null, new PageWaitForFunctionOptions { Timeout = Long });
        Assert.Equal("running", (await ApiAsync($"/experiments/{id}")).GetProperty("status").GetString());
        await page.ScreenshotAsync("experiment-running");
        await p.Locator("#exp-cancel").ClickAsync();
        await WaitForStatusAsync(page, "cancelled");
        var experiment = await ApiAsync($"/experiments/{id}");
        Assert.Equal("cancelled", experiment.GetProperty("status").GetString());
        Assert.True(await p.Locator("#exp-cancel").IsHiddenAsync());
        // Its finished replications are kept as a result, shown like any other.
        if (experiment.GetProperty("resultId").ValueKind == JsonValueKind.String)
        {
            await WaitForResultsAsync(page);
            Assert.Contains("cancelled", await p.Locator(".exp-overview").InnerTextAsync(), StringComparison.Ordinal);
        }
    }

    [SkippableFact]
    public async Task A_comparison_shows_means_with_intervals_and_paired_differences()
    {
        await using var page = await fixture.OpenAsync("experiments", 1280, 900);
        var p = page.Page;
        await ChooseTemplateAsync(page, "queueing-compare");
        var id = await StartAsync(page, Quick(await p.Locator("#exp-yaml").InputValueAsync(), 10));
        await WaitForStatusAsync(page, "succeeded");
        await WaitForResultsAsync(page);
        Assert.True(await ChartsDrawnAsync(page));
        var results = await ApiAsync($"/experiments/{id}/results");
        var comparisons = results.GetProperty("comparisons").EnumerateArray().ToArray();
        Assert.Equal(comparisons.Length, await p.Locator("td[data-stat='difference']").CountAsync());
        foreach (var c in comparisons)
        {
            var diff = c.GetProperty("difference").GetDouble();
            var shown = Shown(await p.Locator($"td[data-stat='difference'][data-kpi='{c.GetProperty("kpi").GetString()}'][data-alternative='{c.GetProperty("alternative").GetString()}']").InnerTextAsync());
            Assert.True(Math.Abs(shown - diff) <= 6e-4 * Math.Abs(diff) + 1e-12, $"shown {shown}, results {diff}");
        }
        // Choosing another KPI redraws the charts for it.
        await p.Locator("#exp-compare-kpi").SelectOptionAsync("p_wait");
        await p.WaitForFunctionAsync("() => [...document.querySelectorAll('.exp-results .chart-title')].some(t => t.textContent.startsWith('p_wait'))");
        await page.ScreenshotAsync("experiment-result-compare");
    }

    [SkippableFact]
    public async Task A_sensitivity_analysis_shows_a_tornado_per_kpi()
    {
        await using var page = await fixture.OpenAsync("experiments", 1280, 900);
        var p = page.Page;
        await ChooseTemplateAsync(page, "queueing-compare");
        // Own YAML: the queue's tornado over arrival rate, service rate and servers.
        var id = await StartAsync(page, """
            name: M/M/c – what moves the mean wait
            simulator: mmc
            horizon: 0
            seed: 9
            replications: 8
            parameters: { arrival_rate: 2.4, service_rate: 1.0, servers: 3, customers: 2000, warmup: 200 }
            kpis: [mean_wait, utilisation]
            experiment:
              type: sensitivity
              method: tornado
              factors:
                arrival_rate: [2.0, 2.7]
                service_rate: [0.9, 1.2]
                servers: [3, 4]
            """);
        await WaitForStatusAsync(page, "succeeded");
        await WaitForResultsAsync(page);
        Assert.True(await ChartsDrawnAsync(page));
        Assert.Equal(1, await p.Locator(".exp-results .chart-tornado").CountAsync());
        Assert.Equal("3", await p.Locator(".exp-results .chart-tornado").GetAttributeAsync("data-points"));
        var results = await ApiAsync($"/experiments/{id}/results");
        var bar = results.GetProperty("tornado")[0].GetProperty("bars")[0];
        var effect = bar.GetProperty("effect").GetProperty("mean").GetDouble();
        var shown = Shown(await p.Locator($"td[data-stat='effect'][data-factor='{bar.GetProperty("parameter").GetString()}']").InnerTextAsync());
        Assert.True(Math.Abs(shown - effect) <= 6e-4 * Math.Abs(effect) + 1e-12, $"shown {shown}, results {effect}");
        await page.ScreenshotAsync("experiment-result-sensitivity");
    }
    [SkippableFact]
    public async Task An_optimisation_shows_its_best_candidates_and_the_search()
    {
        await using var page = await fixture.OpenAsync("experiments", 1280, 900);
        var p = page.Page;
        await ChooseTemplateAsync(page, "queueing-optimise");
        var id = await StartAsync(page, Quick(await p.Locator("#exp-yaml").InputValueAsync(), 5).Replace("  replications: 10", "  replications: 4", StringComparison.Ordinal));
        await WaitForStatusAsync(page, "succeeded");
        await WaitForResultsAsync(page);
        Assert.True(await ChartsDrawnAsync(page));
        var results = await ApiAsync($"/experiments/{id}/results");
        var best = results.GetProperty("optimisation").GetProperty("best")[0];
        var shown = Shown(await p.Locator("td[data-stat='objective']").First.InnerTextAsync());
        Assert.Equal(best.GetProperty("objective").GetDouble(), shown, 3);
        // The best candidate, the search, and the objective against 'servers'.
        Assert.True(await p.Locator(".exp-results .chart-line").CountAsync() >= 2);
        await page.ScreenshotAsync("experiment-result-optimise");
    }

    [SkippableFact]
    public async Task A_sweep_draws_the_kpi_against_its_parameters()
    {
        await using var page = await fixture.OpenAsync("experiments", 1280, 900);
        var p = page.Page;
        await ChooseTemplateAsync(page, "queueing-compare");
        var id = await StartAsync(page, """
            name: M/M/c – wait against load and servers
            simulator: mmc
            horizon: 0
            seed: 4
            replications: 6
            parameters: { arrival_rate: 2.4, service_rate: 1.0, servers: 3, customers: 2000, warmup: 200 }
            kpis: [mean_wait, utilisation]
            experiment:
              type: sweep
              grid:
                arrival_rate: [1.5, 2.0, 2.5]
                servers: [3, 4]
            """);
        await WaitForStatusAsync(page, "succeeded");
        await WaitForResultsAsync(page);
        Assert.True(await ChartsDrawnAsync(page));
        var results = await ApiAsync($"/experiments/{id}/results");
        Assert.Equal(6, results.GetProperty("scenarios").GetArrayLength());
        // Two factors: one chart, a line per level of the second factor, and a table row per point.
        Assert.Equal(1, await p.Locator(".exp-results .chart-line").CountAsync());
        Assert.Contains("servers = 3", await p.Locator(".exp-results .chart-line .legend").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(6, await p.Locator(".exp-results table:has(caption:has-text('Sweep points')) tbody tr").CountAsync());
        await page.ScreenshotAsync("experiment-result-sweep");
    }
    [SkippableFact]
    public async Task A_result_stored_by_the_command_line_opens_like_any_other()
    {
        // twinlab demo ran examples/factory/optimise.yaml with 'twinlab run''s code and stored the result.
        var stored = (await ApiAsync("/experiments")).GetProperty("value").EnumerateArray()
            .First(e => e.GetProperty("simulator").GetString() == "factory" && e.GetProperty("type").GetString() == "optimise");
        var id = stored.GetProperty("id").GetString()!;
        await using var page = await fixture.OpenAsync($"experiments/{id}", 1280, 900);
        var p = page.Page;
        Assert.Equal("succeeded", await p.EvaluateAsync<string>("document.querySelector('.page-experiments').dataset.status"));
        await WaitForResultsAsync(page);
        Assert.True(await ChartsDrawnAsync(page));
        Assert.True(await p.Locator("#exp-cancel").IsHiddenAsync());
        var best = (await ApiAsync($"/experiments/{id}/results")).GetProperty("optimisation").GetProperty("best");
        Assert.Equal(best.GetArrayLength(), await p.Locator("td[data-stat='objective']").CountAsync());
        await page.ScreenshotAsync("experiment-result-stored-optimise");
    }
    [SkippableFact]
    public async Task The_form_is_usable_at_900_pixels_and_by_keyboard()
    {
        await using var page = await fixture.OpenAsync("experiments", 900, 720);
        var p = page.Page;
        // Nothing wider than the window: the list scrolls in its own box.
        Assert.True(await p.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"));
        // Every control has a label.
        Assert.Equal(0, await p.EvaluateAsync<int>(
            "[...document.querySelectorAll('.exp-form input, .exp-form select, .exp-form textarea')].filter(c => !c.labels || c.labels.length === 0).length"));
        // Keyboard: from the branch picker, Tab reaches the seed; in the editor Tab indents, and Escape then Tab leaves it.
        await p.Locator("#exp-branch").FocusAsync();
        await p.Keyboard.PressAsync("Tab");
        Assert.Equal("exp-seed", await p.EvaluateAsync<string>("document.activeElement.id"));
        await p.Locator("#exp-yaml").FocusAsync();
        await p.Keyboard.PressAsync("Control+End");
        var before = await p.Locator("#exp-yaml").InputValueAsync();
        await p.Keyboard.PressAsync("Tab");
        Assert.Equal(before + "  ", await p.Locator("#exp-yaml").InputValueAsync());
        await p.Keyboard.PressAsync("Escape");
        await p.Keyboard.PressAsync("Tab");
        Assert.NotEqual("exp-yaml", await p.EvaluateAsync<string>("document.activeElement.id"));
        await page.ScreenshotAsync("experiments-900");
    }
}
