using System.Collections.Concurrent;
using TwinLab.Sync.Ingest;

namespace TwinLab.Sync.Connections;

/// <summary>
/// Stands between a connection's source and the ingest pipeline and counts what passes: messages received, their fates,
/// the ones still in flight (the connection's lag) and how long each took from receipt to its durable fate.
/// </summary>
/// <remarks>Thread-safe. Each message's <see cref="InboundMessage.Acknowledge"/> is wrapped, so counting happens exactly
/// when the source is told the fate, after the commit.</remarks>
internal sealed class ConnectionMeter(IIngestSink pipeline, TimeProvider time) : IIngestSink
{
    private const int LatencySamples = 2048;

    private readonly ConcurrentDictionary<long, DateTimeOffset> _inFlight = new();
    private readonly double[] _latencies = new double[LatencySamples];
    private readonly Lock _gate = new();
    private long _next;
    private long _received;
    private long _applied;
    private long _duplicates;
    private long _deadLettered;
    private int _latencyCount;
    private int _latencyNext;
    private (string Message, DateTimeOffset Time)? _lastError;

    /// <inheritdoc />
    public async ValueTask SubmitAsync(InboundMessage message, CancellationToken cancel = default)
    {
        var number = Interlocked.Increment(ref _next);
        _inFlight[number] = message.Received;
        Interlocked.Increment(ref _received);
        var original = message.Acknowledge;
        var metered = message with
        {
            Acknowledge = async result =>
            {
                Record(number, message.Received, result);
                if (original is not null) await original(result);
            },
        };
        try
        {
            await pipeline.SubmitAsync(metered, cancel);
        }
        catch
        {
            // Never queued: it will come again (an MQTT redelivery, a retried post), so it was never received here.
            _inFlight.TryRemove(number, out _);
            Interlocked.Decrement(ref _received);
            throw;
        }
    }

    /// <summary>What has been counted so far.</summary>
    public MeterReading Read()
    {
        var now = time.GetUtcNow();
        var oldest = now;
        foreach (var received in _inFlight.Values)
            if (received < oldest) oldest = received;
        double? p50 = null, p99 = null;
        lock (_gate)
        {
            if (_latencyCount > 0)
            {
                var sorted = _latencies.AsSpan(0, _latencyCount).ToArray();
                Array.Sort(sorted);
                p50 = Percentile(sorted, 0.50);
                p99 = Percentile(sorted, 0.99);
            }
        }
        var error = _lastError;
        return new MeterReading(Interlocked.Read(ref _received), Interlocked.Read(ref _applied), Interlocked.Read(ref _duplicates),
            Interlocked.Read(ref _deadLettered), _inFlight.Count, Math.Max(0, (now - oldest).TotalMilliseconds), p50, p99,
            error?.Message, error?.Time);
    }

    private void Record(long number, DateTimeOffset received, IngestResult result)
    {
        if (!_inFlight.TryRemove(number, out _)) return; // a source acknowledging twice is counted once
        switch (result.Status)
        {
            case IngestStatus.Applied:
                Interlocked.Increment(ref _applied);
                break;
            case IngestStatus.Duplicate:
                Interlocked.Increment(ref _duplicates);
                break;
            default:
                Interlocked.Increment(ref _deadLettered);
                _lastError = (result.Reason ?? "dead-lettered", time.GetUtcNow());
                break;
        }
        var ms = Math.Max(0, (time.GetUtcNow() - received).TotalMilliseconds);
        lock (_gate)
        {
            _latencies[_latencyNext] = ms;
            _latencyNext = (_latencyNext + 1) % LatencySamples;
            _latencyCount = Math.Min(_latencyCount + 1, LatencySamples);
        }
    }

    // Nearest-rank percentile: the smallest sample with at least p of the samples at or below it.
    private static double Percentile(double[] sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}

/// <summary>A reading of a <see cref="ConnectionMeter"/>.</summary>
internal sealed record MeterReading(long Received, long Applied, long Duplicates, long DeadLettered, long Queued, double OldestQueuedMs,
    double? LatencyP50Ms, double? LatencyP99Ms, string? LastError, DateTimeOffset? LastErrorTime);
