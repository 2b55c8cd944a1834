using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using TwinLab.Sync.Mqtt;

namespace TwinLab.Sync.Tests.Mqtt;

public sealed class CoalescingStreamTests
{
    [Fact]
    public async Task ConcurrentWrites_AllArrive_AndQueuedBytesGoOutBeforeClose()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accepting = listener.AcceptSocketAsync();
        var stream = await new CoalescingStreamProvider().ConnectAsync(listener.LocalEndpoint, CancellationToken.None);
        using var server = await accepting;

        const int writers = 4;
        const int frames = 2_000;
        var writing = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var frame = new byte[8];
            for (var i = 0; i < frames; i++)
            {
                BinaryPrimitives.WriteInt32BigEndian(frame, w);
                BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(4), i);
                await stream.WriteAsync(frame.AsMemory(0, 4));
                await stream.WriteAsync(frame.AsMemory(4, 4));
                await stream.FlushAsync();
            }
        })).ToArray();
        await Task.WhenAll(writing);
        await stream.DisposeAsync();

        var received = new MemoryStream();
        var buffer = new byte[4096];
        int n;
        while ((n = await server.ReceiveAsync(buffer)) > 0) received.Write(buffer, 0, n);
        Assert.Equal(writers * frames * 8, received.Length);
    }

    [Fact]
    public async Task LockedFrameWrites_KeepEveryWritersOrder()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accepting = listener.AcceptSocketAsync();
        var stream = await new CoalescingStreamProvider().ConnectAsync(listener.LocalEndpoint, CancellationToken.None);
        using var server = await accepting;
        using var gate = new SemaphoreSlim(1, 1); // MQTTnet writes one packet at a time

        const int writers = 4;
        const int frames = 2_000;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var frame = new byte[8];
            for (var i = 0; i < frames; i++)
            {
                BinaryPrimitives.WriteInt32BigEndian(frame, w);
                BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(4), i);
                await gate.WaitAsync();
                try
                {
                    await stream.WriteAsync(frame.AsMemory(0, 4));
                    await stream.WriteAsync(frame.AsMemory(4, 4));
                }
                finally
                {
                    gate.Release();
                }
            }
        })));
        await stream.DisposeAsync();

        var received = new MemoryStream();
        var buffer = new byte[4096];
        int n;
        while ((n = await server.ReceiveAsync(buffer)) > 0) received.Write(buffer, 0, n);
        var bytes = received.ToArray();
        Assert.Equal(writers * frames * 8, bytes.Length);
        var next = new int[writers];
        for (var at = 0; at < bytes.Length; at += 8)
        {
            var writer = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at));
            Assert.Equal(next[writer]++, BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(at + 4)));
        }
        Assert.All(next, count => Assert.Equal(frames, count));
    }

    [Fact]
    public async Task SmallReads_AreServedFromOneReceive_InOrder_ThenEndOfStream()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accepting = listener.AcceptSocketAsync();
        await using var stream = await new CoalescingStreamProvider().ConnectAsync(listener.LocalEndpoint, CancellationToken.None);
        using (var server = await accepting)
        {
            var payload = Enumerable.Range(0, 100_000).Select(i => (byte)(i * 7)).ToArray();
            await server.SendAsync(payload);
            server.Shutdown(SocketShutdown.Send);
        }

        var read = new List<byte>();
        var small = new byte[2];
        var large = new byte[70_000]; // above the stream's buffer: read straight from the socket
        var useSmall = true;
        while (true)
        {
            var target = useSmall ? small : large;
            var n = await stream.ReadAsync(target);
            if (n == 0) break;
            read.AddRange(target.AsSpan(0, n).ToArray());
            useSmall = !useSmall;
        }
        Assert.Equal(Enumerable.Range(0, 100_000).Select(i => (byte)(i * 7)), read);
    }
}
