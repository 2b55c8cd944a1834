using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using TwinLab.Sync.Mqtt;

namespace TwinLab.SyncBench;

/// <summary>
/// A load generator that speaks just enough MQTT 5 to publish at QoS 1: CONNECT/CONNACK, PUBLISH packets whose fixed
/// parts (header, topic) are encoded once per twin and whose payloads are formatted straight into the send buffer, all
/// the packets due in a tick written with one socket send, and the broker's PUBACKs read in bulk on a thread of their
/// own and counted per twin.
/// </summary>
/// <remarks>
/// It is still a real MQTT client of a real broker — a message counts only when the broker acknowledged it — but it
/// leaves the cores to the system under test: the MQTTnet publisher it replaces cost 42–60 µs of CPU per message (a
/// task, a packet object and a send per publish, and a linear search of the publishes in flight per PUBACK).
/// Packet identifiers are used in turn; one still awaiting its PUBACK is never reused (the window waits instead).
/// </remarks>
internal sealed class RawMqttPublisher : ILoadPublisher
{
    private const byte PublishQos1 = 0x32;
    private const byte PubAck = 0x40;
    private const byte Disconnect = 0xE0;

    private readonly Socket _socket;
    private readonly int[] _twins;
    private readonly byte[][] _prefixes;
    private readonly long[] _sequences;
    private readonly long[] _acknowledgedPerTwin;
    private readonly int _window;
    // The twin slot each packet identifier was sent for, or -1 when it is free (index 0 unused: identifiers start at 1).
    private readonly int[] _pending = new int[65536];
    private readonly AutoResetEvent _acked = new(false);
    private long _acknowledged;
    private long _failed;
    private long _attempted;
    private long _inFlight;
    private volatile string? _error;
    private Thread? _receiver;

    private RawMqttPublisher(Socket socket, int[] twins, string root, int window)
    {
        _socket = socket;
        _twins = twins;
        _prefixes = [.. twins.Select(t => Encoding.UTF8.GetBytes(SensorFleet.Topic(root, t)))];
        _sequences = new long[twins.Length];
        _acknowledgedPerTwin = new long[twins.Length];
        _window = window;
        Array.Fill(_pending, -1);
    }

    public long Acknowledged => Interlocked.Read(ref _acknowledged);
    public long Failed => Interlocked.Read(ref _failed);
    public long Attempted => Interlocked.Read(ref _attempted);
    public long InFlight => Interlocked.Read(ref _inFlight);

    /// <summary>Connects (MQTT 5, clean start, no keep-alive) and takes the twins <c>i</c> with <c>i % clients == index</c>.</summary>
    /// <exception cref="IOException">The broker refused the connection or answered something else than a CONNACK.</exception>
    public static async Task<RawMqttPublisher> ConnectAsync(MqttAddress broker, int index, int clients, int twins, string root, int window)
    {
        if (broker.UseTls) throw new ArgumentException("--client raw speaks plain TCP only; use --client mqttnet for TLS");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(broker.Host, broker.Port);
            var clientId = Encoding.UTF8.GetBytes($"twinlab-bench-pub-{index}");
            // CONNECT: protocol name, level 5, flags (clean start), keep-alive 0 (off), no properties, client id.
            var body = new List<byte> { 0, 4, (byte)'M', (byte)'Q', (byte)'T', (byte)'T', 5, 0x02, 0, 0, 0 };
            body.Add((byte)(clientId.Length >> 8));
            body.Add((byte)clientId.Length);
            body.AddRange(clientId);
            var connect = new List<byte> { 0x10 };
            AppendLength(connect, body.Count);
            connect.AddRange(body);
            await socket.SendAsync(connect.ToArray());

            var (type, connack) = await ReadPacketAsync(socket);
            if (type != 0x20 || connack.Length < 2) throw new IOException($"expected CONNACK from {broker}, got packet type 0x{type:X2}");
            if (connack[1] != 0) throw new IOException($"{broker} refused the connection: reason code 0x{connack[1]:X2}");
            var receiveMaximum = ReceiveMaximum(connack);
            var mine = Enumerable.Range(0, twins).Where(t => t % clients == index).ToArray();
            return new RawMqttPublisher(socket, mine, root, Math.Min(window, receiveMaximum));
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Publishes <paramref name="rate"/> messages a second for <paramref name="seconds"/>, then waits (up to
    /// a minute) for every PUBACK.</summary>
    public Task RunAsync(double rate, double seconds)
    {
        _receiver = new Thread(Receive) { IsBackground = true, Name = "raw publisher PUBACKs" };
        _receiver.Start();
        var sender = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Send(rate, seconds);
                sender.SetResult();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                sender.SetException(e);
            }
        }) { IsBackground = true, Name = "raw publisher" };
        thread.Start();
        return sender.Task;
    }

    private void Send(double rate, double seconds)
    {
        var total = (long)Math.Round(rate * seconds);
        var buffer = new byte[256 * 1024];
        var clock = Stopwatch.StartNew();
        long sent = 0;
        ushort id = 0;
        while (sent < total && _error is null)
        {
            var due = Math.Min(total, (long)(rate * clock.Elapsed.TotalSeconds) + 1);
            var length = 0;
            var now = SensorFleet.NowMicros();
            while (sent < due && length + 512 <= buffer.Length)
            {
                var next = id == ushort.MaxValue ? (ushort)1 : (ushort)(id + 1);
                if (Interlocked.Read(ref _inFlight) >= _window || Volatile.Read(ref _pending[next]) >= 0) break;
                id = next;
                var slot = (int)(sent % _twins.Length);
                Volatile.Write(ref _pending[id], slot);
                Interlocked.Increment(ref _inFlight);
                Interlocked.Increment(ref _attempted);
                var seq = _sequences[slot]++;
                length += Encode(buffer.AsSpan(length), _prefixes[slot], id, seq, now);
                sent++;
            }
            if (length > 0) SendAll(buffer.AsSpan(0, length));
            else if (sent < due) _acked.WaitOne(1); // the window is full: wait for a PUBACK
            else Thread.Sleep(1);
        }
        var drain = Stopwatch.StartNew();
        while (Interlocked.Read(ref _inFlight) > 0 && _error is null && drain.Elapsed < TimeSpan.FromMinutes(1)) _acked.WaitOne(100);
        var lost = Interlocked.Read(ref _inFlight);
        if (lost > 0) Interlocked.Add(ref _failed, lost);
        if (_error is { } error) Console.Error.WriteLine($"publish: {error}");
    }

    /// <summary>One PUBLISH (QoS 1, no properties) with the payload formatted in place; returns its length.</summary>
    private static int Encode(Span<byte> to, byte[] topic, ushort id, long seq, long sentMicros)
    {
        Span<byte> payload = stackalloc byte[96];
        var payloadLength = SensorFleet.Payload(payload, seq, 15 + seq % 1000 / 100.0, sentMicros);
        var remaining = 2 + topic.Length + 2 + 1 + payloadLength;
        var n = 0;
        to[n++] = PublishQos1;
        n += WriteLength(to[n..], remaining);
        BinaryPrimitives.WriteUInt16BigEndian(to[n..], (ushort)topic.Length);
        n += 2;
        topic.CopyTo(to[n..]);
        n += topic.Length;
        BinaryPrimitives.WriteUInt16BigEndian(to[n..], id);
        n += 2;
        to[n++] = 0; // properties: none
        payload[..payloadLength].CopyTo(to[n..]);
        return n + payloadLength;
    }

    private void SendAll(ReadOnlySpan<byte> data)
    {
        while (data.Length > 0)
        {
            var n = _socket.Send(data);
            data = data[n..];
        }
    }

    /// <summary>Reads the broker's packets in bulk and settles each PUBACK's message.</summary>
    private void Receive()
    {
        var buffer = new byte[64 * 1024];
        var filled = 0;
        try
        {
            while (true)
            {
                var n = _socket.Receive(buffer.AsSpan(filled));
                if (n == 0)
                {
                    if (Interlocked.Read(ref _inFlight) > 0) _error = "the broker closed the connection with messages in flight";
                    return;
                }
                filled += n;
                var at = 0;
                while (TryParse(buffer.AsSpan(at, filled - at), out var type, out var body, out var size))
                {
                    if (type == PubAck) Settle(body);
                    else if (type == Disconnect)
                    {
                        _error = $"the broker disconnected: reason code 0x{(body.Length > 0 ? body[0] : 0):X2}";
                        return;
                    }
                    at += size;
                }
                // Once per receive, not per PUBACK: the sender only waits when its window is full.
                if (at > 0) _acked.Set();
                buffer.AsSpan(at, filled - at).CopyTo(buffer);
                filled -= at;
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            if (Interlocked.Read(ref _inFlight) > 0) _error = $"receiving failed: {e.Message}";
        }
        finally
        {
            _acked.Set();
        }
    }

    private void Settle(ReadOnlySpan<byte> body)
    {
        var id = BinaryPrimitives.ReadUInt16BigEndian(body);
        var slot = Volatile.Read(ref _pending[id]);
        if (slot < 0) return; // not ours (a protocol error on the broker's side); nothing to settle
        // MQTT 5: no reason code means success; codes below 0x80 (e.g. "no matching subscribers") are successes too.
        var reason = body.Length > 2 ? body[2] : 0;
        if (reason < 0x80)
        {
            Interlocked.Increment(ref _acknowledgedPerTwin[slot]);
            Interlocked.Increment(ref _acknowledged);
        }
        else Interlocked.Increment(ref _failed);
        Volatile.Write(ref _pending[id], -1);
        Interlocked.Decrement(ref _inFlight);
    }

    public void AddCounts(long[] perTwin)
    {
        for (var i = 0; i < _twins.Length; i++) perTwin[_twins[i]] += Interlocked.Read(ref _acknowledgedPerTwin[i]);
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            SendAll([Disconnect, 0]);
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already gone: nothing to say goodbye to.
        }
        _socket.Dispose();
        // The receiver ends on the closed socket; it signals the event as it goes.
        _receiver?.Join();
        _acked.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>One whole packet at the start of <paramref name="data"/>: its type (high nibble kept with the flags), body and total size.</summary>
    private static bool TryParse(ReadOnlySpan<byte> data, out byte type, out ReadOnlySpan<byte> body, out int size)
    {
        type = 0;
        body = default;
        size = 0;
        if (data.Length < 2) return false;
        var length = 0;
        var shift = 0;
        var at = 1;
        while (true)
        {
            if (at >= data.Length) return false;
            var b = data[at++];
            length |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) break;
            shift += 7;
            if (shift > 21) throw new IOException("malformed remaining length from the broker");
        }
        if (data.Length < at + length) return false;
        type = (byte)(data[0] & 0xF0);
        body = data.Slice(at, length);
        size = at + length;
        return true;
    }

    private static async Task<(byte Type, byte[] Body)> ReadPacketAsync(Socket socket)
    {
        var header = new byte[1];
        await ReadExactlyAsync(socket, header);
        var length = 0;
        var shift = 0;
        var one = new byte[1];
        do
        {
            await ReadExactlyAsync(socket, one);
            length |= (one[0] & 0x7F) << shift;
            shift += 7;
        } while ((one[0] & 0x80) != 0 && shift <= 21);
        var body = new byte[length];
        await ReadExactlyAsync(socket, body);
        return ((byte)(header[0] & 0xF0), body);
    }

    private static async Task ReadExactlyAsync(Socket socket, Memory<byte> into)
    {
        while (into.Length > 0)
        {
            var n = await socket.ReceiveAsync(into);
            if (n == 0) throw new IOException("the broker closed the connection");
            into = into[n..];
        }
    }

    /// <summary>The CONNACK's Receive Maximum property (how many QoS 1 publishes the broker takes unacknowledged), or
    /// MQTT 5's default of 65,535 when it sends none.</summary>
    private static int ReceiveMaximum(byte[] connack)
    {
        var at = 2;
        if (at >= connack.Length) return 65_535;
        var length = 0;
        var shift = 0;
        byte b;
        do
        {
            b = connack[at++];
            length |= (b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0 && at < connack.Length);
        var end = Math.Min(connack.Length, at + length);
        while (at < end)
        {
            var id = connack[at++];
            switch (id)
            {
                case 0x21: // Receive Maximum: two-byte integer
                    return BinaryPrimitives.ReadUInt16BigEndian(connack.AsSpan(at));
                case 0x24 or 0x25 or 0x28 or 0x29 or 0x2A: // one-byte properties
                    at += 1;
                    break;
                case 0x13 or 0x22: // two-byte integers
                    at += 2;
                    break;
                case 0x11 or 0x27: // four-byte integers
                    at += 4;
                    break;
                case 0x12 or 0x15 or 0x16 or 0x1A or 0x1C or 0x1F: // UTF-8 strings and binary data: two-byte length first
                    at += 2 + BinaryPrimitives.ReadUInt16BigEndian(connack.AsSpan(at));
                    break;
                case 0x26: // user property: two strings
                    at += 2 + BinaryPrimitives.ReadUInt16BigEndian(connack.AsSpan(at));
                    at += 2 + BinaryPrimitives.ReadUInt16BigEndian(connack.AsSpan(at));
                    break;
                default:
                    return 65_535; // unknown property: stop reading, assume the default
            }
        }
        return 65_535;
    }

    private static void AppendLength(List<byte> to, int length)
    {
        Span<byte> bytes = stackalloc byte[4];
        var n = WriteLength(bytes, length);
        for (var i = 0; i < n; i++) to.Add(bytes[i]);
    }

    /// <summary>MQTT's variable byte integer.</summary>
    private static int WriteLength(Span<byte> to, int length)
    {
        var n = 0;
        do
        {
            var b = (byte)(length % 128);
            length /= 128;
            if (length > 0) b |= 0x80;
            to[n++] = b;
        } while (length > 0);
        return n;
    }
}
