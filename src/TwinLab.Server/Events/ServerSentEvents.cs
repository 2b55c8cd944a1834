using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace TwinLab.Server.Events;

/// <summary>
/// Writes events as Server-Sent Events: <c>id: SEQ</c>, <c>event: TYPE</c>, <c>data: CLOUDEVENT-JSON</c>, blank line.
/// </summary>
/// <remarks>
/// Only graph events (those with a sequence number) carry an <c>id:</c> line, so the id a browser sends back as
/// <c>Last-Event-ID</c> on reconnect is always a point of the event log to resume after.
/// </remarks>
internal static class ServerSentEvents
{
    private static readonly byte[] KeepAlive = ": keep-alive\n\n"u8.ToArray();
    private const int FlushEvery = 64;

    /// <summary>
    /// Sends <paramref name="replay"/>, then the live events — skipping those the replay already covered (sequence numbers up
    /// to <paramref name="replayedUpTo"/>) — with a keep-alive comment every <paramref name="heartbeat"/>, until the
    /// subscription ends or <paramref name="cancel"/> fires. A subscriber cut off for lagging gets a final <c>event: error</c>.
    /// </summary>
    /// <remarks>When <paramref name="credential"/> (the subscriber's credentials; <c>null</c>: nothing to check) stops holding,
    /// the stream ends with <c>event: error</c>, code <c>Unauthorized</c>.</remarks>
    public static async Task RunAsync(Stream body, ChannelReader<TwinLabEvent> live, IEnumerable<TwinLabEvent> replay, long replayedUpTo,
        TimeSpan heartbeat, CancellationToken cancel, StreamCredential? credential = null)
    {
        if (credential?.Failure() is { } stale)
        {
            await WriteErrorAsync(body, "Unauthorized", stale, cancel);
            return;
        }
        var written = 0;
        foreach (var e in replay)
        {
            await WriteEventAsync(body, e, cancel);
            if (++written % FlushEvery == 0) await body.FlushAsync(cancel);
        }
        await body.FlushAsync(cancel);

        Task<bool>? waiting = null;
        var beat = Task.Delay(heartbeat, cancel);
        var check = credential is null ? Task.Delay(Timeout.Infinite, cancel) : Task.Delay(credential.NextCheckIn(), cancel);
        while (true)
        {
            waiting ??= live.WaitToReadAsync(cancel).AsTask();
            var woke = await Task.WhenAny(waiting, beat, check);
            if (woke == check)
            {
                cancel.ThrowIfCancellationRequested();
                if (credential!.Failure() is { } failure)
                {
                    await WriteErrorAsync(body, "Unauthorized", failure, cancel);
                    return;
                }
                check = Task.Delay(credential.NextCheckIn(), cancel);
                continue;
            }
            if (woke == beat)
            {
                cancel.ThrowIfCancellationRequested();
                await body.WriteAsync(KeepAlive, cancel);
                await body.FlushAsync(cancel);
                beat = Task.Delay(heartbeat, cancel);
                continue;
            }
            bool more;
            try
            {
                more = await waiting;
            }
            catch (SubscriberLaggedException lag)
            {
                await WriteErrorAsync(body, "SubscriberLagged", lag.Message, cancel);
                return;
            }
            waiting = null;
            if (!more) return;
            while (live.TryRead(out var e))
                if (e.Sequence is not { } seq || seq > replayedUpTo) await WriteEventAsync(body, e, cancel);
            await body.FlushAsync(cancel);
        }
    }

    /// <summary>Writes one event.</summary>
    public static async Task WriteEventAsync(Stream body, TwinLabEvent e, CancellationToken cancel)
    {
        var head = new StringBuilder();
        if (e.Sequence is not null && IsOneLine(e.Id)) head.Append("id: ").Append(e.Id).Append('\n');
        if (IsOneLine(e.Type)) head.Append("event: ").Append(e.Type).Append('\n');
        head.Append("data: ");
        await body.WriteAsync(Encoding.UTF8.GetBytes(head.ToString()), cancel);
        await body.WriteAsync(CloudEventJson.Utf8(e), cancel);
        await body.WriteAsync("\n\n"u8.ToArray(), cancel);
    }

    /// <summary>Writes a final error in ADT's error shape as <c>event: error</c>.</summary>
    public static async Task WriteErrorAsync(Stream body, string code, string message, CancellationToken cancel)
    {
        var json = JsonSerializer.Serialize(new { error = new { code, message } });
        await body.WriteAsync(Encoding.UTF8.GetBytes($"event: error\ndata: {json}\n\n"), cancel);
        await body.FlushAsync(cancel);
    }

    private static bool IsOneLine(string s) => s.Length > 0 && s.IndexOfAny(['\r', '\n']) < 0;
}
