using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using TwinLab.Core.Application;
using TwinLab.Server.Jobs;
using static TwinLab.Server.Tests.Adt;

namespace TwinLab.Server.Tests;

/// <summary>The server on a database file that may be reopened, with a small import batch size.</summary>
internal sealed class ImportServerFactory(string db, int batchSize) : WebApplicationFactory<ServerSettings>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("TwinLab:Db", db);
        builder.UseSetting("TwinLab:Dev", "true");
        builder.UseSetting("TwinLab:ImportBatchSize", batchSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public ImportJobService Jobs => Services.GetRequiredService<ImportJobService>();

    public TwinService Twins => Services.GetRequiredService<TwinService>();
}

/// <summary>A temporary directory holding the database (and so the import folder) for one test.</summary>
internal sealed class TempDb : IDisposable
{
    public string Dir { get; } = Directory.CreateTempSubdirectory("twinlab-import-").FullName;

    public string Db => Path.Combine(Dir, "twinlab.db");

    public string Imports => Path.Combine(Dir, "imports");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }
}

/// <summary>Builds NDJSON import files.</summary>
internal static class ImportFiles
{
    public const string Building = """{"@id":"dtmi:test:Building;1","@type":"Interface","@context":"dtmi:dtdl:context;3","contents":[{"@type":"Property","name":"name","schema":"string"},{"@type":"Relationship","name":"hasFloor","target":"dtmi:test:Floor;1"}]}""";
    public const string Floor = """{"@id":"dtmi:test:Floor;1","@type":"Interface","@context":"dtmi:dtdl:context;3","contents":[{"@type":"Property","name":"level","schema":"integer"},{"@type":"Relationship","name":"contains","target":"dtmi:test:Room;1"}]}""";
    public const string Room = """{"@id":"dtmi:test:Room;1","@type":"Interface","@context":"dtmi:dtdl:context;3","contents":[{"@type":"Property","name":"temperature","schema":"double"},{"@type":"Relationship","name":"adjacent","target":"dtmi:test:Room;1","properties":[{"@type":"Property","name":"door","schema":"boolean"}]}]}""";

    public const string Header = "{\"Section\": \"Header\"}\n{\"fileVersion\": \"1.0.0\", \"author\": \"tests\", \"organization\": \"TwinLab\"}\n";

    public static string Twin(string id, string model, string props = "") =>
        $$"""{"$dtId":"{{id}}","$metadata":{"$model":"{{model}}"}{{(props.Length > 0 ? "," + props : "")}}}""";

    public static string Rel(string source, string id, string target, string name, string props = "") =>
        $$"""{"$dtId":"{{source}}","$relationshipId":"{{id}}","$targetId":"{{target}}","$relationshipName":"{{name}}"{{(props.Length > 0 ? "," + props : "")}}}""";

    /// <summary>A building: <paramref name="floors"/> floors of <paramref name="roomsPerFloor"/> rooms, rooms adjacent along each floor.</summary>
    public static (string Text, int Twins, int Relationships) BuildingFile(int floors, int roomsPerFloor)
    {
        var sb = new StringBuilder(Header);
        sb.Append("{\"Section\": \"Models\"}\n").Append(Building).Append('\n').Append(Floor).Append('\n').Append(Room).Append('\n');
        sb.Append("{\"Section\": \"Twins\"}\n");
        sb.Append(Twin("building", "dtmi:test:Building;1", "\"name\":\"HQ\"")).Append('\n');
        var twins = 1;
        for (var f = 0; f < floors; f++)
        {
            sb.Append(Twin($"floor{f}", "dtmi:test:Floor;1", $"\"level\":{f}")).Append('\n');
            twins++;
            for (var r = 0; r < roomsPerFloor; r++, twins++)
                sb.Append(Twin($"room{f}-{r}", "dtmi:test:Room;1", $"\"temperature\":{20 + r % 5}")).Append('\n');
        }
        sb.Append("{\"Section\": \"Relationships\"}\n");
        var rels = 0;
        for (var f = 0; f < floors; f++)
        {
            sb.Append(Rel("building", $"hasFloor{f}", $"floor{f}", "hasFloor")).Append('\n');
            rels++;
            for (var r = 0; r < roomsPerFloor; r++)
            {
                sb.Append(Rel($"floor{f}", $"contains{r}", $"room{f}-{r}", "contains")).Append('\n');
                rels++;
                if (r + 1 < roomsPerFloor)
                {
                    sb.Append(Rel($"room{f}-{r}", "next", $"room{f}-{r + 1}", "adjacent", "\"door\":true")).Append('\n');
                    rels++;
                }
            }
        }
        return (sb.ToString(), twins, rels);
    }
}

public sealed class ImportJobsApiTests
{
    private static StringContent Job(string input, string output) =>
        Json(JsonSerializer.Serialize(new { inputBlobUri = input, outputBlobUri = output }));

    private static async Task Upload(HttpClient client, string name, string text)
    {
        var r = await client.PutAsync(Url($"/blobs/{name}"), new StringContent(text, Encoding.UTF8, "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
    }

    private static async Task<JsonElement> WaitFor(HttpClient client, string id, params string[] statuses)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            using var doc = JsonDocument.Parse(await client.GetStringAsync(Url($"/jobs/imports/{id}")));
            var status = doc.RootElement.GetProperty("status").GetString();
            if (statuses.Contains(status)) return doc.RootElement.Clone();
            Assert.True(DateTime.UtcNow < deadline, $"job {id} is still {status}");
            await Task.Delay(25);
        }
    }

    private static async Task<string[]> LogLines(HttpClient client, string name)
    {
        var r = await client.GetAsync(Url($"/blobs/{name}"));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        return (await r.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private static long Count(TwinService twins, string query)
    {
        var json = JsonSerializer.Serialize(twins.Query(query).Items);
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement[0].GetProperty("COUNT").GetInt64();
    }

    [Fact]
    public async Task Import_Building_AllTwinsAndRelationshipsLand()
    {
        using var temp = new TempDb();
        using var factory = new ImportServerFactory(temp.Db, batchSize: 1000);
        var client = factory.CreateClient();
        var (text, twinCount, relCount) = ImportFiles.BuildingFile(floors: 20, roomsPerFloor: 100);
        Assert.True(twinCount > 2000 && relCount > 3000);
        await Upload(client, "building.ndjson", text);

        var put = await client.PutAsync(Url("/jobs/imports/job1"), Job("https://account.blob.core.windows.net/imports/building.ndjson", "building.log.ndjson"));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        using (var created = JsonDocument.Parse(await put.Content.ReadAsStringAsync()))
        {
            Assert.Equal("job1", created.RootElement.GetProperty("id").GetString());
            Assert.Contains(created.RootElement.GetProperty("status").GetString(), new[] { "notstarted", "running" });
            Assert.True(created.RootElement.TryGetProperty("createdDateTime", out _));
            Assert.True(created.RootElement.TryGetProperty("purgeDateTime", out _));
        }

        var job = await WaitFor(client, "job1", "succeeded", "failed");
        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        Assert.True(job.TryGetProperty("finishedDateTime", out _));
        Assert.False(job.TryGetProperty("error", out _));
        Assert.Equal(twinCount, Count(factory.Twins, "SELECT COUNT() FROM DIGITALTWINS"));
        Assert.Equal(relCount, Count(factory.Twins, "SELECT COUNT() FROM RELATIONSHIPS"));
        Assert.Equal(3, factory.Twins.Snapshot.Models.Entries.Count());
        var room = await client.GetStringAsync(Url("/digitaltwins/room7-42"));
        Assert.Contains("\"temperature\":22", room);

        // Every write is recorded as the job's, one transaction per batch of at most 1,000.
        var events = factory.Twins.History(new TwinLab.Core.History.EventFilter());
        Assert.All(events, e => Assert.Equal("api (import:job1)", e.Actor));
        Assert.Equal(1 + (int)Math.Ceiling(twinCount / 1000.0) + (int)Math.Ceiling(relCount / 1000.0), events.Select(e => e.IdempotencyKey).Distinct().Count());

        var log = await LogLines(client, "building.log.ndjson");
        using var last = JsonDocument.Parse(log[^1]);
        Assert.Equal("Import", last.RootElement.GetProperty("jobType").GetString());
        Assert.Equal("job1", last.RootElement.GetProperty("jobId").GetString());
        Assert.Equal("Succeeded", last.RootElement.GetProperty("details").GetProperty("status").GetString());
        Assert.Equal(twinCount, last.RootElement.GetProperty("details").GetProperty("twins").GetInt32());
        Assert.Equal(0, last.RootElement.GetProperty("details").GetProperty("errors").GetInt32());
        Assert.DoesNotContain(log, l => l.Contains("\"logType\":\"Error\""));
    }

    [Fact]
    public async Task Import_BadLines_ReportedWithLineNumbersWhileGoodOnesLand()
    {
        using var temp = new TempDb();
        using var factory = new ImportServerFactory(temp.Db, batchSize: 3);
        var client = factory.CreateClient();
        string[] lines =
        [
            """{"Section": "Header"}""",                                                        // 1
            """{"fileVersion": "1.0.0"}""",                                                     // 2
            """{"Section": "Models"}""",                                                        // 3
            ImportFiles.Room,                                                                   // 4
            """{"Section": "Twins"}""",                                                         // 5
            ImportFiles.Twin("r1", "dtmi:test:Room;1", "\"temperature\":20"),                  // 6
            """{"$dtId":"r2","$metadata":{"$model":"dtmi:test:Room;1"},"temperature":""",     // 7 bad JSON
            ImportFiles.Twin("r3", "dtmi:test:Nope;1"),                                         // 8 unknown model
            ImportFiles.Twin("r4", "dtmi:test:Room;1", "\"temperature\":\"hot\""),             // 9 invalid property
            """{"$metadata":{"$model":"dtmi:test:Room;1"}}""",                                 // 10 no $dtId
            ImportFiles.Twin("r5", "dtmi:test:Room;1"),                                         // 11
            "",                                                                                 // 12 blank: skipped
            """{"Section": "Relationships"}""",                                                 // 13
            ImportFiles.Rel("r1", "a", "r5", "adjacent"),                                       // 14
            ImportFiles.Rel("r1", "b", "ghost", "adjacent"),                                    // 15 target missing
            ImportFiles.Rel("ghost", "c", "r1", "adjacent"),                                    // 16 source missing
            ImportFiles.Rel("r5", "d", "r1", "adjoins"),                                        // 17 no such relationship
            ImportFiles.Rel("r5", "e", "r1", "adjacent"),                                       // 18
        ];
        await Upload(client, "mixed.ndjson", string.Join('\n', lines));
        Assert.Equal(HttpStatusCode.Created, (await client.PutAsync(Url("/jobs/imports/mixed"), Job("mixed.ndjson", "out/mixed.log"))).StatusCode);
        var job = await WaitFor(client, "mixed", "succeeded", "failed");
        Assert.Equal("succeeded", job.GetProperty("status").GetString());

        var snapshot = factory.Twins.Snapshot;
        Assert.Equal(["r1", "r5"], snapshot.Twins.Keys.Order().ToArray());
        Assert.Equal(2, Count(factory.Twins, "SELECT COUNT() FROM RELATIONSHIPS"));

        var errors = (await LogLines(client, "out/mixed.log"))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.GetProperty("logType").GetString() == "Error")
            .Select(e => e.GetProperty("details"))
            .ToDictionary(d => d.GetProperty("line").GetInt64(), d => (Code: d.GetProperty("code").GetString(), Message: d.GetProperty("message").GetString()!));
        Assert.Equal([7L, 8, 9, 10, 15, 16, 17], errors.Keys.Order().ToArray());
        Assert.Contains("Not valid JSON", errors[7].Message);
        Assert.Equal("ModelNotFound", errors[8].Code);
        Assert.Contains("r4", errors[9].Message);
        Assert.Contains("$dtId", errors[10].Message);
        Assert.Equal("TargetTwinNotFound", errors[15].Code);
        Assert.Contains("ghost", errors[15].Message);
        Assert.Equal("DigitalTwinNotFound", errors[16].Code);
        Assert.Contains("adjoins", errors[17].Message);
    }

    [Fact]
    public async Task Import_FatalErrors_JobFailsWithLineAndCode()
    {
        using var temp = new TempDb();
        using var factory = new ImportServerFactory(temp.Db, batchSize: 10);
        var client = factory.CreateClient();
        const string header = "{\"Section\": \"Header\"}\n{\"fileVersion\": \"1.0.0\"}\n";
        var invalidModels = ImportFiles.Header + "{\"Section\": \"Models\"}\n" + ImportFiles.Room + "\n"
            + """{"@id":"dtmi:test:Bad;1","@type":"Interface","@context":"dtmi:dtdl:context;3","contents":[{"@type":"Property","name":"x","schema":"nope"}]}"""
            + "\n{\"Section\": \"Twins\"}\n" + ImportFiles.Twin("r1", "dtmi:test:Room;1") + "\n";
        (string Text, string Message, string Code)[] cases =
        [
            ("{\"fileVersion\": \"1.0.0\"}\n", "Line 1", "InvalidArgument"),
            (header + "{\"Section\": \"Twins\"}\n{\"Section\": \"Models\"}\n", "Line 4: section Models comes after Twins", "InvalidArgument"),
            (header + "{\"Section\": \"Stuff\"}\n", "Line 3: unknown section", "InvalidArgument"),
            ("{\"Section\": \"Header\"}\n{\"fileVersion\": \"2.0.0\"}\n", "fileVersion '2.0.0'", "InvalidArgument"),
            ("{\"Section\": \"Header\"}\n{\"Section\": \"Models\"}\n", "Line 2: the Header section needs the header object", "InvalidArgument"),
            (header + "{\"Section\": \"Models\"}\n{not json\n", "Line 4: not valid JSON", "InvalidArgument"),
            ("", "empty", "InvalidArgument"),
            (invalidModels, "Models (lines 4–5)", "DTDLParserError"),
        ];
        for (var i = 0; i < cases.Length; i++)
        {
            await Upload(client, $"bad{i}.ndjson", cases[i].Text);
            Assert.Equal(HttpStatusCode.Created, (await client.PutAsync(Url($"/jobs/imports/bad{i}"), Job($"bad{i}.ndjson", $"bad{i}.log"))).StatusCode);
        }
        Assert.Equal(HttpStatusCode.Created, (await client.PutAsync(Url("/jobs/imports/missing"), Job("nothing-here.ndjson", "missing.log"))).StatusCode);
        for (var i = 0; i < cases.Length; i++)
        {
            var job = await WaitFor(client, $"bad{i}", "succeeded", "failed");
            Assert.Equal("failed", job.GetProperty("status").GetString());
            Assert.Equal(cases[i].Code, job.GetProperty("error").GetProperty("code").GetString());
            Assert.Contains(cases[i].Message, job.GetProperty("error").GetProperty("message").GetString());
            Assert.Contains("\"status\":\"Failed\"", (await LogLines(client, $"bad{i}.log"))[^1]);
        }
        var missing = await WaitFor(client, "missing", "succeeded", "failed");
        Assert.Equal("BlobNotFound", missing.GetProperty("error").GetProperty("code").GetString());
        // Models are all or nothing: the valid Room model of the failed batch was not kept either.
        Assert.Empty(factory.Twins.Snapshot.Models.Entries);
        Assert.Empty(factory.Twins.Snapshot.Twins);
    }

    [Fact]
    public async Task Cancel_RunningAndQueued_StopBetweenBatches()
    {
        using var temp = new TempDb();
        using var factory = new ImportServerFactory(temp.Db, batchSize: 10);
        var firstBatch = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        factory.Jobs.AfterBatch = async (id, batch, ct) =>
        {
            if (id != "a" || batch != 1) return;
            firstBatch.TrySetResult();
            await release.Task.WaitAsync(ct);
        };
        var client = factory.CreateClient();
        var (text, twins, _) = ImportFiles.BuildingFile(floors: 2, roomsPerFloor: 20);
        await Upload(client, "b.ndjson", text);
        Assert.Equal(HttpStatusCode.Created, (await client.PutAsync(Url("/jobs/imports/a"), Job("b.ndjson", "a.log"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PutAsync(Url("/jobs/imports/b"), Job("b.ndjson", "b.log"))).StatusCode);
        await firstBatch.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // Running jobs cannot be deleted; the queued one is cancelled at once.
        await AssertError(await client.DeleteAsync(Url("/jobs/imports/a")), HttpStatusCode.BadRequest, "ValidationFailed");
        using (var b = JsonDocument.Parse(await (await client.PostAsync(Url("/jobs/imports/b/cancel"), null)).Content.ReadAsStringAsync()))
            Assert.Equal("cancelled", b.RootElement.GetProperty("status").GetString());

        var cancel = await client.PostAsync(Url("/jobs/imports/a/cancel"), null);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        using (var a = JsonDocument.Parse(await cancel.Content.ReadAsStringAsync()))
            Assert.Equal("cancelling", a.RootElement.GetProperty("status").GetString());
        release.SetResult();
        var job = await WaitFor(client, "a", "cancelled", "succeeded", "failed");
        Assert.Equal("cancelled", job.GetProperty("status").GetString());
        Assert.Equal(10, factory.Twins.Snapshot.Twins.Count); // exactly the first batch
        Assert.True(twins > 10);
        Assert.Contains("\"status\":\"Cancelled\"", (await LogLines(client, "a.log"))[^1]);

        // Cancelling again is harmless; a finished job can be deleted.
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync(Url("/jobs/imports/a/cancel"), null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync(Url("/jobs/imports/a"))).StatusCode);
        await AssertError(await client.GetAsync(Url("/jobs/imports/a")), HttpStatusCode.NotFound, "ImportJobNotFound");
        Assert.Equal("cancelled", (await WaitFor(client, "b", "cancelled")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Import_InterruptedByRestart_ResumesWithoutDoubleApplying()
    {
        using var temp = new TempDb();
        var (text, twins, rels) = ImportFiles.BuildingFile(floors: 3, roomsPerFloor: 10);
        using (var first = new ImportServerFactory(temp.Db, batchSize: 10))
        {
            var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            first.Jobs.AfterBatch = async (_, batch, ct) =>
            {
                if (batch != 2) return;
                stopped.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct); // held until the server shuts down
            };
            var client = first.CreateClient();
            await Upload(client, "b.ndjson", text);
            await client.PutAsync(Url("/jobs/imports/r"), Job("b.ndjson", "r.log"));
            await stopped.Task.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(20, first.Twins.Snapshot.Twins.Count);
        }
        using var second = new ImportServerFactory(temp.Db, batchSize: 10);
        var again = second.CreateClient();
        var job = await WaitFor(again, "r", "succeeded", "failed");
        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        Assert.Equal(twins, second.Twins.Snapshot.Twins.Count);
        Assert.Equal(rels, Count(second.Twins, "SELECT COUNT() FROM RELATIONSHIPS"));
        var log = await LogLines(again, "r.log");
        Assert.Contains(log, l => l.Contains("\"status\":\"Resumed\""));
        Assert.Equal(2, log.Count(l => l.Contains("\"status\":\"AlreadyImported\"")));
        // Each batch was written once: the resumed job's twin events are one per twin.
        var twinEvents = second.Twins.History(new TwinLab.Core.History.EventFilter()).Count(e => e.Type.Contains("Twin", StringComparison.Ordinal));
        Assert.Equal(twins, twinEvents);
    }

    private static string ExampleFile()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "examples", "server", "import", "building.ndjson");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("examples/server/import/building.ndjson not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public async Task Jobs_ListPagedDuplicateIdAndUnknown()
    {
        using var temp = new TempDb();
        using var factory = new ImportServerFactory(temp.Db, batchSize: 10);
        var client = factory.CreateClient();
        // The shipped example, imported five times: the first job adds its models, the others keep them and replace the twins.
        await Upload(client, "h.ndjson", File.ReadAllText(ExampleFile()));
        foreach (var id in new[] { "j3", "j1", "j5", "j2", "j4" })
            Assert.Equal(HttpStatusCode.Created, (await client.PutAsync(Url($"/jobs/imports/{id}"), Job("h.ndjson", $"{id}.log"))).StatusCode);
        await AssertError(await client.PutAsync(Url("/jobs/imports/j1"), Job("h.ndjson", "other.log")), HttpStatusCode.BadRequest, "ValidationFailed");
        await AssertError(await client.GetAsync(Url("/jobs/imports/nope")), HttpStatusCode.NotFound, "ImportJobNotFound");
        await AssertError(await client.PostAsync(Url("/jobs/imports/nope/cancel"), null), HttpStatusCode.NotFound, "ImportJobNotFound");
        await AssertError(await client.DeleteAsync(Url("/jobs/imports/nope")), HttpStatusCode.NotFound, "ImportJobNotFound");

        var seen = new List<string>();
        string? next = Url("/jobs/imports");
        while (next is not null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, next);
            request.Headers.Add("max-items-per-page", "2");
            using var doc = JsonDocument.Parse(await (await client.SendAsync(request)).Content.ReadAsStringAsync());
            seen.AddRange(doc.RootElement.GetProperty("value").EnumerateArray().Select(v => v.GetProperty("id").GetString()!));
            next = doc.RootElement.GetProperty("nextLink").GetString();
        }
        Assert.Equal(["j1", "j2", "j3", "j4", "j5"], seen);
        Assert.Equal("succeeded", (await WaitFor(client, "j5", "succeeded", "failed")).GetProperty("status").GetString());
        Assert.Equal(53, factory.Twins.Snapshot.Twins.Count);
        Assert.Equal(96, Count(factory.Twins, "SELECT COUNT() FROM RELATIONSHIPS"));
        Assert.DoesNotContain(await LogLines(client, "j5.log"), l => l.Contains("\"logType\":\"Error\""));
        await AssertError(await client.PostAsync(Url("/jobs/imports/j5/cancel"), null), HttpStatusCode.BadRequest, "ValidationFailed");
    }

    [Fact]
    public async Task Blobs_InsideTheImportFolderOnly()
    {
        using var temp = new TempDb();
        using var factory = new ImportServerFactory(temp.Db, batchSize: 10);
        var client = factory.CreateClient();
        File.WriteAllText(Path.Combine(temp.Dir, "secret.ndjson"), ImportFiles.Header);
        string[] bad =
        [
            "../secret.ndjson",
            "a/../../secret.ndjson",
            "/etc/passwd",
            "file:///etc/passwd",
            $"file://{temp.Dir}/secret.ndjson",
            "https://host/container/..%2F..%2Fsecret.ndjson",
            "https://host/container/%2E%2E/secret.ndjson",
            "https://host/justcontainer",
            "ftp://host/c/x.ndjson",
            "a\\..\\..\\secret.ndjson",
            "",
        ];
        foreach (var uri in bad)
        {
            var r = await client.PutAsync(Url($"/jobs/imports/t{Array.IndexOf(bad, uri)}"), Job(uri, "ok.log"));
            await AssertError(r, HttpStatusCode.BadRequest, "ValidationFailed");
            Assert.Contains("inputBlobUri", await r.Content.ReadAsStringAsync());
        }
        await AssertError(await client.PutAsync(Url("/jobs/imports/o"), Job("x.ndjson", "../escape.log")), HttpStatusCode.BadRequest, "ValidationFailed");
        await AssertError(await client.PutAsync(Url("/jobs/imports/same"), Job("x.ndjson", "x.ndjson")), HttpStatusCode.BadRequest, "ValidationFailed");
        await AssertError(await client.PutAsync(Url("/jobs/imports/nobody"), Json("{}")), HttpStatusCode.BadRequest, "ValidationFailed");

        // An encoded separator in a blob name stays part of the name (a file inside the folder); dot segments are refused.
        await client.PutAsync(Url("/blobs/..%2Fescape.ndjson"), new StringContent("x"));
        await client.PutAsync(Url("/blobs/..%5Cescape.ndjson"), new StringContent("x"));
        Assert.NotEqual(HttpStatusCode.Created, (await client.PutAsync(Url("/blobs/a/../../escape.ndjson"), new StringContent("x"))).StatusCode);
        Assert.False(File.Exists(Path.Combine(temp.Dir, "escape.ndjson")));
        Assert.Empty(Directory.GetFiles(temp.Dir, "*escape*"));
        Assert.All(Directory.GetFiles(temp.Imports, "*", SearchOption.AllDirectories), f => Assert.StartsWith(temp.Imports, f));
        Assert.NotEqual(HttpStatusCode.OK, (await client.GetAsync(Url("/blobs/..%2Fsecret.ndjson"))).StatusCode);
        await AssertError(await client.GetAsync(Url("/blobs/missing.ndjson")), HttpStatusCode.NotFound, "BlobNotFound");

        var put = await client.PutAsync(Url("/blobs/site1/floor.ndjson"), new StringContent("hello\n"));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        using (var doc = JsonDocument.Parse(await put.Content.ReadAsStringAsync()))
        {
            Assert.Equal("site1/floor.ndjson", doc.RootElement.GetProperty("name").GetString());
            Assert.Equal(6, doc.RootElement.GetProperty("length").GetInt64());
        }
        Assert.Equal("hello\n", await client.GetStringAsync(Url("/blobs/site1/floor.ndjson")));
        Assert.True(File.Exists(Path.Combine(temp.Imports, "site1", "floor.ndjson")));
        Assert.Empty(Directory.GetFiles(Path.Combine(temp.Imports, "site1"), "*.uploading"));

        // Inside the folder, every form names the same file.
        Directory.CreateDirectory(temp.Imports);
        var folder = factory.Jobs.Folder;
        var expected = Path.Combine(temp.Imports, "site", "x.ndjson");
        Assert.Equal(expected, folder.Resolve("site/x.ndjson", "f"));
        Assert.Equal(expected, folder.Resolve($"file://{expected}", "f"));
        Assert.Equal(expected, folder.Resolve("https://acct.blob.core.windows.net/imports/site/x.ndjson", "f"));
    }
}
