using System.Collections.Concurrent;
using System.Text;
using TwinLab.Sync.Ingest;

namespace TwinLab.Sync.Tests.Mqtt;

/// <summary>An ingest sink that records what it is given and acknowledges it when told to (or at once).</summary>
internal sealed class RecordingSink(bool acknowledgeAtOnce = true) : IIngestSink
{
    private readonly ConcurrentQueue<InboundMessage> _received = new();
    private readonly ConcurrentQueue<InboundMessage> _pending = new();

    public IReadOnlyList<InboundMessage> Received => [.. _received];

    public IReadOnlyList<string> Payloads => [.. _received.Select(m => Encoding.UTF8.GetString(m.Payload.Span))];

    public async ValueTask SubmitAsync(InboundMessage message, CancellationToken cancel = default)
    {
        cancel.ThrowIfCancellationRequested();
        _received.Enqueue(message);
        if (acknowledgeAtOnce) await message.Acknowledge!(new IngestResult(IngestStatus.Applied));
        else _pending.Enqueue(message);
    }

    /// <summary>Acknowledges every message held so far.</summary>
    public async Task AcknowledgePendingAsync()
    {
        while (_pending.TryDequeue(out var message)) await message.Acknowledge!(new IngestResult(IngestStatus.Applied));
    }

    /// <summary>Waits until <paramref name="condition"/> holds (polling), failing after a generous timeout.</summary>
    public static Task WaitForAsync(Func<bool> condition, string what, int seconds = 30) => WaitForAsync(condition, () => what, seconds);

    /// <summary>Like the other overload; <paramref name="what"/> is evaluated on timeout, so it can show the state then.</summary>
    public static async Task WaitForAsync(Func<bool> condition, Func<string> what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"timed out after {seconds} s waiting for {what()}");
            await Task.Delay(20);
        }
    }
}
