using Microsoft.Extensions.Time.Testing;
using TwinLab.Sync.Connections;
using TwinLab.Sync.Ingest;

namespace TwinLab.Sync.Tests.Connections;

public sealed class ConnectionMeterTests
{
    /// <summary>A sink that keeps messages until the test decides their fate.</summary>
    private sealed class HoldingSink : IIngestSink
    {
        public List<InboundMessage> Held { get; } = [];

        public ValueTask SubmitAsync(InboundMessage message, CancellationToken cancel = default)
        {
            Held.Add(message);
            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task Read_CountsFates_ShowsWhatIsInFlight_AndHowOldTheOldestIs()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));
        var sink = new HoldingSink();
        var meter = new ConnectionMeter(sink, time);
        var acknowledged = 0;
        InboundMessage Message(int i) => new("plant", "t", new byte[] { (byte)'{', (byte)'}' }, $"line {i}", time.GetUtcNow())
        {
            Acknowledge = _ =>
            {
                acknowledged++;
                return ValueTask.CompletedTask;
            },
        };

        await meter.SubmitAsync(Message(1));
        time.Advance(TimeSpan.FromMilliseconds(400));
        await meter.SubmitAsync(Message(2));
        await meter.SubmitAsync(Message(3));
        time.Advance(TimeSpan.FromMilliseconds(100));
        var inFlight = meter.Read();
        Assert.Equal((3, 3, 0), (inFlight.Received, inFlight.Queued, inFlight.Applied));
        Assert.Equal(500, inFlight.OldestQueuedMs, 6);
        Assert.Null(inFlight.LatencyP50Ms);

        await sink.Held[0].Acknowledge!(new IngestResult(IngestStatus.Applied));
        await sink.Held[1].Acknowledge!(new IngestResult(IngestStatus.Duplicate));
        await sink.Held[1].Acknowledge!(new IngestResult(IngestStatus.Duplicate)); // counted once
        var later = meter.Read();
        Assert.Equal((1, 1, 1, 0), (later.Queued, later.Applied, later.Duplicates, later.DeadLettered));
        Assert.Equal(100, later.OldestQueuedMs, 6);
        Assert.Equal(3, acknowledged); // the source's own callback still runs every time it is called

        time.Advance(TimeSpan.FromMilliseconds(50));
        await sink.Held[2].Acknowledge!(new IngestResult(IngestStatus.DeadLettered, "rule 'r': $.t is missing"));
        var done = meter.Read();
        Assert.Equal((0, 1, 0.0), (done.Queued, done.DeadLettered, done.OldestQueuedMs));
        Assert.Equal("rule 'r': $.t is missing", done.LastError);
        Assert.Equal(150, done.LatencyP50Ms!.Value, 6);   // latencies 500, 100, 150 ms: the middle one
        Assert.Equal(500, done.LatencyP99Ms!.Value, 6);
    }
}
