using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using TwinLab.Core.Application;
using TwinLab.Core.History;
using TwinLab.Core.Models;
using TwinLab.Core.Twins;
using TwinLab.Server.Events;
using TwinLab.Server.Experiments;
using TwinLab.Server.Jobs;
using TwinLab.Simulation.Scenarios;
using static TwinLab.Server.Tests.Adt;

namespace TwinLab.Server.Tests;

/// <summary>A clock the test moves; each reading may also step it forward, so readings are ordered.</summary>
internal sealed class ManualClock(DateTimeOffset start, TimeSpan step = default) : TimeProvider
{
    private DateTimeOffset _now = start;
    private readonly Lock _gate = new();

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            var now = _now;
            _now += step;
            return now;
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (_gate) _now += by;
    }
}

/// <summary>The fixes of a review of the server: bounded queues, import limits, job order and purge, upload names, report headers.</summary>
public sealed class ReviewFixTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("twinlab-review-").FullName;
    private readonly TwinService _service = new(new InMemoryTwinStore());

    public void Dispose()
    {
        _service.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private void ImportRoomModel() =>
        _service.Write(BranchInfo.Main, new WriteContext("test"), g => g.ImportModels([new DtdlSource(RoomModel, "room")]).Count);

    // 1. The publisher's queue of committed writes is bounded; an overflow cuts the live streams off.
    [Fact]
    public void CommitEventPublisher_Overflow_DropsTheQueueAndCutsSubscribersOffAsLagged()
    {
        var hub = new EventHub();
        var publisher = new CommitEventPublisher(_service, hub, EventStreamOptions.From(new ConfigurationBuilder().Build()),
            new HttpContextAccessor(), NullLogger<CommitEventPublisher>.Instance, capacity: 3);
        var writes = new List<CommittedWrite>();
        _service.Committed += writes.Add;
        ImportRoomModel();
        for (var i = 0; i < 3; i++)
            _service.Write(BranchInfo.Main, new WriteContext("test"), g => g.CreateOrReplaceTwin($"r{i}", System.Text.Json.JsonDocument.Parse(
                $$"""{"$metadata":{"$model":"dtmi:test:Room;1"},"temperature":{{i}}}""").RootElement));
        Assert.Equal(4, writes.Count);

        using var subscription = hub.Subscribe(_ => true);
        // Not started: nothing reads the queue, as when a fast writer outruns the loop.
        for (var i = 0; i < 3; i++) publisher.OnCommitted(writes[i]);
        Assert.Equal(3, publisher.QueuedCount);
        Assert.False(subscription.Reader.Completion.IsCompleted);

        publisher.OnCommitted(writes[3]);
        Assert.Equal(0, publisher.QueuedCount);
        Assert.Equal(0, hub.SubscriberCount);
        Assert.True(subscription.Reader.Completion.IsFaulted);
        Assert.IsType<SubscriberLaggedException>(subscription.Reader.Completion.Exception!.InnerException);

        // Nobody subscribed now: later writes are not even queued.
        publisher.OnCommitted(writes[0]);
        Assert.Equal(0, publisher.QueuedCount);
    }

    // 2. A cancelled queued experiment leaves the queue at once.
    [Fact]
    public async Task ExperimentQueue_SubmitAndCancel50Times_HoldsAtMostItsCapacity()
    {
        var queue = new ExperimentQueue(new ExperimentSettings(QueueCapacity: 1, Concurrency: 1, MaxThreads: 1, History: 10, RetryAfterSeconds: 1),
            new EventHub(), TimeProvider.System);
        var scenario = new ScenarioParser(SimulatorCatalog.CreateDefault()).Parse(Experiments.Small, "small.yaml");
        ExperimentJob Job() => new(Guid.NewGuid().ToString("N"), scenario, "main", 1, null, new EventOrigin("test", null), DateTimeOffset.UtcNow);

        // A long job has been taken by the (only) runner and runs.
        var running = Job();
        Assert.True(queue.TryEnqueue(running));
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
            Assert.Same(running, await queue.TakeAsync(cts.Token));
        Assert.True(queue.TryStart(running));

        for (var i = 0; i < 50; i++)
        {
            var job = Job();
            Assert.True(queue.TryEnqueue(job), $"submission {i} was refused");
            Assert.False(queue.TryEnqueue(Job()));
            Assert.True(queue.Cancel(job));
            Assert.True(queue.QueuedCount <= 1);
        }
        Assert.Equal(0, queue.QueuedCount);

        // The next waiting job is the next one taken: none of the cancelled ones comes back.
        var next = Job();
        Assert.True(queue.TryEnqueue(next));
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
            Assert.Same(next, await queue.TakeAsync(cts.Token));
        Assert.Equal(0, queue.QueuedCount);
    }

    // 3. Finished jobs are purged on list and create, not only at start.
    [Fact]
    public void ImportJobs_PastTheirPurgeTime_AreForgottenOnListAndCreate()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var folder = new ImportFolder(Path.Combine(_dir, "imports"));
        using var jobs = new ImportJobService(_service, folder, 10, NullLogger<ImportJobService>.Instance, clock);
        jobs.Create("old", "in.ndjson", "old.log");
        jobs.Cancel("old");
        clock.Advance(TimeSpan.FromDays(10));
        jobs.Create("other", "in.ndjson", "other.log");
        jobs.Cancel("other");
        Assert.Equal(["old", "other"], jobs.List().Select(j => j.Id));

        clock.Advance(ImportJobService.Retention - TimeSpan.FromDays(5));
        Assert.Equal(["other"], jobs.List().Select(j => j.Id));
        Assert.Null(_service.Store.LoadDocument(ImportJobService.DocumentKind, "old"));

        clock.Advance(TimeSpan.FromDays(6));
        jobs.Create("new", "in.ndjson", "new.log");
        Assert.Null(_service.Store.LoadDocument(ImportJobService.DocumentKind, "other"));
        Assert.Equal(["new"], jobs.List().Select(j => j.Id));
    }

    // 3. A job deleted while queued and created again under its id goes to the back of the queue.
    [Fact]
    public async Task ImportJobs_DeletedAndRecreatedWhileQueued_RunsAfterTheJobsAheadOfIt()
    {
        // Every reading of the clock is a second later, so finishing times give the order the jobs ran in.
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), TimeSpan.FromSeconds(1));
        var folder = new ImportFolder(Path.Combine(_dir, "imports"));
        using var jobs = new ImportJobService(_service, folder, 10, NullLogger<ImportJobService>.Instance, clock);
        jobs.Create("a", "missing-a.ndjson", "a.log");
        jobs.Create("b", "missing-b.ndjson", "b.log");
        jobs.Delete("a");
        jobs.Create("a", "missing-a2.ndjson", "a2.log");
        await jobs.StartAsync(CancellationToken.None);
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (jobs.List().Any(j => !ImportJobStatus.IsTerminal(j.Status)))
            {
                Assert.True(DateTime.UtcNow < deadline, "the jobs did not finish");
                await Task.Delay(10);
            }
        }
        finally
        {
            await jobs.StopAsync(CancellationToken.None);
        }
        var a = jobs.Get("a");
        var b = jobs.Get("b");
        Assert.Equal(ImportJobStatus.Failed, a.Status); // the input does not exist
        Assert.Equal(ImportFolder.BlobNotFound, a.Error!.Code);
        Assert.True(b.FinishedDateTime < a.FinishedDateTime, $"b finished at {b.FinishedDateTime}, a at {a.FinishedDateTime}");
    }

    // 4. Import lines are bounded, and twins and relationships keep to the API's limits.
    [Fact]
    public async Task Import_OverLongAndOverLimitLines_AreSkippedWithLineErrors()
    {
        var folder = new ImportFolder(Path.Combine(_dir, "imports"));
        var huge = new string('x', ImportRun.MaxLineChars + 10);
        var lines = new[]
        {
            """{"Section": "Header"}""",                                                           // 1
            """{"fileVersion": "1.0.0"}""",                                                        // 2
            """{"Section": "Models"}""",                                                           // 3
            RoomModel.ReplaceLineEndings(" "),                                                     // 4
            """{"Section": "Twins"}""",                                                            // 5
            ImportFiles.Twin("ok", "dtmi:test:Room;1", "\"temperature\": 20"),                     // 6
            ImportFiles.Twin("longString", "dtmi:test:Room;1", $"\"name\": \"{new string('s', 5000)}\""), // 7: a 5 KB string
            ImportFiles.Twin("big", "dtmi:test:Room;1", $"\"a\": \"{new string('a', 3000)}\", \"b\": [{string.Join(",", Enumerable.Repeat($"\"{new string('b', 3000)}\"", 12))}]"), // 8: over 32 KB
            ImportFiles.Twin("huge", "dtmi:test:Room;1", $"\"h\": \"{huge}\""),                    // 9: over the line limit
            ImportFiles.Twin("ok2", "dtmi:test:Room;1"),                                          // 10
        };
        await File.WriteAllTextAsync(Path.Combine(folder.Root, "in.ndjson"), string.Join('\n', lines) + "\n");
        var log = await RunImport(folder, "in.ndjson", ImportJobStatus.Succeeded);

        Assert.True(_service.SnapshotOf(BranchInfo.Main).Twins.ContainsKey("ok"));
        Assert.True(_service.SnapshotOf(BranchInfo.Main).Twins.ContainsKey("ok2"));
        foreach (var skipped in new[] { "longString", "big", "huge" })
            Assert.False(_service.SnapshotOf(BranchInfo.Main).Twins.ContainsKey(skipped), skipped);
        var errors = log.Where(l => l.Contains("\"LimitExceeded\"", StringComparison.Ordinal)).ToArray();
        Assert.Equal(3, errors.Length);
        Assert.Contains(errors, l => l.Contains("\"line\":7", StringComparison.Ordinal) && l.Contains("4,096", StringComparison.Ordinal));
        Assert.Contains(errors, l => l.Contains("\"line\":8", StringComparison.Ordinal) && l.Contains("32,768", StringComparison.Ordinal));
        Assert.Contains(errors, l => l.Contains("\"line\":9", StringComparison.Ordinal) && l.Contains("longer than 1,048,576", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Import_OverLongModelLine_FailsTheJob()
    {
        var folder = new ImportFolder(Path.Combine(_dir, "imports"));
        var text = "{\"Section\": \"Header\"}\n{\"fileVersion\": \"1.0.0\"}\n{\"Section\": \"Models\"}\n\"" + new string('m', ImportRun.MaxLineChars) + "\"\n";
        await File.WriteAllTextAsync(Path.Combine(folder.Root, "models.ndjson"), text);
        await RunImport(folder, "models.ndjson", ImportJobStatus.Failed);
        var error = _lastJob!.Error!;
        Assert.Equal("LimitExceeded", error.Code);
        Assert.Contains("Line 4 is longer than 1,048,576 characters", error.Message);
    }

    [Theory]
    [InlineData("a\nbb\r\nccc", 3, new[] { "a", "bb", "ccc" }, new[] { false, false, false })]
    [InlineData("abcd\nab\nabc\n\n", 3, new[] { "", "ab", "abc", "" }, new[] { true, false, false, false })]
    [InlineData("abc\r\n", 3, new[] { "abc" }, new[] { false })]
    public async Task BoundedLineReader_SplitsLinesAndFlagsLongOnes(string input, int max, string[] texts, bool[] tooLong)
    {
        using var reader = new BoundedLineReader(new StringReader(input), max);
        var read = new List<BoundedLineReader.ReadLine>();
        while (await reader.ReadLineAsync(CancellationToken.None) is { } line) read.Add(line);
        Assert.Equal(texts, read.Select(r => r.Text));
        Assert.Equal(tooLong, read.Select(r => r.TooLong));
    }

    private ImportJob? _lastJob;

    private async Task<string[]> RunImport(ImportFolder folder, string input, string expected)
    {
        using var jobs = new ImportJobService(_service, folder, 2, NullLogger<ImportJobService>.Instance);
        var id = Guid.NewGuid().ToString("N");
        jobs.Create(id, input, id + ".log");
        await jobs.StartAsync(CancellationToken.None);
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (!ImportJobStatus.IsTerminal(jobs.Get(id).Status))
            {
                Assert.True(DateTime.UtcNow < deadline, "the job did not finish");
                await Task.Delay(10);
            }
        }
        finally
        {
            await jobs.StopAsync(CancellationToken.None);
        }
        _lastJob = jobs.Get(id);
        Assert.Equal(expected, _lastJob.Status);
        return await File.ReadAllLinesAsync(Path.Combine(folder.Root, id + ".log"));
    }

    // 5. An upload's temporary file has a short name of its own.
    [Fact]
    public async Task ImportFolder_250ByteName_IsWritten()
    {
        var folder = new ImportFolder(Path.Combine(_dir, "imports"));
        var name = new string('n', 244) + ".ndjson";
        Assert.Equal(251, Encoding.UTF8.GetByteCount(name));
        var path = folder.ResolveName(name);
        var length = await folder.WriteAsync(path, new MemoryStream(Encoding.UTF8.GetBytes("{}\n")), CancellationToken.None);
        Assert.Equal(3, length);
        Assert.Equal("{}\n", await File.ReadAllTextAsync(path));
        Assert.Equal([name], Directory.GetFiles(folder.Root).Select(Path.GetFileName));
    }

    [Fact]
    public async Task ImportFolder_250ByteName_OverHttp_IsCreated()
    {
        using var factory = new ServerFactory();
        var client = factory.CreateClient();
        var name = new string('n', 243) + ".ndjson";
        var r = await client.PutAsync(Url($"/blobs/{name}"), new StringContent("{}\n", Encoding.UTF8, "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
    }
}
