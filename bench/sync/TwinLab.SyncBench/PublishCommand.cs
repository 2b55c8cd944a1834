using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using TwinLab.Sync.Mqtt;

namespace TwinLab.SyncBench;

/// <summary>
/// <c>publish</c>: QoS 1 telemetry at a fixed total rate for a fixed time, many publishes in flight per connection; a
/// message counts as published only when the broker acknowledged it (PUBACK). Writes a summary (JSON) with the
/// per-twin counts the intake side checks against. <c>--client raw</c> (the default) is <see cref="RawMqttPublisher"/>,
/// cheap enough to leave the cores to the broker and the intake; <c>--client mqttnet</c> publishes through MQTTnet
/// clients, as before.
/// </summary>
internal static class PublishCommand
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var broker = MqttAddress.Parse(args.String("broker", "mqtt://127.0.0.1:1883"));
        var rate = args.Int("rate", 50_000);
        var seconds = args.Double("seconds", 60);
        var twins = args.Int("twins", 1_000);
        var kind = args.String("client", "raw");
        if (kind is not ("raw" or "mqttnet")) throw new ArgumentException($"--client must be raw or mqttnet, not '{kind}'");
        var raw = kind == "raw";
        var clients = Math.Max(1, args.Int("publishers", raw ? 1 : 8));
        // MQTTnet: a small window per client and more clients, as it finds the publish a PUBACK answers by a linear scan
        // of the publishes in flight, so one client with thousands in flight spends its time searching. The raw client
        // looks PUBACKs up by packet identifier.
        var window = Math.Max(1, args.Int("window", raw ? 2_000 : 500));
        var root = args.String("root", "bench");
        var summaryPath = args.Optional("summary");
        args.RejectUnknown();

        var publishers = new ILoadPublisher[clients];
        for (var p = 0; p < clients; p++)
            publishers[p] = raw
                ? await RawMqttPublisher.ConnectAsync(broker, p, clients, twins, root, window)
                : await Publisher.ConnectAsync(broker, p, clients, twins, root, window);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"publish: {clients} {kind} client(s) → {broker}, {rate:N0} msg/s for {seconds:0.#} s over {twins:N0} twins, QoS 1, ≤{window:N0} in flight per client"));

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var runs = publishers.Select(p => Task.Run(() => p.RunAsync((double)rate / clients, seconds))).ToArray();
        var lastAcked = 0L;
        while (!Task.WhenAll(runs).IsCompleted)
        {
            await Task.WhenAny(Task.WhenAll(runs), Task.Delay(1000));
            var acked = publishers.Sum(p => p.Acknowledged);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {clock.Elapsed.TotalSeconds,5:0.0} s  acked {acked,11:N0}  (+{acked - lastAcked:N0})  in flight {publishers.Sum(p => p.InFlight):N0}  failed {publishers.Sum(p => p.Failed):N0}"));
            lastAcked = acked;
        }
        await Task.WhenAll(runs);
        var elapsed = clock.Elapsed;
        var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var total = publishers.Sum(p => p.Acknowledged);
        var perTwin = new long[twins];
        foreach (var p in publishers) p.AddCounts(perTwin);
        var summary = new PublishSummary(total, publishers.Sum(p => p.Failed), publishers.Sum(p => p.Attempted), elapsed.TotalSeconds,
            total / elapsed.TotalSeconds, rate, cpuUsed.TotalSeconds, perTwin);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"publish: {total:N0} acknowledged by the broker in {elapsed.TotalSeconds:0.00} s = {summary.AchievedRate:N0} msg/s (target {rate:N0}); {summary.Failed:N0} failed; CPU {cpuUsed.TotalSeconds:0.0} s ({cpuUsed.TotalSeconds * 1e6 / Math.Max(1, total):0.0} µs/msg)"));
        foreach (var p in publishers) await p.DisposeAsync();
        if (summaryPath is not null)
        {
            var temp = summaryPath + ".tmp";
            await File.WriteAllTextAsync(temp, JsonSerializer.Serialize(summary));
            File.Move(temp, summaryPath, overwrite: true);
        }
        return summary.Failed == 0 ? 0 : 1;
    }

    /// <summary>What the publisher achieved; <see cref="PerTwin"/> counts acknowledged messages by twin index.</summary>
    internal sealed record PublishSummary(long Acknowledged, long Failed, long Attempted, double Seconds, double AchievedRate,
        double TargetRate, double CpuSeconds, long[] PerTwin);

    /// <summary>One MQTTnet client publishing for the twins <c>i</c> with <c>i % clients == index</c>.</summary>
    private sealed class Publisher : ILoadPublisher
    {
        private readonly IMqttClient _client;
        private readonly int[] _twins;
        private readonly string[] _topics;
        private readonly long[] _sequences;
        private readonly long[] _acknowledgedPerTwin;
        private readonly SemaphoreSlim _window;
        private readonly int _windowSize;
        private long _acknowledged;
        private long _failed;
        private long _attempted;

        private Publisher(IMqttClient client, int[] twins, string root, int window)
        {
            _client = client;
            _twins = twins;
            _topics = [.. twins.Select(t => SensorFleet.Topic(root, t))];
            _sequences = new long[twins.Length];
            _acknowledgedPerTwin = new long[twins.Length];
            _window = new SemaphoreSlim(window, window);
            _windowSize = window;
        }

        public long Acknowledged => Interlocked.Read(ref _acknowledged);
        public long Failed => Interlocked.Read(ref _failed);
        public long Attempted => Interlocked.Read(ref _attempted);
        public long InFlight => _windowSize - _window.CurrentCount;

        public static async Task<Publisher> ConnectAsync(MqttAddress broker, int index, int clients, int twins, string root, int window)
        {
            var factory = new MqttClientFactory();
            var client = factory.CreateMqttClient();
            await client.ConnectAsync(factory.CreateClientOptionsBuilder()
                .WithTcpServer(broker.Host, broker.Port)
                .WithProtocolVersion(MqttProtocolVersion.V500)
                .WithClientId($"twinlab-bench-pub-{index}")
                .WithCleanStart(true)
                .WithTimeout(TimeSpan.FromSeconds(30))
                .Build());
            var mine = Enumerable.Range(0, twins).Where(t => t % clients == index).ToArray();
            return new Publisher(client, mine, root, window);
        }

        /// <summary>Publishes <paramref name="rate"/> messages a second for <paramref name="seconds"/>, then waits for
        /// every PUBACK.</summary>
        public async Task RunAsync(double rate, double seconds)
        {
            var total = (long)Math.Round(rate * seconds);
            var clock = Stopwatch.StartNew();
            long sent = 0;
            var pending = new List<Task>();
            while (sent < total)
            {
                var due = Math.Min(total, (long)(rate * clock.Elapsed.TotalSeconds) + 1);
                while (sent < due)
                {
                    await _window.WaitAsync().ConfigureAwait(false);
                    var slot = (int)(sent % _twins.Length);
                    var task = PublishOneAsync(slot, _sequences[slot]++);
                    if (!task.IsCompleted) pending.Add(task);
                    sent++;
                }
                if (pending.Count > 10_000) pending.RemoveAll(t => t.IsCompleted);
                await Task.Delay(1).ConfigureAwait(false);
            }
            await Task.WhenAll(pending).ConfigureAwait(false);
        }

        private async Task PublishOneAsync(int slot, long seq)
        {
            Interlocked.Increment(ref _attempted);
            var buffer = new byte[96];
            var length = SensorFleet.Payload(buffer, seq, 15 + (seq % 1000) / 100.0, SensorFleet.NowMicros());
            var message = new MqttApplicationMessage
            {
                Topic = _topics[slot],
                PayloadSegment = new ArraySegment<byte>(buffer, 0, length),
                QualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce,
            };
            try
            {
                var result = await _client.PublishAsync(message).ConfigureAwait(false);
                if (result.IsSuccess)
                {
                    Interlocked.Increment(ref _acknowledged);
                    Interlocked.Increment(ref _acknowledgedPerTwin[slot]);
                }
                else Interlocked.Increment(ref _failed);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Interlocked.Increment(ref _failed);
            }
            finally
            {
                _window.Release();
            }
        }

        public void AddCounts(long[] perTwin)
        {
            for (var i = 0; i < _twins.Length; i++) perTwin[_twins[i]] += _acknowledgedPerTwin[i];
        }

        public async ValueTask DisposeAsync()
        {
            if (_client.IsConnected) await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build());
            _client.Dispose();
        }
    }
}
