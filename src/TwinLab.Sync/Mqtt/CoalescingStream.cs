using System.Buffers;
using System.Net;
using System.Net.Sockets;
using MQTTnet.Channel;

namespace TwinLab.Sync.Mqtt;

/// <summary>
/// A socket stream that moves many MQTT packets per system call. Writes: MQTTnet writes each packet (every PUBACK) with
/// its own send, which at tens of thousands of acknowledgements a second costs a system call each, on the ingest
/// pipeline's writer thread that calls the acknowledgements; here a write is a buffer copy and one background pump sends
/// what has queued, a burst of acknowledgements in a few sends. Bytes keep their order; a write returns once queued (a
/// send failure surfaces on the next write, and the read side sees the broken connection). Reads: MQTTnet reads a
/// packet's header and its body separately, two receives per message; here they are served from a 64 KB buffer filled by
/// one receive holding many packets. One reader at a time (MQTTnet's receive loop), any number of writers.
/// </summary>
internal sealed class CoalescingStream(Stream inner) : Stream
{
    /// <summary>Queued bytes beyond which a writer waits for the pump (the peer is not reading).</summary>
    private const int MaxQueued = 1 << 20;

    private readonly byte[] _readBuffer = new byte[64 * 1024];
    private int _readStart;
    private int _readEnd;

    private readonly Lock _gate = new();
    private ArrayBufferWriter<byte> _queued = new(4096);
    private ArrayBufferWriter<byte> _sending = new(4096);
    private Task _pump = Task.CompletedTask;
    private bool _pumping;
    private Exception? _failure;

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_readStart == _readEnd)
        {
            if (buffer.Length >= _readBuffer.Length) return inner.Read(buffer);
            _readEnd = inner.Read(_readBuffer);
            _readStart = 0;
        }
        return TakeBuffered(buffer);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_readStart < _readEnd) return ValueTask.FromResult(TakeBuffered(buffer.Span));
        return buffer.Length >= _readBuffer.Length ? inner.ReadAsync(buffer, cancellationToken) : FillAndReadAsync(buffer, cancellationToken);
    }

    private async ValueTask<int> FillAndReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        _readEnd = await inner.ReadAsync(_readBuffer, cancellationToken).ConfigureAwait(false);
        _readStart = 0;
        return TakeBuffered(buffer.Span);
    }

    private int TakeBuffered(Span<byte> destination)
    {
        var count = Math.Min(destination.Length, _readEnd - _readStart);
        _readBuffer.AsSpan(_readStart, count).CopyTo(destination);
        _readStart += count;
        return count;
    }

    public override void Write(byte[] buffer, int offset, int count) => Enqueue(buffer.AsSpan(offset, count))?.GetAwaiter().GetResult();

    public override void Write(ReadOnlySpan<byte> buffer) => Enqueue(buffer)?.GetAwaiter().GetResult();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Enqueue(buffer.AsSpan(offset, count)) ?? Task.CompletedTask;

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        Enqueue(buffer.Span) is { } wait ? new ValueTask(wait) : ValueTask.CompletedTask;

    /// <summary>Nothing to do: the pump sends queued bytes as soon as it runs.</summary>
    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Queues the bytes; returns a task to wait on only when too much is queued.</summary>
    private Task? Enqueue(ReadOnlySpan<byte> data)
    {
        lock (_gate)
        {
            if (_failure is { } failure) throw new IOException("Sending to the broker failed.", failure);
            data.CopyTo(_queued.GetSpan(data.Length));
            _queued.Advance(data.Length);
            if (!_pumping)
            {
                _pumping = true;
                _pump = Task.Run(PumpAsync);
                return null;
            }
            return _queued.WrittenCount > MaxQueued ? _pump : null;
        }
    }

    private async Task PumpAsync()
    {
        while (true)
        {
            ArrayBufferWriter<byte> batch;
            lock (_gate)
            {
                if (_queued.WrittenCount == 0)
                {
                    _pumping = false;
                    return;
                }
                batch = _queued;
                _queued = _sending;
                _sending = batch;
            }
            try
            {
                await inner.WriteAsync(batch.WrittenMemory).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                lock (_gate)
                {
                    _failure = e;
                    _pumping = false;
                }
                return;
            }
            batch.ResetWrittenCount();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Task pump;
            lock (_gate) pump = _pump;
            // What is queued (a DISCONNECT, the last PUBACKs) goes out before the socket closes, unless the peer stopped
            // reading; the bound is generous because on a loaded machine the pump may wait seconds for a thread.
            try
            {
                pump.Wait(TimeSpan.FromSeconds(10));
            }
            catch (AggregateException)
            {
            }
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}

/// <summary>Opens plain TCP connections for MQTTnet through a <see cref="CoalescingStream"/>.</summary>
internal sealed class CoalescingStreamProvider : IMqttClientStreamProvider
{
    public async Task<Stream> ConnectAsync(EndPoint remoteEndPoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(remoteEndPoint, cancellationToken).ConfigureAwait(false);
            return new CoalescingStream(new NetworkStream(socket, ownsSocket: true));
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
