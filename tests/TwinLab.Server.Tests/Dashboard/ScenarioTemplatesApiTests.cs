using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using TwinLab.Server.Dashboard;
using TwinLab.Server.Dashboard.ScenarioTemplates;
using TwinLab.Simulation.Scenarios;
using static TwinLab.Server.Tests.Adt;

namespace TwinLab.Server.Tests.Dashboard;

/// <summary>GET /scenario-templates: the shipped example scenarios, their YAML for a branch, and whether they run here.</summary>
public sealed class ScenarioTemplatesApiTests
{
    private static async Task<JsonElement> Get(HttpClient client, string path, HttpStatusCode status = HttpStatusCode.OK)
    {
        var r = await client.GetAsync(Url(path));
        var text = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == status, $"{r.StatusCode}: {text}");
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    private static JsonElement Template(JsonElement list, string name) =>
        list.GetProperty("value").EnumerateArray().Single(t => t.GetProperty("name").GetString() == name);

    private static string[] Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];

    [Fact]
    public async Task List_offers_every_shipped_scenario_with_its_title_type_and_yaml()
    {
        using var factory = new ServerFactory();
        var list = await Get(factory.CreateClient(), "/scenario-templates");
        var names = list.GetProperty("value").EnumerateArray().Select(t => t.GetProperty("name").GetString()!).ToArray();
        Assert.Equal(
            ["contact-center-callback", "contact-center-knowledge-base", "factory-compare", "factory-montecarlo", "factory-optimise",
             "factory-sensitivity", "health-compare-regimens", "queueing-compare", "queueing-montecarlo", "queueing-optimise"], names);

        var compare = Template(list, "queueing-compare");
        Assert.Equal("queueing", compare.GetProperty("domain").GetString());
        Assert.Equal("examples/queueing/compare.yaml", compare.GetProperty("file").GetString());
        Assert.Equal("M/M/3 – a fourth server or faster service?", compare.GetProperty("title").GetString());
        Assert.StartsWith("What a fourth server, or 10% faster service, does to waiting", compare.GetProperty("description").GetString());
        Assert.Equal("mmc", compare.GetProperty("simulator").GetString());
        Assert.Equal("compare", compare.GetProperty("type").GetString());
        Assert.Equal(100, compare.GetProperty("replications").GetInt32());
        Assert.True(compare.GetProperty("runnable").GetBoolean());
        Assert.Empty(Strings(compare.GetProperty("reasons")));
        // No twin section to rewrite: the file exactly as shipped.
        var shipped = await File.ReadAllTextAsync(Path.Combine(ExamplesFolder(), "queueing", "compare.yaml"));
        Assert.Equal(shipped, compare.GetProperty("yaml").GetString());

        Assert.Equal("montecarlo", Template(list, "factory-montecarlo").GetProperty("type").GetString());
        Assert.Equal("sensitivity", Template(list, "factory-sensitivity").GetProperty("type").GetString());
        Assert.Equal("optimise", Template(list, "queueing-optimise").GetProperty("type").GetString());
        // A description: key wins over the comments.
        Assert.StartsWith("Offer phone callers a callback", Template(list, "contact-center-callback").GetProperty("description").GetString());
    }

    [Fact]
    public async Task A_runnable_template_is_accepted_by_post_experiments_as_it_is()
    {
        using var factory = new ServerFactory();
        var client = factory.CreateClient();
        var template = await Get(client, "/scenario-templates/queueing-montecarlo");
        Assert.True(template.GetProperty("runnable").GetBoolean());
        var id = await Experiments.Submit(client, template.GetProperty("yaml").GetString()!);
        var submitted = await Get(client, $"/experiments/{id}");
        Assert.Equal("M/M/3 queue – mean wait against Erlang C", submitted.GetProperty("name").GetString());
        await client.PostAsync(Url($"/experiments/{id}/cancel"), null);
    }

    [Fact]
    public async Task A_template_whose_simulator_the_server_lacks_says_so()
    {
        using var factory = new ServerFactory();   // the default catalog: mmc only
        var list = await Get(factory.CreateClient(), "/scenario-templates");
        var callback = Template(list, "contact-center-callback");
        Assert.False(callback.GetProperty("runnable").GetBoolean());
        Assert.Contains("no simulator 'contact-center' (it has mmc)", Strings(callback.GetProperty("reasons")).Single(), StringComparison.Ordinal);
        Assert.False(callback.GetProperty("requires").GetProperty("simulatorAvailable").GetBoolean());
        var health = Template(list, "health-compare-regimens");
        Assert.False(health.GetProperty("runnable").GetBoolean());
    }

    [Fact]
    public async Task With_the_simulator_added_the_template_runs()
    {
        using var baseFactory = new ServerFactory();
        using var factory = baseFactory.WithWebHostBuilder(b => b.ConfigureServices(s =>
            s.AddSingleton(SimulatorCatalog.CreateDefault().Add(new TwinLab.Health.Simulation.HypertensionSimulator()))));
        var health = await Get(factory.CreateClient(), "/scenario-templates/health-compare-regimens");
        Assert.True(health.GetProperty("runnable").GetBoolean(), string.Join(" ", Strings(health.GetProperty("reasons"))));
        Assert.Equal("compare", health.GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_factory_template_names_the_twins_the_branch_lacks_and_reads_the_branch_instead_of_a_file()
    {
        using var factory = new ServerFactory();
        var client = factory.CreateClient();
        var before = await Get(client, "/scenario-templates/factory-optimise");
        Assert.False(before.GetProperty("runnable").GetBoolean());
        var requires = before.GetProperty("requires");
        Assert.Equal("examples/factory/twins.json", requires.GetProperty("graphFile").GetString());
        Assert.Equal(12, requires.GetProperty("twins").GetArrayLength());
        Assert.Equal(Strings(requires.GetProperty("twins")), Strings(requires.GetProperty("missingTwins")));
        Assert.Equal(5, requires.GetProperty("missingModels").GetArrayLength());
        Assert.Equal(17, requires.GetProperty("missingRelationships").GetInt32());
        var reasons = Strings(before.GetProperty("reasons"));
        Assert.Contains(reasons, r => r.Contains("branch 'main' lacks 12 of its 12 twins (plant, line-a, crews, saw, mill and 7 more), 5 of its 5 models and 17 of its 17 relationships;", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("no simulator 'factory'", StringComparison.Ordinal));

        // Load the factory graph into a branch of its own, as an import would.
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync(Url("/branches"), Json("""{"name": "plant"}"""))).StatusCode);
        await LoadFactory(client, "plant");
        var after = await Get(client, "/scenario-templates/factory-optimise?branch=plant");
        var gap = after.GetProperty("requires");
        Assert.Empty(Strings(gap.GetProperty("missingTwins")));
        Assert.Empty(Strings(gap.GetProperty("missingModels")));
        Assert.Equal(0, gap.GetProperty("missingRelationships").GetInt32());
        // What is left is the simulator, which this test server does not have (twinlab serve has it).
        Assert.Contains("no simulator 'factory'", Strings(after.GetProperty("reasons")).Single(), StringComparison.Ordinal);
        Assert.Equal("plant", after.GetProperty("branch").GetString());

        var yaml = after.GetProperty("yaml").GetString()!;
        Assert.DoesNotContain("load:", yaml, StringComparison.Ordinal);
        Assert.Contains("twin:\n  branch: plant\n", yaml, StringComparison.Ordinal);
        Assert.Contains("simulator: factory", yaml, StringComparison.Ordinal);
        Assert.Contains("  confirm_replications: 30", yaml, StringComparison.Ordinal);
        // main still lacks them.
        Assert.False((await Get(client, "/scenario-templates/factory-optimise")).GetProperty("requires").GetProperty("missingTwins").GetArrayLength() == 0);
    }

    [Fact]
    public async Task As_of_a_point_in_history_the_template_forks_that_point()
    {
        using var factory = new ServerFactory();
        var client = factory.CreateClient();
        await LoadFactory(client, "main");
        var head = await Get(client, "/scenario-templates/factory-compare");
        Assert.Empty(Strings(head.GetProperty("requires").GetProperty("missingTwins")));
        var past = await Get(client, "/scenario-templates/factory-compare?asOf=0");
        Assert.Equal(12, past.GetProperty("requires").GetProperty("missingTwins").GetArrayLength());
        Assert.Contains("twin:\n  branch: main\n  at: 0\n", past.GetProperty("yaml").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_names_and_branches_are_404_in_adts_shape()
    {
        using var factory = new ServerFactory();
        var client = factory.CreateClient();
        var r = await client.GetAsync(Url("/scenario-templates/queueing-nope"));
        await AssertError(r, HttpStatusCode.NotFound, ScenarioTemplatesApi.ScenarioTemplateNotFound);
        await AssertError(await client.GetAsync(Url("/scenario-templates?branch=nope")), HttpStatusCode.NotFound, "BranchNotFound");
        await AssertError(await client.GetAsync("/scenario-templates"), HttpStatusCode.BadRequest, "MissingApiVersionParameter");
        var message = (await Get(client, "/scenario-templates/queueing-nope", HttpStatusCode.NotFound)).GetProperty("error").GetProperty("message").GetString();
        Assert.Contains("No scenario template 'queueing-nope'", message, StringComparison.Ordinal);
        Assert.Contains("queueing-compare", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rewriting_the_twin_section_keeps_every_other_line()
    {
        const string text = "# top\nname: x\ntwin:\n  branch: main\n  load: twins.json   # a comment\n  at: 12\nsimulator: mmc\n# tail\nhorizon: 0\n";
        var file = ScenarioTemplateFile.Read("examples/demo/x.yaml", text, _ => new TemplateGraph("examples/demo/twins.json", [], [], []));
        var rewritten = file.TwinSection!.Rewrite(file.Text, "what-if", null, "examples/demo/twins.json");
        Assert.Equal(
            "# top\nname: x\n# The twin is read from the database: the example loads it from examples/demo/twins.json, which the server may not.\n" +
            "twin:\n  branch: what-if\n  at: 12\nsimulator: mmc\n# tail\nhorizon: 0\n", rewritten);

        const string flow = "name: y\ntwin: { load: twins.json }\nsimulator: mmc\r\n";
        var flowFile = ScenarioTemplateFile.Read("examples/demo/y.yaml", flow, _ => null);
        Assert.Equal("twins.json", flowFile.LoadsUnknownFile);
        Assert.Equal("name: y\r\n# The twin is read from the database: the example loads it from a file, which the server may not.\r\ntwin:\r\n  branch: \"true\"\r\nsimulator: mmc\r\n",
            flowFile.TwinSection!.Rewrite(flowFile.Text, "true", null, null));
    }

    /// <summary>Uploads examples/factory (models, twins, relationships) to <paramref name="branch"/> through the ADT API.</summary>
    private static async Task LoadFactory(HttpClient client, string branch)
    {
        var dir = Path.Combine(ExamplesFolder(), "factory");
        var models = new JsonArray([.. Directory.GetFiles(Path.Combine(dir, "models"), "*.json").Order(StringComparer.Ordinal)
            .Select(f => JsonNode.Parse(File.ReadAllText(f)))]);
        var r = await client.PostAsync(Url($"/models?branch={branch}"), Json(models.ToJsonString()));
        Assert.True(r.StatusCode == HttpStatusCode.Created, await r.Content.ReadAsStringAsync());
        var graph = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "twins.json")))!;
        foreach (var twin in graph["twins"]!.AsArray())
        {
            var id = twin!["$dtId"]!.GetValue<string>();
            var body = twin.DeepClone().AsObject();
            body.Remove("$dtId");
            r = await client.PutAsync(Url($"/digitaltwins/{id}?branch={branch}"), Json(body.ToJsonString()));
            Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());
        }
        foreach (var rel in graph["relationships"]!.AsArray())
        {
            var body = new JsonObject { ["$relationshipName"] = rel!["name"]!.GetValue<string>(), ["$targetId"] = rel["target"]!.GetValue<string>() };
            r = await client.PutAsync(Url($"/digitaltwins/{rel["source"]}/relationships/{rel["id"]}?branch={branch}"), Json(body.ToJsonString()));
            Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());
        }
    }

    private static string ExamplesFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "examples", "factory"))) return Path.Combine(dir.FullName, "examples");
        throw new DirectoryNotFoundException("examples/ not found above " + AppContext.BaseDirectory);
    }
}
