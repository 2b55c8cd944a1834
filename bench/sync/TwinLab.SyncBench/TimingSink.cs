using TwinLab.Sync.Ingest;

namespace TwinLab.SyncBench;

/// <summary>
/// Wraps the intake sink to measure each message's latency from the publisher's send time (in its payload) to the moment
/// its fate is durable and visible to readers: the acknowledge callback, which the pipeline calls after the batch's
/// commit (the new snapshot is published before the commit returns). With no inner sink it acknowledges at once
/// (MQTT-only capacity).
/// </summary>
internal sealed class TimingSink(IIngestSink? inner, LatencyRecorder latency) : IIngestSink
{
    private long _settled;
    private long _applied;
    private long _firstTicks;
    private long _lastTicks;

    /// <summary>Messages whose fate is durable (applied, duplicate or dead-lettered).</summary>
    public long Settled => Interlocked.Read(ref _settled);

    /// <summary>Messages applied.</summary>
    public long Applied => Interlocked.Read(ref _applied);

    /// <summary>Time between the first and the last settled message.</summary>
    public TimeSpan Window => TimeSpan.FromTicks(Math.Max(0, Interlocked.Read(ref _lastTicks) - Interlocked.Read(ref _firstTicks)));

    public ValueTask SubmitAsync(InboundMessage message, CancellationToken cancel = default)
    {
        var sent = SensorFleet.SentMicros(message.Payload.Span);
        var acknowledge = message.Acknowledge;
        var timed = message with
        {
            Acknowledge = result =>
            {
                var now = DateTime.UtcNow.Ticks;
                if (sent > 0) latency.Record((now - DateTime.UnixEpoch.Ticks - sent * 10) / (double)TimeSpan.TicksPerMillisecond);
                Interlocked.CompareExchange(ref _firstTicks, now, 0);
                Interlocked.Exchange(ref _lastTicks, now);
                Interlocked.Increment(ref _settled);
                if (result.Status == IngestStatus.Applied) Interlocked.Increment(ref _applied);
                return acknowledge?.Invoke(result) ?? ValueTask.CompletedTask;
            },
        };
        return inner is null ? timed.Acknowledge!(new IngestResult(IngestStatus.Applied)) : inner.SubmitAsync(timed, cancel);
    }
}
