using System.CommandLine;
using TwinLab.Simulation.Results;
using TwinLab.Simulation.Scenarios;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TwinLab.Core.Application;
using TwinLab.Core.History;
using TwinLab.Core.Twins;

namespace TwinLab.Cli.Commands;

/// <summary><c>twinlab demo</c>: loads the sample building from <c>examples/</c> into a fresh database and shows what the graph can answer.</summary>
internal static class DemoCommand
{
    /// <summary>The demo's own database, recreated on each run unless --db names another.</summary>
    internal const string DemoDb = "twinlab-demo.db";

    public static Command Create(GlobalOptions g)
    {
        var examples = new Option<string?>("--examples") { Description = "Folder holding the sample data (default: the examples/ folder shipped with twinlab)" };
        var serve = new Option<bool>("--serve") { Description = "Then serve the demo database with the dashboard (anonymous, loopback only) until Ctrl+C" };
        var urls = new Option<string>("--urls")
        {
            Description = "With --serve: the loopback addresses to serve on, separated by ';'",
            DefaultValueFactory = _ => DemoUrl,
        };
        var cmd = new Command("demo", $"Load the sample building (models, twins, relationships, a day of telemetry) into a fresh database ({DemoDb} unless --db is given) and print a summary; run the factory study; import, calibrate, staff and simulate the example contact centre; import and analyse the example network (attack graph, risk, cheapest fixes); calibrate an example patient's hypertension twin and rank regimens on it; with --serve, then serve it with the dashboard") { examples, serve, urls };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            ctx.RequireLocal();
            ctx.RejectAsOf("--as-of cannot be used with 'demo', which loads a fresh database.");
            if (ctx.Branch != BranchInfo.Main) throw new CliUsageException("'demo' loads the sample into 'main' of a fresh database; --branch cannot be used with it.");
            if (ctx.IdempotencyKey is not null) throw new CliUsageException("'demo' loads a fresh database; --idempotency-key cannot be used with it.");
            var examplesRoot = ctx.Get(examples) ?? FindExamples();
            var root = Path.Combine(examplesRoot, "building");
            var dbPath = p.GetResult(g.Db) is { Implicit: false } ? ctx.DbPath : DemoDb;
            foreach (var suffix in new[] { "", "-wal", "-shm" })
                File.Delete(dbPath + suffix);
            using var service = new TwinService(Storage.Sqlite.SqliteTwinStore.Open(dbPath));
            var report = Load(service, root, new WriteContext(ctx.Actor));
            LoadFactory(service, examplesRoot, new WriteContext(ctx.Actor));
            var factory = FactoryStudy(ctx, service, examplesRoot, dbPath);
            var contact = ContactDemo.Run(service, new WriteContext(ctx.Actor), examplesRoot, ResultsRoot(dbPath));
            var network = NetworkDemo.Run(service, new WriteContext(ctx.Actor), examplesRoot, ResultsRoot(dbPath));
            var health = HealthDemo.Run(service, new WriteContext(ctx.Actor), examplesRoot, ResultsRoot(dbPath));
            Report(ctx, service, report, dbPath, factory, contact, network, health);
            if (!ctx.Get(serve)) return 0;
            service.Dispose();
            var settings = new Server.ServerSettings(dbPath, Dev: true, Server.ServerSettings.SplitUrls(ctx.Get(urls)));
            return ServeCommand.Run(ctx, settings, addresses =>
                ctx.Err.WriteLine($"Open {ServeCommand.Dashboard(addresses)} in a browser: the demo's twins, history, experiments and the three domain views."));
        }));
        return cmd;
    }

    /// <summary>Where <c>demo --serve</c> listens: plain HTTP on loopback, so a browser opens it without a certificate warning.</summary>
    internal const string DemoUrl = "http://127.0.0.1:5080";

    /// <summary>Loads the factory's models and line A (examples/factory) into main, so its scenarios run on the server too
    /// (the server runs scenarios only on twins already in its database).</summary>
    private static void LoadFactory(TwinService service, string examplesRoot, WriteContext context)
    {
        var root = Path.Combine(examplesRoot, "factory");
        var sources = ModelsCommand.ReadSources([Path.Combine(root, "models")]);
        service.Write(BranchInfo.Main, context, graph => graph.ImportModels(sources));
        var graphPath = Path.Combine(root, "twins.json");
        var graphFile = JsonInput.Read("@" + graphPath, "demo");
        service.Write(BranchInfo.Main, context, graph => GraphFile.Apply(graph, graphFile, graphPath));
    }

    private sealed record LoadReport(int Models, int Twins, int Relationships, int TelemetryPoints);

    private static LoadReport Load(TwinService service, string root, WriteContext context)
    {
        T Write<T>(Func<TwinGraph, T> operation) => service.Write(BranchInfo.Main, context, operation).Value;
        var sources = ModelsCommand.ReadSources([Path.Combine(root, "models")]);
        var models = Write(graph => graph.ImportModels(sources)).Count;
        var graphPath = Path.Combine(root, "twins.json");
        var graphFile = JsonInput.Read("@" + graphPath, "demo");
        var (twins, rels) = Write(graph => GraphFile.Apply(graph, graphFile, graphPath));
        var telemetryPath = Path.Combine(root, "telemetry", "rooms.ndjson");
        var points = Write(graph =>
        {
            var n = 0;
            var line = 0;
            foreach (var text in File.ReadLines(telemetryPath))
            {
                line++;
                if (string.IsNullOrWhiteSpace(text)) continue;
                var obj = JsonNode.Parse(text)!.AsObject();
                var twin = obj["$twin"]!.GetValue<string>();
                var at = DateTimeOffset.Parse(obj["$ts"]!.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
                obj.Remove("$twin");
                obj.Remove("$ts");
                n += graph.AppendTelemetry(twin, null, JsonSerializer.SerializeToElement(obj), at).Count;
            }
            return n;
        });
        return new LoadReport(models, twins, rels, points);
    }

    private static readonly (string Title, string Query)[] Questions =
    [
        ("Rooms whose thermostat is set above 22 °C", "SELECT T.$dtId, T.name, T.thermostat.setpoint FROM DIGITALTWINS T WHERE IS_OF_MODEL(T, 'dtmi:twinlab:example:Room;1') AND T.thermostat.setpoint > 22"),
        ("Rooms on the first floor (JOIN … RELATED)", "SELECT R.$dtId, R.usage, R.capacity FROM DIGITALTWINS F JOIN R RELATED F.hasRoom WHERE F.$dtId = 'floor-1'"),
        ("Rooms that air handling unit ahu-2 serves, building → floor → room → unit (MATCH, 3 hops)", "SELECT room.$dtId, room.name FROM DIGITALTWINS MATCH (b)-[:hasFloor]->(f)-[:hasRoom]->(room)-[:servedBy]->(ahu) WHERE b.$dtId = 'hq' AND ahu.$dtId = 'ahu-2'"),
        ("Meeting rooms (derived model)", "SELECT COUNT() FROM DIGITALTWINS T WHERE IS_OF_MODEL(T, 'dtmi:twinlab:example:MeetingRoom;1')"),
    ];

    /// <summary>The engine's study: which buffer size and how many repair crews give the factory the most throughput per cost.</summary>
    private static RunCommand.RunOutcome FactoryStudy(CliContext ctx, TwinService service, string examplesRoot, string dbPath)
    {
        var catalog = Simulators.Catalog();
        var scenario = new ScenarioParser(catalog).ParseFile(Path.Combine(examplesRoot, "factory", "optimise.yaml"));
        var outDir = Path.Combine(ResultsRoot(dbPath), "factory-optimise");
        return RunCommand.Run(service, BranchInfo.Main, new WriteContext(ctx.Actor), ctx.Err, scenario, catalog.Get(scenario.Simulator), 0, outDir, keepBranch: false);
    }

    /// <summary>Where the demo writes its reports: <c>twinlab-demo-results</c> beside the database.</summary>
    private static string ResultsRoot(string dbPath) => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(dbPath)) ?? ".", "twinlab-demo-results");

    private static void Report(CliContext ctx, TwinService service, LoadReport report, string dbPath, RunCommand.RunOutcome factory, ContactDemo.Outcome contact, NetworkDemo.Outcome network, HealthDemo.Outcome health)
    {
        var snapshot = service.Snapshot;
        var byModel = snapshot.Twins.Values.GroupBy(t => t.ModelId).OrderBy(gr => gr.Key, StringComparer.Ordinal).ToArray();
        var answers = Questions.Select(q => (q.Title, q.Query, Rows: service.Query(q.Query).Items)).ToArray();
        var hottest = snapshot.Twins.Values.Where(t => t.Id.StartsWith("room-", StringComparison.Ordinal))
            .Select(t => (Twin: t, Buckets: TelemetryBucket.Downsample(service.ReadTelemetry(t.Id, "temperature", DateTimeOffset.MinValue, DateTimeOffset.MaxValue), new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(6))))
            .OrderByDescending(x => x.Buckets.Max(b => b.Max)).First();
        if (ctx.Json)
        {
            ctx.WriteJson(new JsonObject
            {
                ["database"] = dbPath,
                ["models"] = report.Models,
                ["twins"] = report.Twins,
                ["relationships"] = report.Relationships,
                ["telemetryPoints"] = report.TelemetryPoints,
                ["twinsByModel"] = new JsonObject(byModel.Select(gr => KeyValuePair.Create(gr.Key, (JsonNode?)gr.Count()))),
                ["queries"] = new JsonArray(answers.Select(a => (JsonNode)new JsonObject
                {
                    ["title"] = a.Title,
                    ["query"] = a.Query,
                    ["rows"] = new JsonArray(a.Rows.Select(r => (JsonNode)r.DeepClone()).ToArray()),
                }).ToArray()),
                ["factory"] = JsonNode.Parse(ResultsJson.Serialize(factory.Record)),
                ["contactCenter"] = ContactDemo.Json(contact),
                ["network"] = NetworkDemo.Json(network),
                ["health"] = HealthDemo.Json(health),
            });
            return;
        }
        var w = ctx.Out;
        w.WriteLine($"TwinLab demo: a three-storey office building, loaded into {dbPath}");
        w.WriteLine($"  {report.Models} models, {report.Twins} twins, {report.Relationships} relationships, {report.TelemetryPoints} telemetry points");
        w.WriteLine();
        Table.Write(w, ["model", "twins"], byModel.Select(gr => (IReadOnlyList<string>)[gr.Key, gr.Count().ToString(CultureInfo.InvariantCulture)]));
        foreach (var (title, query, rows) in answers)
        {
            w.WriteLine();
            w.WriteLine($"{title}:");
            w.WriteLine($"  twinlab query \"{query}\"");
            QueryCommand.WriteRows(w, rows);
        }
        w.WriteLine();
        w.WriteLine($"Warmest room over the day: {hottest.Twin.Id}, temperature in 6-hour buckets:");
        Table.Write(w, ["bucket start", "count", "min", "max", "mean"], hottest.Buckets.Select(b => (IReadOnlyList<string>)[
            TwinJson.Format(b.Start), b.Count.ToString(CultureInfo.InvariantCulture), b.Min.ToString("0.00", CultureInfo.InvariantCulture),
            b.Max.ToString("0.00", CultureInfo.InvariantCulture), b.Mean.ToString("0.00", CultureInfo.InvariantCulture)]));
        w.WriteLine();
        w.WriteLine("The experiment engine on the factory twin (examples/factory/optimise.yaml), run on a fresh branch:");
        w.WriteLine();
        ResultsPrinter.Print(w, factory.Record with { Scenarios = [] }, factory.Files);
        w.WriteLine();
        ContactDemo.Print(w, contact, dbPath);
        w.WriteLine();
        NetworkDemo.Print(w, network, dbPath);
        w.WriteLine();
        HealthDemo.Print(w, health, dbPath);
        w.WriteLine();
        w.WriteLine($"Explore it: twinlab --db {dbPath} twins list   |   twinlab --db {dbPath} models show dtmi:twinlab:example:Room;1");
        w.WriteLine($"            twinlab --db {dbPath} results list   |   twinlab run examples/queueing/compare.yaml");
    }

    /// <summary>The shipped examples: beside the executable, else in the working directory or one of its parents.</summary>
    private static string FindExamples()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "examples");
        if (Directory.Exists(Path.Combine(beside, "building"))) return beside;
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "examples");
            if (Directory.Exists(Path.Combine(candidate, "building"))) return candidate;
        }
        throw new CliUsageException("Sample data not found: pass --examples PATH (the repository's examples/ folder).");
    }
}
