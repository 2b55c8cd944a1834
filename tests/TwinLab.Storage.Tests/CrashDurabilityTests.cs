using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using TwinLab.Core.Application;
using TwinLab.Core.Twins;
using TwinLab.Storage.Sqlite;
using Xunit.Abstractions;

namespace TwinLab.Storage.Tests;

/// <summary>
/// Proves that a write <see cref="TwinService.Write{T}"/> has returned from survives the process being killed
/// (SIGKILL, no chance to clean up), and that no write is ever half there.
/// </summary>
/// <remarks>
/// <para>The writer is a separate process (tests/TwinLab.CrashWriter): for k = start, start+1, … it does one
/// <c>Write</c> that patches twin <c>c{k % 10}</c> with <c>/n = k</c> and <c>/check = k * 7</c> and appends telemetry
/// <c>{"seq": k}</c> to it, then prints <c>ack k</c>. Each round starts it where the database left off, kills it at a
/// random moment, and checks the database: every acked k is there, every twin has <c>check == n * 7</c>, and the
/// telemetry <c>seq</c> values are exactly 0..max(n), each once (so a write's patch and its telemetry are all or
/// nothing, and a write that was cut off by the kill is either wholly there or wholly absent).</para>
/// <para>Correctness only: no timing is asserted. The delays just spread the kills over the write loop; the
/// timeouts only guard against a hung child.</para>
/// </remarks>
public sealed class CrashDurabilityTests : IDisposable
{
    private const int KillRounds = 20;
    private const int TwinCount = 10;
    private const int Seed = 20261126;
    // "Never finishes" for a killed round: far more writes than fit in the few hundred milliseconds it lives.
    private const long EndlessCount = 100_000_000;
    // 128 + SIGKILL(9): how .NET reports a child that was killed by SIGKILL on Unix.
    private const int KilledBySigkill = 137;
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    private readonly ITestOutputHelper _output;
    private readonly string _dir = Directory.CreateTempSubdirectory("twinlab-crash-").FullName;
    private Writer? _writer;

    public CrashDurabilityTests(ITestOutputHelper output) => _output = output;

    private string DbPath => Path.Combine(_dir, "crash.db");

    public void Dispose()
    {
        // Never leave a child behind, whatever failed.
        _writer?.Dispose();
        _writer = null;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
                return;
            }
            catch (IOException) when (attempt < 10)
            {
                Thread.Sleep(100);
            }
        }
    }

    [SkippableFact]
    public void Acknowledged_writes_survive_sigkill_and_no_write_is_half_applied()
    {
        // SIGKILL is what is under test; on Windows Process.Kill is TerminateProcess.
        Skip.IfNot(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "SIGKILL needs Unix.");

        var writerDll = FindWriterDll();
        var random = new Random(Seed);
        var clock = Stopwatch.StartNew();
        var acked = new List<long>();    // every ack of every round
        long next = 0;                   // where the next round starts: max(n) + 1
        var ackCounts = new List<int>();
        var landedAfterLastAck = 0;

        for (var round = 0; round < KillRounds; round++)
        {
            // The plan of each round comes from the seed (what the OS scheduler does with it cannot).
            // Mode 0 (most rounds): a random 50-400 ms after the first ack. Mode 1: right after a random number of acks, so
            // the kill lands at the start of the next write. Mode 2 (the first round, then now and then): a random 0-1000 ms
            // after start, possibly during start-up or the set-up write (the model import and twin creation must be all
            // or nothing too) or before any ack.
            var pick = random.Next(10);
            var mode = round == 0 || pick == 9 ? 2 : pick < 6 ? 0 : 1;
            var delayMs = random.Next(50, 401);
            var ackTarget = random.Next(1, 300);
            var startDelayMs = random.Next(0, 1000);

            List<long> roundAcks;
            string firstAck;
            using (var writer = _writer = Writer.Start(writerDll, DbPath, next, EndlessCount))
            {
                switch (mode)
                {
                    case 0:
                        writer.WaitForAcks(1, HangGuard);
                        Thread.Sleep(delayMs);
                        break;
                    case 1:
                        writer.WaitForAcks(ackTarget, HangGuard);
                        break;
                    default:
                        Thread.Sleep(startDelayMs);
                        break;
                }
                Assert.False(writer.HasExited, $"round {round}: the writer ended on its own before the kill.{writer.Diagnostics()}");
                writer.KillWithSigkill();
                Assert.True(writer.WaitForEnd(HangGuard), $"round {round}: the killed writer's output did not end.");
                Assert.Equal(KilledBySigkill, writer.ExitCode);
                roundAcks = writer.Acks();
                firstAck = writer.FirstAckAfter is { } t ? $"{t.TotalMilliseconds:F0} ms" : "-";
            }
            _writer = null;

            AssertConsecutiveFrom(next, roundAcks, round);
            acked.AddRange(roundAcks);
            ackCounts.Add(roundAcks.Count);

            var maxN = Verify(acked, round);
            var lastAck = roundAcks.Count > 0 ? roundAcks[^1] : next - 1;
            if (maxN > lastAck) landedAfterLastAck++;
            _output.WriteLine($"round {round,2}: mode {mode}, start {next,5}, {roundAcks.Count,4} acks (first after {firstAck}), database at {maxN,5}" +
                              (maxN > lastAck ? " (a write after the last ack landed)" : ""));
            next = maxN + 1;
        }

        // A last round that is not killed: it runs to the end and exits 0.
        const int CleanCount = 25;
        using (var writer = _writer = Writer.Start(writerDll, DbPath, next, CleanCount))
        {
            Assert.True(writer.WaitForEnd(HangGuard), "the clean writer did not finish.");
            Assert.True(writer.ExitCode == 0, $"the clean writer exited with {writer.ExitCode}.{writer.Diagnostics()}");
            var cleanAcks = writer.Acks();
            Assert.Equal(CleanCount, cleanAcks.Count);
            AssertConsecutiveFrom(next, cleanAcks, KillRounds);
            acked.AddRange(cleanAcks);
        }
        _writer = null;
        Assert.Equal(next + CleanCount - 1, Verify(acked, KillRounds));

        _output.WriteLine($"{KillRounds} kill rounds, {ackCounts.Average():F0} acks per round on average (min {ackCounts.Min()}, max {ackCounts.Max()}), " +
                          $"{landedAfterLastAck} rounds where an unacked write landed whole, no acked write lost; {clock.Elapsed.TotalSeconds:F1} s.");
    }

    /// <summary>Opens the database after a kill and checks it; returns max(n) over the twins (-1 if none written).</summary>
    private long Verify(IReadOnlyList<long> acked, int round)
    {
        var at = $"after round {round}";

        // (c) The file is a sound SQLite database (this connection also replays the WAL the killed writer left).
        using (var raw = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DbPath, Pooling = false }.ToString()))
        {
            raw.Open();
            using var cmd = raw.CreateCommand();
            cmd.CommandText = "PRAGMA integrity_check;";
            Assert.Equal("ok", cmd.ExecuteScalar() as string);
        }

        // ...and opens cleanly as a TwinLab store (schema, models and every twin load).
        using var service = new TwinService(SqliteTwinStore.Open(DbPath));
        var snapshot = service.Snapshot;

        if (!snapshot.Models.Contains("dtmi:crash:Counter;1"))
        {
            // Killed before the set-up write committed: then nothing else can be there either.
            Assert.True(acked.Count == 0, $"{at}: the model is missing but writes were acked.");
            Assert.Empty(snapshot.Twins);
            return -1;
        }

        var n = new long?[TwinCount];
        var seqs = new List<long>();
        for (var i = 0; i < TwinCount; i++)
        {
            var id = $"c{i}";
            // The set-up write creates all ten twins with the model, or nothing.
            Assert.True(snapshot.Twins.TryGetValue(id, out var twin), $"{at}: twin {id} is missing.");
            var hasN = twin.Properties.TryGetValue("n", out var nProp);
            var hasCheck = twin.Properties.TryGetValue("check", out var checkProp);
            // (b) The two operations of a patch are both there or both absent, and from the same write.
            Assert.True(hasN == hasCheck, $"{at}: twin {id} has {(hasN ? "n" : "check")} without {(hasN ? "check" : "n")}.");
            if (hasN)
            {
                var value = nProp!.Value.GetInt64();
                var check = checkProp!.Value.GetInt64();
                Assert.True(check == value * 7, $"{at}: twin {id} has n = {value} but check = {check} (a half-applied patch).");
                Assert.True(value % TwinCount == i, $"{at}: twin {id} has n = {value}, which belongs to another twin.");
                n[i] = value;
            }
            foreach (var point in service.ReadTelemetry(id, "seq", DateTimeOffset.MinValue, DateTimeOffset.MaxValue))
            {
                var seq = point.Value.GetInt64();
                Assert.True(seq % TwinCount == i, $"{at}: telemetry seq {seq} is on twin {id}.");
                seqs.Add(seq);
            }
        }

        var maxN = n.Max() ?? -1;
        // (b) Each write appends its seq exactly once, and writes run in order, each from where the last round's database
        // ended: so the seqs are exactly 0..max(n). A seq without its patch would show as a seq above max(n) or above the
        // twin's n; a patch without its seq as a gap; a duplicate as a repeated write.
        seqs.Sort();
        var duplicate = seqs.Zip(seqs.Skip(1)).FirstOrDefault(p => p.First == p.Second);
        Assert.True(seqs.Count == seqs.Distinct().Count(), $"{at}: telemetry seq {duplicate.First} appears more than once.");
        Assert.True(seqs.Count == maxN + 1 && (seqs.Count == 0 || seqs[^1] == maxN),
            $"{at}: telemetry seqs are not exactly 0..{maxN}: {seqs.Count} points, last {(seqs.Count > 0 ? seqs[^1] : -1)}, first gap at {FirstGap(seqs)}.");
        for (var i = 0; i < TwinCount; i++)
        {
            // Every twin's n is the last write to it at or below max(n), and that write's telemetry point is there.
            long? expected = maxN < i ? null : maxN - ((maxN - i) % TwinCount);
            Assert.True(n[i] == expected, $"{at}: twin c{i} has n = {n[i]?.ToString(CultureInfo.InvariantCulture) ?? "none"}, expected {expected?.ToString(CultureInfo.InvariantCulture) ?? "none"}.");
        }

        // (a) Every acked write is there: its twin's n is at least it, and its telemetry point exists.
        var seqSet = seqs.ToHashSet();
        for (var i = 0; i < TwinCount; i++)
        {
            var lastAckedHere = acked.Where(k => k % TwinCount == i).DefaultIfEmpty(-1).Max();
            if (lastAckedHere >= 0)
                Assert.True(n[i] >= lastAckedHere, $"{at}: LOST ACKED WRITE: twin c{i} has n = {n[i]}, but {lastAckedHere} was acked.");
        }
        var lost = acked.Where(k => !seqSet.Contains(k)).Take(5).ToList();
        Assert.True(lost.Count == 0, $"{at}: LOST ACKED WRITE: telemetry seq {string.Join(", ", lost)} acked but missing.");
        return maxN;
    }

    private static long FirstGap(List<long> sorted)
    {
        for (var i = 0; i < sorted.Count; i++)
            if (sorted[i] != i) return i;
        return sorted.Count;
    }

    private static void AssertConsecutiveFrom(long start, List<long> acks, int round)
    {
        for (var i = 0; i < acks.Count; i++)
            Assert.True(acks[i] == start + i, $"round {round}: ack #{i} is {acks[i]}, expected {start + i}.");
    }

    /// <summary>
    /// The built writer: next to this assembly if the build copied it, else in its own output folder
    /// (tests/TwinLab.CrashWriter/bin/&lt;Configuration&gt;/&lt;tfm&gt;/), which the ProjectReference with
    /// ReferenceOutputAssembly=false makes sure is built first.
    /// </summary>
    private static string FindWriterDll()
    {
        const string Name = "TwinLab.CrashWriter";
        var here = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        if (File.Exists(Path.Combine(here, Name + ".dll")) && File.Exists(Path.Combine(here, Name + ".runtimeconfig.json")))
            return Path.Combine(here, Name + ".dll");

        var tfm = Path.GetFileName(here);                                        // net10.0
        var configuration = Path.GetFileName(Path.GetDirectoryName(here)) ?? "Debug"; // Debug or Release
        for (var dir = new DirectoryInfo(here); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", Name, "bin", configuration, tfm, Name + ".dll");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"{Name}.dll was not found next to the test assembly ({here}) nor under tests/{Name}/bin/{configuration}/{tfm}/; build tests/TwinLab.Storage.Tests (it references {Name}).");
    }

    /// <summary>One run of the writer process, with its acks read as they come.</summary>
    private sealed class Writer : IDisposable
    {
        private readonly Process _process;
        private readonly Thread _reader;
        private readonly object _gate = new(); // an object, not a Lock: WaitForAcks uses Monitor.Wait
        private readonly List<long> _acks = [];
        private readonly StringBuilder _stderr = new();
        private readonly List<string> _otherLines = [];
        private readonly Stopwatch _sinceStart = Stopwatch.StartNew();
        private bool _disposed;

        private Writer(Process process)
        {
            _process = process;
            _process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is null) return;
                lock (_gate) _stderr.AppendLine(e.Data);
            };
            _process.BeginErrorReadLine();
            _reader = new Thread(ReadAcks) { IsBackground = true, Name = "crash-writer-stdout" };
            _reader.Start();
        }

        public static Writer Start(string dll, string db, long start, long count)
        {
            // DOTNET_HOST_PATH is set by the dotnet CLI for the processes it starts (the test host among them).
            var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h && File.Exists(h) ? h : "dotnet";
            var info = new ProcessStartInfo(host)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                StandardOutputEncoding = Encoding.UTF8,
            };
            info.ArgumentList.Add(dll);
            info.ArgumentList.Add(db);
            info.ArgumentList.Add(start.ToString(CultureInfo.InvariantCulture));
            info.ArgumentList.Add(count.ToString(CultureInfo.InvariantCulture));
            // `dotnet app.dll` runs the app in the dotnet process itself (no grandchild), so killing this pid kills the writer.
            var process = Process.Start(info) ?? throw new InvalidOperationException("The writer did not start.");
            return new Writer(process);
        }

        public bool HasExited => _process.HasExited;

        public int ExitCode => _process.ExitCode;

        /// <summary>How long after start the first ack came (for the log only), or null if none did.</summary>
        public TimeSpan? FirstAckAfter { get; private set; }

        /// <summary>Sends SIGKILL. On Unix, <see cref="Process.Kill()"/> is <c>kill(pid, SIGKILL)</c>; the exit code 137
        /// (128 + 9) the caller asserts confirms it was that signal, not a graceful shutdown.</summary>
        public void KillWithSigkill() => _process.Kill();

        /// <summary>Waits for the process to end and its stdout to be read to the end.</summary>
        public bool WaitForEnd(TimeSpan timeout) =>
            _process.WaitForExit(timeout) && _reader.Join(timeout);

        /// <summary>Waits until at least <paramref name="count"/> acks arrived; fails if the writer ends or hangs first.</summary>
        public void WaitForAcks(int count, TimeSpan timeout)
        {
            var deadline = Stopwatch.StartNew();
            lock (_gate)
            {
                while (_acks.Count < count)
                {
                    if (!_reader.IsAlive || deadline.Elapsed > timeout)
                        Assert.Fail($"The writer gave {_acks.Count} of {count} acks, then {(_reader.IsAlive ? "hung" : "ended")}.{DiagnosticsLocked()}");
                    Monitor.Wait(_gate, 20);
                }
            }
        }

        public List<long> Acks()
        {
            lock (_gate)
            {
                Assert.True(_otherLines.Count == 0, $"The writer printed unexpected lines: {string.Join(" | ", _otherLines.Take(5))}");
                return [.. _acks];
            }
        }

        public string Diagnostics()
        {
            lock (_gate) return DiagnosticsLocked();
        }

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                    _process.WaitForExit(10_000);
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
            _reader.Join(TimeSpan.FromSeconds(10));
            _process.Dispose();
        }

        private string DiagnosticsLocked() =>
            _stderr.Length == 0 ? "" : $" Its stderr:{Environment.NewLine}{_stderr}";

        /// <summary>Reads stdout; a line counts only once its newline has arrived (a kill may cut the last one).</summary>
        private void ReadAcks()
        {
            var stdout = _process.StandardOutput;
            var buffer = new char[4096];
            var line = new StringBuilder();
            int read;
            while ((read = stdout.Read(buffer, 0, buffer.Length)) > 0)
            {
                for (var i = 0; i < read; i++)
                {
                    if (buffer[i] != '\n')
                    {
                        line.Append(buffer[i]);
                        continue;
                    }
                    var text = line.ToString();
                    line.Clear();
                    lock (_gate)
                    {
                        if (text.StartsWith("ack ", StringComparison.Ordinal)
                            && long.TryParse(text.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var k))
                        {
                            FirstAckAfter ??= _sinceStart.Elapsed;
                            _acks.Add(k);
                        }
                        else
                            _otherLines.Add(text);
                        Monitor.PulseAll(_gate);
                    }
                }
            }
            lock (_gate) Monitor.PulseAll(_gate);
        }
    }
}
