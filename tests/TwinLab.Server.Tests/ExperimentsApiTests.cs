using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TwinLab.Core.Application;
using TwinLab.Server.Events;
using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Results;
using TwinLab.Simulation.Scenarios;
using static TwinLab.Server.Tests.Adt;

namespace TwinLab.Server.Tests;

/// <summary>Shared scenarios and request helpers of the /experiments tests.</summary>
internal static class Experiments
{
    public const string Small = """
        name: small queue
        simulator: mmc
        horizon: 0
        seed: 7
        replications: 12
        parameters: { arrival_rate: 1.6, service_rate: 1.0, servers: 2, customers: 600, warmup: 60 }
        kpis: [mean_wait, p_wait]
        """;

    /// <summary>Runs for minutes unless cancelled: a million short replications.</summary>
    public const string Long = """
        name: long queue
        simulator: mmc
        horizon: 0
        seed: 3
        replications: 1000000
        parameters: { arrival_rate: 1.6, service_rate: 1.0, servers: 2, customers: 400, warmup: 40 }
        """;

    public static StringContent Yaml(string text, string type = "application/yaml")
    {
        var c = new StringContent(text, Encoding.UTF8);
        c.Headers.ContentType = new MediaTypeHeaderValue(type);
        return c;
    }

    public static async Task<JsonElement> Body(HttpResponseMessage r, HttpStatusCode status)
    {
        var text = await r.Content.ReadAsStringAsync();
        Assert.True(status == r.StatusCode, $"{r.StatusCode}: {text}");
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    public static async Task<string> Submit(HttpClient client, string yaml, string query = "")
    {
        var r = await client.PostAsync(Url("/experiments" + query), Yaml(yaml));
        var body = await Body(r, HttpStatusCode.Accepted);
        var id = body.GetProperty("id").GetString()!;
        Assert.Equal($"/experiments/{id}", r.Headers.Location!.OriginalString);
        return id;
    }

    /// <summary>Polls until the experiment's status is one of <paramref name="statuses"/> (default: finished).</summary>
    public static async Task<JsonElement> WaitFor(HttpClient client, string id, params string[] statuses)
    {
        if (statuses.Length == 0) statuses = ["succeeded", "failed", "cancelled"];
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var e = await Body(await client.GetAsync(Url($"/experiments/{id}")), HttpStatusCode.OK);
            if (statuses.Contains(e.GetProperty("status").GetString())) return e;
            Assert.True(DateTime.UtcNow < deadline, $"experiment {id} still {e.GetProperty("status")}");
            await Task.Delay(25);
        }
    }

    /// <summary>KPI means of the first scenario of a results.json.</summary>
    public static double[] Means(JsonElement results) =>
        [.. results.GetProperty("scenarios")[0].GetProperty("summaries").EnumerateArray().Select(s => s.GetProperty("mean").GetDouble())];

    public static ExperimentRecord DirectRun(string yaml, ulong? seed = null)
    {
        var catalog = SimulatorCatalog.CreateDefault();
        var scenario = new ScenarioParser(catalog).Parse(yaml, "direct.yaml");
        return ExperimentRunner.Run(scenario, catalog.Get("mmc"), null, new TwinOrigin("main", 0, "direct"),
            new RunOptions(seed ?? scenario.Seed, 1), TimeProvider.System);
    }
}

public sealed class ExperimentsApiTests
{
    [Fact]
    public async Task Submit_Yaml_SucceedsWithTheNumbersOfADirectRun()
    {
        using var factory = new ServerFactory();
        var client = factory.CreateClient();
        var id = await Experiments.Submit(client, Experiments.Small, "?seed=11");
        var done = await Experiments.WaitFor(client, id);
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        Assert.Equal("small queue", done.GetProperty("name").GetString());
        Assert.Equal(11UL, done.GetProperty("seed").GetUInt64());
        Assert.Equal(12, done.GetProperty("progress").GetProperty("completed").GetInt64());
        Assert.Equal(1.0, done.GetProperty("progress").GetProperty("fraction").GetDouble());
        Assert.NotEqual(JsonValueKind.Null, done.GetProperty("started").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, done.GetProperty("finished").ValueKind);
        var resultId = done.GetProperty("resultId").GetString()!;

        var results = await Experiments.Body(await client.GetAsync(Url($"/experiments/{id}/results")), HttpStatusCode.OK);
        Assert.Equal(resultId, results.GetProperty("id").GetString());
        Assert.Equal(11UL, results.GetProperty("provenance").GetProperty("seed").GetUInt64());
        var direct = Experiments.DirectRun(Experiments.Small, seed: 11);
        Assert.Equal(direct.Scenarios[0].Summaries.Select(s => s.Mean), Experiments.Means(results));
        Assert.NotEqual(Experiments.DirectRun(Experiments.Small).Scenarios[0].Summaries[0].Mean, Experiments.Means(results)[0]);

        // The experiment branch was discarded; the result is stored where 'twinlab results' finds it.
        Assert.Equal(["main"], factory.Services.GetRequiredService<TwinService>().Branches.Select(b => b.Name));
        Assert.NotNull(factory.Services.GetRequiredService<TwinService>().Store.LoadDocument(BranchExperiment.DocumentKind, resultId));
    }

    [Fact]
    public async Task Submit_Json_SameStructureAsYaml_Runs()
    {
        using var factory = new ServerFactory();
        var client = factory.CreateClient();
        const string json = "{\n\t\"name\": \"json queue\",\n\t\"simulator\": \"mmc\",\n\t\"horizon\": 0,\n\t\"seed\": 7,\n\t\"replications\": 12,\n" +
                            "\t\"parameters\": {\"arrival_rate\": 1.6, \"service_rate\": 1.0, \"servers\": 2, \"customers\": 600, \"warmup\": 60},\n" +
                            "\t\"kpis\": [\"mean_wait\", \"p_wait\"],\n\t\"experiment\": {\"type\": \"montecarlo\"}\n}";
        var r = await client.PostAsync(Url("/experiments"), Json(json));
        var id = (await Experiments.Body(r, HttpStatusCode.Accepted)).GetProperty("id").GetString()!;
        var done = await Experiments.WaitFor(client, id);
        Assert.Equal("succeeded", done.GetProperty("status").GetString());
        var results = await Experiments.Body(await client.GetAsync(Url($"/experiments/{id}/results")), HttpStatusCode.OK);
        Assert.Equal(Experiments.DirectRun(Experiments.Small).Scenarios[0].Summaries.Select(s => s.Mean), Experiments.Means(results));
    }

    [Fact]
    public async Task Report_IsTheHtmlReport()
    {
        using var factory = new ServerFactory();
        var client = factory.CreateClient();
        var id = await Experiments.Submit(client, Experiments.Small);
        await Experiments.WaitFor(client, id);
        var r = await client.GetAsync(Url($"/experiments/{id}/report"));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("text/html", r.Content.Headers.ContentType!.MediaType);
        var html = await r.Content.ReadAsStringAsync();
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("small queue", html);
        Assert.Contains("mean_wait", html);

        // Served with nosniff and a policy that lets the self-contained page style itself and nothing more: it has no
        // scripts and loads nothing from elsewhere.
        Assert.Equal("nosniff", r.Headers.GetValues("X-Content-Type-Options").Single());
        var policy = r.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", policy);
        Assert.Contains("style-src 'unsafe-inline'", policy);
        Assert.DoesNotContain("script-src", policy);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<style", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Cancel_LongRun_CancelledWithThePartialResultsKept()
    {
        using var factory = new ServerFactory();
        var client = factory.CreateClient();
        var id = await Experiments.Submit(client, Experiments.Long);
        var running = await Experiments.WaitFor(client, id, "running");
        while ((await Experiments.WaitFor(client, id, "running")).GetProperty("progress").GetProperty("completed").GetInt64() < 5) await Task.Delay(20);
        Assert.Equal(1_000_000, (await Experiments.WaitFor(client, id, "running")).GetProperty("progress").GetProperty("total").GetInt64());
        await AssertError(await client.GetAsync(Url($"/experiments/{id}/results")), HttpStatusCode.Conflict, ExperimentsApi.ExperimentNotFinished);

        var cancel = await client.PostAsync(Url($"/experiments/{id}/cancel"), null);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        var done = await Experiments.WaitFor(client, id);
        Assert.Equal("cancelled", done.GetProperty("status").GetString());
        var results = await Experiments.Body(await client.GetAsync(Url($"/experiments/{id}/results")), HttpStatusCode.OK);
        Assert.True(results.GetProperty("cancelled").GetBoolean());
        Assert.InRange(results.GetProperty("scenarios")[0].GetProperty("replications").GetInt32(), 5, 999_999);
        Assert.Equal(running.GetProperty("id").GetString(), id);

        await AssertError(await client.PostAsync(Url($"/experiments/{id}/cancel"), null), HttpStatusCode.Conflict, ExperimentsApi.ExperimentFinished);
    }

    [Fact]
    public async Task Delete_WhileQueued_CancelsWithoutAResult()
    {
        using var factory = new ServerFactory();
        var client = factory.CreateClient();
        var first = await Experiments.Submit(client, Experiments.Long);
        await Experiments.WaitFor(client, first, "running");
        var second = await Experiments.Submit(client, Experiments.Small);
        Assert.Equal("queued", (await Experiments.WaitFor(client, second, "queued")).GetProperty("status").GetString());

        Assert.Equal(HttpStatusCode.Accepted, (await client.DeleteAsync(Url($"/experiments/{second}"))).StatusCode);
        var cancelled = await Experiments.WaitFor(client, second);
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, cancelled.GetProperty("resultId").ValueKind);
        await AssertError(await client.GetAsync(Url($"/experiments/{second}/report")), HttpStatusCode.Conflict, ExperimentsApi.ResultNotAvailable);
        Assert.Equal(HttpStatusCode.Accepted, (await client.DeleteAsync(Url($"/experiments/{first}"))).StatusCode);
        await Experiments.WaitFor(client, first);
    }

    [Fact]
    public async Task Submit_QueueFull_503WithRetryAfter()
    {
        using var baseFactory = new ServerFactory();
        using var factory = baseFactory.WithWebHostBuilder(b => b.UseSetting("TwinLab:Experiments:QueueCapacity", "1"));
        var client = factory.CreateClient();
        var running = await Experiments.Submit(client, Experiments.Long);
        await Experiments.WaitFor(client, running, "running");
        var queued = await Experiments.Submit(client, Experiments.Small);

        var r = await client.PostAsync(Url("/experiments"), Experiments.Yaml(Experiments.Small));
        await AssertError(r, HttpStatusCode.ServiceUnavailable, ExperimentsApi.ExperimentQueueFull);
        Assert.True(r.Headers.RetryAfter?.Delta > TimeSpan.Zero);

        // Cancelling the waiting one frees its place at once.
        await client.PostAsync(Url($"/experiments/{queued}/cancel"), null);
        var again = await Experiments.Submit(client, Experiments.Small);
        await client.PostAsync(Url($"/experiments/{running}/cancel"), null);
        Assert.Equal("succeeded", (await Experiments.WaitFor(client, again)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Submit_BadInput_400NamingTheProblem()
    {
        using var factory = new ServerFactory();
        var client = factory.CreateClient();

        async Task<string> Error(HttpContent content, string query = "")
        {
            var r = await client.PostAsync(Url("/experiments" + query), content);
            await AssertError(r, HttpStatusCode.BadRequest, "InvalidArgument");
            return (await Experiments.Body(r, HttpStatusCode.BadRequest)).GetProperty("error").GetProperty("message").GetString()!;
        }

        Assert.StartsWith("scenario:3:", await Error(Experiments.Yaml("name: x\nsimulator: mmc\nhorizon: [0\nseed: 1\n")));
        Assert.Contains("scenario:2:12: no simulator 'mcc'", await Error(Experiments.Yaml("name: x\nsimulator: mcc\nhorizon: 0\n")));
        Assert.Contains("did you mean 'mmc'", await Error(Experiments.Yaml("name: x\nsimulator: mcc\nhorizon: 0\n")));
        Assert.Contains("scenario:2:", await Error(Json("{\"name\": \"x\",\n \"simulator\": }")));
        Assert.Contains("'twin: load'", await Error(Experiments.Yaml(Experiments.Small + "\ntwin: { load: /etc/passwd }\n")));
        Assert.Contains("'twin: models'", await Error(Experiments.Yaml(Experiments.Small + "\ntwin:\n  models: ../models\n")));
        Assert.Contains("'plugin'", await Error(Experiments.Yaml("plugin: /tmp/evil.dll\n" + Experiments.Small)));
        Assert.Contains("application/yaml", await Error(new StringContent(Experiments.Small, Encoding.UTF8, "text/plain")));
        Assert.Contains("seed", await Error(Experiments.Yaml(Experiments.Small), "?seed=-1"));
        Assert.Contains("threads", await Error(Experiments.Yaml(Experiments.Small), "?threads=0"));
        await AssertError(await client.PostAsync(Url("/experiments?branch=nope"), Experiments.Yaml(Experiments.Small)), HttpStatusCode.NotFound, "BranchNotFound");
        await AssertError(await client.PostAsync("/experiments", Experiments.Yaml(Experiments.Small)), HttpStatusCode.BadRequest, "MissingApiVersionParameter");
        Assert.Empty((await Experiments.Body(await client.GetAsync(Url("/experiments")), HttpStatusCode.OK)).GetProperty("value").EnumerateArray());
    }

    [Fact]
    public async Task UnknownId_404Everywhere()
    {
        using var factory = new ServerFactory();
        var client = factory.CreateClient();
        foreach (var path in new[] { "/experiments/nope", "/experiments/nope/results", "/experiments/nope/report" })
            await AssertError(await client.GetAsync(Url(path)), HttpStatusCode.NotFound, ExperimentsApi.ExperimentNotFound);
        await AssertError(await client.PostAsync(Url("/experiments/nope/cancel"), null), HttpStatusCode.NotFound, ExperimentsApi.ExperimentNotFound);
        await AssertError(await client.DeleteAsync(Url("/experiments/nope")), HttpStatusCode.NotFound, ExperimentsApi.ExperimentNotFound);
    }

    [Fact]
    public async Task StoredResults_OfTheCli_AreExperimentsUnderTheirResultId()
    {
        using var factory = new ServerFactory();
        var client = factory.CreateClient();
        var service = factory.Services.GetRequiredService<TwinService>();
        var catalog = SimulatorCatalog.CreateDefault();
        var scenario = new ScenarioParser(catalog).Parse(Experiments.Small, "cli.yaml");
        var cli = BranchExperiment.Run(service, "main", scenario, catalog.Get("mmc"), new BranchExperimentOptions { Threads = 1 });
        var id = await Experiments.Submit(client, Experiments.Small.Replace("small queue", "server queue"));
        await Experiments.WaitFor(client, id);

        var list = (await Experiments.Body(await client.GetAsync(Url("/experiments")), HttpStatusCode.OK)).GetProperty("value");
        Assert.Equal(["server queue", "small queue"], list.EnumerateArray().Select(e => e.GetProperty("name").GetString()));
        Assert.Equal(id, list[0].GetProperty("id").GetString());
        Assert.Equal(cli.Record.Id, list[1].GetProperty("id").GetString());

        var stored = await Experiments.Body(await client.GetAsync(Url($"/experiments/{cli.Record.Id}")), HttpStatusCode.OK);
        Assert.Equal("succeeded", stored.GetProperty("status").GetString());
        Assert.Equal(cli.Record.Id, stored.GetProperty("resultId").GetString());
        var results = await client.GetStringAsync(Url($"/experiments/{cli.Record.Id}/results"));
        Assert.Equal(cli.Json, results);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Url($"/experiments/{cli.Record.Id}/report"))).StatusCode);
    }

    [Fact]
    public async Task Events_QueuedStartedProgressAndFinished_Published()
    {
        using var factory = new ServerFactory();
        var client = factory.CreateClient();
        using var subscription = factory.Services.GetRequiredService<EventHub>().Subscribe(e => e.Type == TwinLabEventTypes.ExperimentProgress);
        var id = await Experiments.Submit(client, Experiments.Small);
        await Experiments.WaitFor(client, id);

        var kinds = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!kinds.Contains("succeeded"))
        {
            var e = await subscription.Reader.ReadAsync(timeout.Token);
            Assert.Equal($"experiments/{id}", e.Subject);
            Assert.Equal(id, e.Data!["id"]!.GetValue<string>());
            kinds.Add(e.Data!["event"]!.GetValue<string>());
        }
        Assert.Equal(["queued", "started"], kinds.Take(2));
        Assert.Equal("succeeded", kinds[^1]);
        // Progress is throttled to ten a second, but the last replication is always reported.
        Assert.InRange(kinds.Count(k => k == "progress"), 1, 11);
    }

    [Fact]
    public async Task ServerStopping_CancelsTheRunningExperimentAndStoresIt()
    {
        using var factory = new ServerFactory();
        var client = factory.CreateClient();
        var id = await Experiments.Submit(client, Experiments.Long);
        await Experiments.WaitFor(client, id, "running");
        var runner = factory.Services.GetServices<IHostedService>().Single(s => s.GetType().Name == "ExperimentRunnerService");
        await runner.StopAsync(CancellationToken.None);

        var done = await Experiments.WaitFor(client, id);
        Assert.Equal("cancelled", done.GetProperty("status").GetString());
        var resultId = done.GetProperty("resultId").GetString()!;
        var stored = factory.Services.GetRequiredService<TwinService>().Store.LoadDocument(BranchExperiment.DocumentKind, resultId);
        Assert.True(ResultsJson.Deserialize(stored!.Json).Cancelled);
    }
}
