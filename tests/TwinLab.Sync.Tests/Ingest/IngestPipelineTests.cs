using System.Collections.Concurrent;
using System.Text;
using TwinLab.Core.Application;
using TwinLab.Sync.DeadLetters;
using TwinLab.Sync.Ingest;
using TwinLab.Sync.Mapping;

namespace TwinLab.Sync.Tests.Ingest;

public sealed class IngestPipelineTests : IDisposable
{
    internal const string Source = "hq-mqtt";

    internal static readonly MessageMapping Climate = MessageMapping.Parse("""
        rules:
          - topic: hq/+/heartbeat
            skip: true
          - name: climate
            topic: hq/{floor}/{room}/climate
            twin: "room-{room}"
            timestamp: $.ts
            telemetry:
              temperature: { path: $.t, from: degF, to: degC, round: 2 }
              co2: $.co2
            properties:
              occupancy: { path: $.people, optional: true }
        """, "climate.yaml");

    private readonly IngestTwin _twin = IngestTwin.Create();

    public void Dispose() => _twin.Dispose();

    internal static InboundMessage Reading(string room, int minute, double fahrenheit = 70, object? people = null, string? key = null,
        Func<IngestResult, ValueTask>? ack = null)
    {
        var ts = new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero).AddMinutes(minute);
        var json = $$"""{"ts":"{{ts:O}}","t":{{fahrenheit.ToString(System.Globalization.CultureInfo.InvariantCulture)}},"co2":{{400 + minute}}{{(people is null ? "" : $",\"people\":{System.Text.Json.JsonSerializer.Serialize(people)}")}}}""";
        return Raw($"hq/{room[0]}/{room}/climate", json, key, ack);
    }

    internal static InboundMessage Raw(string topic, string json, string? key = null, Func<IngestResult, ValueTask>? ack = null, string source = Source) =>
        new(source, topic, Encoding.UTF8.GetBytes(json), $"topic {topic}", DateTimeOffset.UtcNow) { Key = key, Acknowledge = ack };

    private IngestPipeline Pipeline(IngestOptions? options = null, TwinService? service = null)
    {
        service ??= _twin.Service;
        var pipeline = new IngestPipeline(service, new DeadLetterStore(service.Store), options);
        pipeline.SetMapping(Source, Climate);
        return pipeline;
    }

    private int Points(string twin, TwinService? service = null) =>
        (service ?? _twin.Service).ReadTelemetry(twin, "temperature", DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue).Count;

    [Fact]
    public async Task Submit_AppliesTelemetryAndProperties_ConvertingUnits_AndCounts()
    {
        var results = new ConcurrentQueue<IngestResult>();
        await using var pipeline = Pipeline();

        await pipeline.SubmitAsync(Reading("101", 0, 68, people: 3, ack: r => Enqueue(results, r)));
        await pipeline.SubmitAsync(Reading("101", 15, 71.6, ack: r => Enqueue(results, r)));
        await pipeline.SubmitAsync(Raw("hq/1/heartbeat", "{}", ack: r => Enqueue(results, r)));
        await pipeline.FlushAsync();

        var points = _twin.Service.ReadTelemetry("room-101", "temperature", DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue);
        Assert.Equal([20.0, 22.0], points.Select(p => p.Value.GetDouble()));
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 9, 15, 0, TimeSpan.Zero), points[1].Timestamp);
        Assert.True(_twin.Service.Snapshot.Twins["room-101"].Properties.TryGetValue("occupancy", out var occupancy));
        Assert.Equal(3, occupancy.Value.GetInt32());
        Assert.All(results, r => Assert.Equal(IngestStatus.Applied, r.Status));
        Assert.Equal(3, results.Count);
        Assert.NotNull(results.First().Sequence);
        var counters = pipeline.CountersOf(Source);
        Assert.Equal((3L, 3L, 0L, 0L, 0L), (counters.Received, counters.Applied, counters.Duplicates, counters.DeadLettered, counters.Queued));
        Assert.True(counters.LatencyP99Ms >= counters.LatencyP50Ms);
        Assert.Equal(IngestCounters.Empty, pipeline.CountersOf("never-seen"));
        var write = _twin.Service.History(new TwinLab.Core.History.EventFilter("main", TwinId: "room-101")).Last();
        Assert.Equal("ingest:hq-mqtt", write.Actor);
    }

    [Fact]
    public async Task Submit_SameMessageInOneBatchAndAcrossBatches_IsAppliedOnce()
    {
        var results = new ConcurrentQueue<IngestResult>();
        await using var pipeline = Pipeline(new IngestOptions { MaxDelay = TimeSpan.FromMilliseconds(200) });

        await pipeline.SubmitAsync(Reading("102", 0, ack: r => Enqueue(results, r)));
        await pipeline.SubmitAsync(Reading("102", 0, ack: r => Enqueue(results, r)));
        await pipeline.FlushAsync();
        await pipeline.SubmitAsync(Reading("102", 0, ack: r => Enqueue(results, r)));
        await pipeline.FlushAsync();

        Assert.Equal([IngestStatus.Applied, IngestStatus.Duplicate, IngestStatus.Duplicate], results.Select(r => r.Status));
        Assert.Equal(1, Points("room-102"));
        Assert.Equal(2, pipeline.CountersOf(Source).Duplicates);
    }

    [Fact]
    public async Task Submit_ARefusedMessageThenItsCorrectionWithTheSameKey_InOneBatch_AppliesTheCorrection()
    {
        var results = new ConcurrentQueue<IngestResult>();
        await using var pipeline = Pipeline(new IngestOptions { MaxDelay = TimeSpan.FromMilliseconds(500) });

        await pipeline.SubmitAsync(Reading("104", 0, people: "lots", key: "m-1", ack: r => Enqueue(results, r)));
        await pipeline.SubmitAsync(Reading("104", 0, people: 2, key: "m-1", ack: r => Enqueue(results, r)));
        await pipeline.SubmitAsync(Reading("104", 0, people: 2, key: "m-1", ack: r => Enqueue(results, r)));
        await pipeline.FlushAsync();

        Assert.Equal([IngestStatus.DeadLettered, IngestStatus.Applied, IngestStatus.Duplicate], results.Select(r => r.Status));
        Assert.Equal(1, Points("room-104"));
    }

    [Fact]
    public async Task Submit_AfterARestartOverTheSameFile_AppliesNothingTwice()
    {
        await using (var first = Pipeline())
        {
            for (var m = 0; m < 50; m++) await first.SubmitAsync(Reading("103", m, key: $"seq-{m}"));
            await first.FlushAsync();
        }
        var service = _twin.Reopen();
        var results = new ConcurrentQueue<IngestResult>();

        await using (var second = Pipeline(service: service))
        {
            for (var m = 40; m < 60; m++) await second.SubmitAsync(Reading("103", m, key: $"seq-{m}", ack: r => Enqueue(results, r)));
            await second.FlushAsync();
        }

        Assert.Equal(10, results.Count(r => r.Status == IngestStatus.Duplicate));
        Assert.Equal(10, results.Count(r => r.Status == IngestStatus.Applied));
        Assert.Equal(60, Points("room-103", service));
    }

    [Fact]
    public async Task Submit_PoisonMessages_AreDeadLetteredWithTheReason_AndTheStreamGoesOn()
    {
        var results = new ConcurrentDictionary<string, IngestResult>();
        await using var pipeline = Pipeline();
        InboundMessage Tagged(InboundMessage m, string tag) => m with { Position = tag, Acknowledge = r => { results[tag] = r; return ValueTask.CompletedTask; } };

        await pipeline.SubmitAsync(Tagged(Reading("104", 0), "good-1"));
        await pipeline.SubmitAsync(Tagged(Raw("hq/1/104/climate", "{\"ts\": "), "bad-json"));
        await pipeline.SubmitAsync(Tagged(Raw("hq/1/104/doors", "{}"), "no-rule"));
        await pipeline.SubmitAsync(Tagged(Reading("999", 1), "unknown-twin"));
        await pipeline.SubmitAsync(Tagged(Reading("104", 2, people: "lots"), "refused-value"));
        await pipeline.SubmitAsync(Tagged(Raw("hq/1/104/climate", """{"ts":"2026-11-24T09:03:00Z","co2":500}"""), "missing-field"));
        await pipeline.SubmitAsync(Tagged(Reading("104", 4), "good-2"));
        await pipeline.FlushAsync();

        Assert.Equal(IngestStatus.Applied, results["good-1"].Status);
        Assert.Equal(IngestStatus.Applied, results["good-2"].Status);
        Assert.Equal(2, Points("room-104"));
        Assert.StartsWith("the payload is not valid JSON", results["bad-json"].Reason);
        Assert.StartsWith("no rule matches topic 'hq/1/104/doors'", results["no-rule"].Reason);
        Assert.Contains("room-999", results["unknown-twin"].Reason);
        Assert.StartsWith("rule 'climate': ", results["unknown-twin"].Reason);
        Assert.Contains("occupancy", results["refused-value"].Reason);
        Assert.Equal("rule 'climate': telemetry 'temperature': $.t is missing in the payload", results["missing-field"].Reason);

        var letters = new DeadLetterStore(_twin.Service.Store).List(Source);
        Assert.Equal(5, letters.Count);
        var missing = Assert.Single(letters, l => l.Position == "missing-field");
        Assert.Equal(DeadLetterStore.Ingest, missing.Kind);
        Assert.Equal("hq/1/104/climate", missing.Topic);
        Assert.Equal("""{"ts":"2026-11-24T09:03:00Z","co2":500}""", missing.Payload);
        Assert.Equal(results["missing-field"].Reason, missing.Reason);
        var counters = pipeline.CountersOf(Source);
        Assert.Equal((2L, 5L), (counters.Applied, counters.DeadLettered));
        Assert.NotNull(counters.LastError);
    }

    [Fact]
    public async Task Submit_FromASourceWithoutMapping_IsDeadLettered()
    {
        IngestResult? result = null;
        await using var pipeline = Pipeline();

        await pipeline.SubmitAsync(Raw("x", "{}", source: "unmapped", ack: r => { result = r; return ValueTask.CompletedTask; }));
        await pipeline.FlushAsync();

        Assert.Equal(new IngestResult(IngestStatus.DeadLettered, "no mapping is set for source 'unmapped'"), result);
        Assert.True(pipeline.RemoveMapping(Source));
        Assert.Null(pipeline.MappingOf(Source));
    }

    [Fact]
    public async Task Submit_WhileTheStoreIsSlow_WaitsAtCapacity_AndAcknowledgesNothingBeforeTheCommit()
    {
        GatedStore store = null!;
        using var twin = IngestTwin.Create(s => store = new GatedStore(s));
        var service = twin.Service;
        var acks = 0;
        var maxQueued = 0L;
        await using var pipeline = Pipeline(new IngestOptions { Capacity = 10, MaxBatch = 4, MaxDelay = TimeSpan.Zero }, service);
        store.Hold();

        var submitter = Task.Run(async () =>
        {
            for (var m = 0; m < 30; m++)
            {
                await pipeline.SubmitAsync(Reading("101", m, ack: _ => { Interlocked.Increment(ref acks); return ValueTask.CompletedTask; }));
                maxQueued = Math.Max(maxQueued, pipeline.CountersOf(Source).Queued);
            }
        });

        await Eventually(() => store.Waiting == 1 && pipeline.CountersOf(Source).Queued == 10);
        await Task.Delay(200);
        Assert.False(submitter.IsCompleted);
        Assert.Equal(10, pipeline.CountersOf(Source).Queued);
        Assert.Equal(0, Volatile.Read(ref acks));
        // Read the store beneath: the service's reads wait for the write lock, which the held commit has.
        Assert.Empty(((TwinLab.Core.Twins.ITwinStore)store).ReadTelemetry("room-101", "temperature", DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue));

        store.Release();
        await submitter.WaitAsync(TimeSpan.FromMinutes(1));
        await pipeline.FlushAsync();

        Assert.Equal(30, acks);
        Assert.Equal(30, Points("room-101", service));
        Assert.True(maxQueued <= 10, $"queued reached {maxQueued}");
    }

    [Fact]
    public async Task Commit_ThatFailsInTheStore_IsRetried_NeverAcknowledgedBeforeItSucceeds()
    {
        GatedStore store = null!;
        using var twin = IngestTwin.Create(s => store = new GatedStore(s));
        var service = twin.Service;
        var acked = new ConcurrentQueue<(IngestResult Result, int Appends)>();
        await using var pipeline = Pipeline(new IngestOptions { RetryDelay = TimeSpan.FromMilliseconds(5), MaxRetryDelay = TimeSpan.FromMilliseconds(20) }, service);
        var before = store.Appends;
        store.FailNext(3);

        await pipeline.SubmitAsync(Reading("102", 0, ack: r => Enqueue(acked, (r, store.Appends))));
        await pipeline.FlushAsync();

        var (result, appendsAtAck) = Assert.Single(acked);
        Assert.Equal(IngestStatus.Applied, result.Status);
        Assert.Equal(before + 4, appendsAtAck);
        Assert.Equal(1, Points("room-102", service));
        Assert.Contains("disk full (simulated)", pipeline.CountersOf(Source).LastError);
    }

    [Fact]
    public async Task Dispose_WhileTheStoreKeepsFailing_LeavesTheMessageUnacknowledged()
    {
        GatedStore store = null!;
        using var twin = IngestTwin.Create(s => store = new GatedStore(s));
        var service = twin.Service;
        var acks = 0;
        var pipeline = Pipeline(new IngestOptions { RetryDelay = TimeSpan.FromMilliseconds(5) }, service);
        store.FailNext(int.MaxValue);

        await pipeline.SubmitAsync(Reading("103", 0, ack: _ => { acks++; return ValueTask.CompletedTask; }));
        var flush = pipeline.FlushAsync();
        await Eventually(() => store.Appends >= 2);
        await pipeline.DisposeAsync();

        Assert.Equal(0, acks);
        await Assert.ThrowsAsync<InvalidOperationException>(() => flush);
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await pipeline.SubmitAsync(Reading("103", 1)));
    }

    [Fact]
    public async Task Dispose_RefusesSubmittersWaitingForRoom()
    {
        GatedStore store = null!;
        using var twin = IngestTwin.Create(s => store = new GatedStore(s));
        var pipeline = Pipeline(new IngestOptions { Capacity = 1, RetryDelay = TimeSpan.FromMilliseconds(5) }, twin.Service);
        store.FailNext(int.MaxValue);

        await pipeline.SubmitAsync(Reading("101", 0));
        var waiting = pipeline.SubmitAsync(Reading("101", 1)).AsTask();
        await Eventually(() => store.Appends >= 2);
        Assert.False(waiting.IsCompleted);
        await pipeline.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting);
    }

    [Fact]
    public async Task Pipeline_OnABranch_WritesOnlyThere()
    {
        _twin.Service.CreateBranch("what-if");
        await using var pipeline = Pipeline(new IngestOptions { Branch = "what-if" });

        await pipeline.SubmitAsync(Reading("201", 0));
        await pipeline.FlushAsync();

        Assert.Equal(0, Points("room-201"));
        Assert.Single(_twin.Service.ReadTelemetry("room-201", "temperature", DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue, "what-if"));
        Assert.Throws<ArgumentException>(() => new IngestPipeline(_twin.Service, new DeadLetterStore(_twin.Service.Store), new IngestOptions { Branch = "nope" }));
    }

    private static ValueTask Enqueue<T>(ConcurrentQueue<T> queue, T item)
    {
        queue.Enqueue(item);
        return ValueTask.CompletedTask;
    }

    internal static async Task Eventually(Func<bool> condition, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The condition did not hold in time.");
            await Task.Delay(10);
        }
    }
}
