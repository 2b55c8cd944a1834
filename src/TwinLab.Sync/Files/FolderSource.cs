using TwinLab.Core.Twins;
using TwinLab.Sync.Ingest;
using TwinLab.Sync.Mapping;

namespace TwinLab.Sync.Files;

/// <summary>
/// Watches a folder for new or growing CSV/NDJSON files and hands their rows to a sink, remembering per file how far its
/// rows were acknowledged (a checkpoint document), so a restart neither skips nor repeats rows; rows that are read again
/// after a crash are recognised by their keys. Files read completely and left unchanged for a while can be moved to a done folder.
/// </summary>
/// <remarks>
/// <para>Only complete lines are read while a file may still be written; its last line without a line break is read once
/// the file has been unchanged for <see cref="FolderSourceOptions.SettleTime"/>. A file that shrinks or whose first bytes
/// change was replaced: it is read again from the start (its rows' keys keep what was applied from being applied twice).</para>
/// <para>The sink must know the mapping for <see cref="Source"/>: an <see cref="IngestPipeline"/> is given it here.</para>
/// </remarks>
public sealed class FolderSource : IAsyncDisposable
{
    private readonly FolderSourceOptions _options;
    private readonly MessageMapping _mapping;
    private readonly IIngestSink _sink;
    private readonly ITwinStore _checkpoints;
    private readonly TimeProvider _time;
    private readonly FileGlob _glob;
    private readonly string? _doneFolder;
    private readonly Dictionary<string, FileState> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (long Length, DateTime LastWrite)> _unreadable = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _scanning = new(1, 1);
    private readonly Lock _gate = new();
    private CancellationTokenSource? _stop;
    private Task? _loop;
    private long _filesDone, _messages, _errors;
    private string? _lastError;
    private DateTimeOffset? _lastErrorTime;
    private bool _failing;

    /// <summary>Where one file is: submitted up to, acknowledged up to, saved up to.</summary>
    private sealed class FileState(string path, DataFileReader reader)
    {
        public string Path { get; } = path;
        public DataFileReader Reader { get; set; } = reader;
        public long Submitted;
        public long SubmittedLine = 1;
        public long Acked;
        public long AckedLine = 1;
        public long Saved = -1;
        public long Pending;
        public string Fingerprint = "";
        public int FingerprintBytes;
        public int Generation;
        public long Length = -1;
        public DateTime LastWrite;
        public DateTimeOffset ChangedAt;
        public bool Finished;
        public bool Broken;
    }

    /// <summary>Creates the source (not started).</summary>
    /// <param name="options">The folder, the files, where finished files go.</param>
    /// <param name="mapping">How rows become twin changes (also its CSV layout and format).</param>
    /// <param name="sink">Where rows go; an <see cref="IngestPipeline"/> is given the mapping for <see cref="Source"/>.</param>
    /// <param name="checkpoints">Where checkpoints are kept; the pipeline's store when <c>null</c> and the sink is a pipeline.</param>
    /// <param name="time">The clock for settle times, polling and received times.</param>
    /// <exception cref="ArgumentException">The glob is not a file name pattern, or no checkpoint store is given.</exception>
    public FolderSource(FolderSourceOptions options, MessageMapping mapping, IIngestSink sink, ITwinStore? checkpoints = null, TimeProvider? time = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _mapping = mapping ?? throw new ArgumentNullException(nameof(mapping));
        _sink = sink ?? throw new ArgumentNullException(nameof(sink));
        _checkpoints = checkpoints ?? (sink as IngestPipeline)?.Service.Store
            ?? throw new ArgumentException("A checkpoint store is needed when the sink is not an IngestPipeline.", nameof(checkpoints));
        _time = time ?? (sink as IngestPipeline)?.Time ?? TimeProvider.System;
        _glob = new FileGlob(options.Glob);
        Folder = Path.GetFullPath(options.Folder);
        Source = options.Source ?? $"folder:{Path.GetFileName(Folder.TrimEnd(Path.DirectorySeparatorChar))}";
        if (options.DoneFolder is { } done) _doneFolder = Path.GetFullPath(done, Folder);
        if (sink is IngestPipeline pipeline) pipeline.SetMapping(Source, mapping);
    }

    /// <summary>The folder watched (full path).</summary>
    public string Folder { get; }

    /// <summary>The source name its rows are ingested under.</summary>
    public string Source { get; }

    /// <summary>
    /// Raised for each row once its fate is durable (applied, duplicate or dead-lettered), in file order. Raised on the
    /// sink's thread after its commit: handlers must be quick (print a line, count) and must not write to the twin.
    /// </summary>
    public event Action<InboundMessage, IngestResult>? Outcome;

    /// <summary>How it is doing.</summary>
    public FolderSourceCounters Counters
    {
        get
        {
            lock (_gate)
            {
                var state = _loop is null ? "stopped" : _failing ? "failing" : "running";
                return new FolderSourceCounters(state, _files.Count, _filesDone, _messages, _errors, _lastError, _lastErrorTime);
            }
        }
    }

    /// <summary>Starts polling the folder in the background.</summary>
    public Task StartAsync(CancellationToken cancel = default)
    {
        lock (_gate)
        {
            if (_loop is not null) return Task.CompletedTask;
            _stop = new CancellationTokenSource();
            var token = _stop.Token;
            _loop = Task.Run(() => PollAsync(token), CancellationToken.None);
        }
        return Task.CompletedTask;
    }

    /// <summary>Stops polling, waits for the rows handed over to be acknowledged (when the sink is a pipeline), and saves
    /// the checkpoints.</summary>
    public async Task StopAsync(CancellationToken cancel = default)
    {
        Task? loop;
        lock (_gate)
        {
            loop = _loop;
            _stop?.Cancel();
        }
        if (loop is not null)
        {
            try
            {
                await loop.WaitAsync(cancel).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
            {
            }
        }
        if (_sink is IngestPipeline pipeline)
        {
            try
            {
                await pipeline.FlushAsync(cancel).ConfigureAwait(false);
            }
            catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
            {
                // The pipeline stopped first: what was acknowledged is saved below, the rest is read again next time.
            }
        }
        await _scanning.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            SaveCheckpoints();
        }
        finally
        {
            _scanning.Release();
        }
        lock (_gate)
        {
            _loop = null;
            _stop?.Dispose();
            _stop = null;
        }
    }

    /// <summary>Stops the source.</summary>
    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    /// <summary>One pass over the folder: reads what is new in each matching file and hands it to the sink.</summary>
    /// <returns>The rows handed over.</returns>
    public async Task<int> ScanAsync(CancellationToken cancel = default)
    {
        await _scanning.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            SaveCheckpoints();
            string[] paths;
            try
            {
                paths = Directory.Exists(Folder) ? Directory.GetFiles(Folder) : [];
                if (!Directory.Exists(Folder)) Fail($"{Folder}: the folder does not exist (yet)");
                else lock (_gate) _failing = false;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Fail($"{Folder}: {e.Message}");
                return 0;
            }
            var present = new HashSet<string>(StringComparer.Ordinal);
            var submitted = 0;
            foreach (var path in paths.Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(path);
                if (!_glob.Matches(name)) continue;
                present.Add(name);
                submitted += await ScanFileAsync(path, name, cancel).ConfigureAwait(false);
            }
            ForgetVanished(present);
            SaveCheckpoints();
            return submitted;
        }
        finally
        {
            _scanning.Release();
        }
    }

    private async Task PollAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await ScanAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A failing pass (the store refusing a checkpoint, the sink stopping) is reported and tried again.
                Fail($"{Folder}: {e.Message}");
            }
            try
            {
                await Task.Delay(_options.PollInterval, _time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<int> ScanFileAsync(string path, string name, CancellationToken cancel)
    {
        FileInfo info;
        try
        {
            info = new FileInfo(path);
            _ = info.Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0; // gone or locked between listing and reading: next pass
        }
        var now = _time.GetUtcNow();
        if (!_files.TryGetValue(name, out var state))
        {
            DataFileReader reader;
            try
            {
                reader = new DataFileReader(path, DataFileFormats.Of(path, _options.Format, _mapping.Format), _mapping, Source, _time);
            }
            catch (ArgumentException e)
            {
                // Reported once per version of the file, not on every pass.
                if (!_unreadable.TryGetValue(name, out var seen) || seen != (info.Length, info.LastWriteTimeUtc))
                {
                    _unreadable[name] = (info.Length, info.LastWriteTimeUtc);
                    Fail(e.Message);
                }
                return 0;
            }
            _unreadable.Remove(name);
            state = new FileState(path, reader) { ChangedAt = now };
            _files[name] = state;
            Resume(state, name);
        }
        var changed = info.Length != state.Length || info.LastWriteTimeUtc != state.LastWrite;
        if (changed)
        {
            state.Length = info.Length;
            state.LastWrite = info.LastWriteTimeUtc;
            state.ChangedAt = now;
            state.Finished = false;
            state.Broken = false;
        }
        if (state.Broken || state.Finished) return 0;
        var settled = now - state.ChangedAt >= _options.SettleTime;
        if (!changed && !settled && state.Submitted >= info.Length) return 0;

        var submitted = 0;
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
            if (stream.Length < state.Submitted || !FileCheckpoint.Matches(stream, state.Fingerprint, state.FingerprintBytes))
                Restart(state, name);
            var generation = state.Generation;
            foreach (var read in state.Reader.Read(stream, state.Submitted, state.SubmittedLine, toEnd: settled))
            {
                var end = read.End;
                var nextLine = read.NextLine;
                Interlocked.Increment(ref state.Pending);
                var message = read.Message;
                message = message with { Acknowledge = result => Acknowledged(state, generation, end, nextLine, message, result) };
                await _sink.SubmitAsync(message, cancel).ConfigureAwait(false);
                state.Submitted = end;
                state.SubmittedLine = nextLine;
                submitted++;
                Interlocked.Increment(ref _messages);
            }
            if (state.FingerprintBytes < FileCheckpoint.MaxFingerprintBytes && state.Submitted > state.FingerprintBytes)
            {
                state.FingerprintBytes = (int)Math.Min(FileCheckpoint.MaxFingerprintBytes, state.Submitted);
                state.Fingerprint = FileCheckpoint.FingerprintOf(stream, state.FingerprintBytes);
            }
        }
        catch (DataFileException e)
        {
            state.Broken = true;
            Fail(e.Message);
            return submitted;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Fail($"{path}: {e.Message}");
            return submitted;
        }
        if (settled && state.Submitted >= info.Length) await FinishAsync(state, name).ConfigureAwait(false);
        return submitted;
    }

    private ValueTask Acknowledged(FileState state, int generation, long end, long nextLine, InboundMessage message, IngestResult result)
    {
        try
        {
            Outcome?.Invoke(message, result);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Fail($"{message.Position}: an Outcome handler failed: {e.Message}");
        }
        lock (_gate)
        {
            // Acknowledgements come in submission order; keep the furthest (of the file as it is now, not of one replaced).
            if (generation == state.Generation && end > state.Acked)
            {
                state.Acked = end;
                state.AckedLine = nextLine;
            }
        }
        Interlocked.Decrement(ref state.Pending);
        return ValueTask.CompletedTask;
    }

    /// <summary>Picks up a file where its checkpoint says, unless the file is no longer the one checkpointed.</summary>
    private void Resume(FileState state, string name)
    {
        if (FileCheckpoint.Load(_checkpoints, Source, name) is not { } checkpoint) return;
        try
        {
            using var stream = new FileStream(state.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (stream.Length < checkpoint.Offset || !FileCheckpoint.Matches(stream, checkpoint.Fingerprint, checkpoint.FingerprintBytes)) return;
        }
        catch (IOException)
        {
            return;
        }
        state.Submitted = state.Acked = state.Saved = checkpoint.Offset;
        state.SubmittedLine = state.AckedLine = checkpoint.Line;
        state.Fingerprint = checkpoint.Fingerprint;
        state.FingerprintBytes = checkpoint.FingerprintBytes;
    }

    private void Restart(FileState state, string name)
    {
        lock (_gate)
        {
            state.Submitted = state.Acked = 0;
            state.SubmittedLine = state.AckedLine = 1;
            state.Saved = -1;
            state.Fingerprint = "";
            state.FingerprintBytes = 0;
            state.Generation++;
        }
        state.Reader = new DataFileReader(state.Path, state.Reader.Format, _mapping, Source, _time);
        FileCheckpoint.Delete(_checkpoints, Source, name);
    }

    /// <summary>A file read completely and settled: counted, and moved to the done folder once all its rows are acknowledged.</summary>
    private async Task FinishAsync(FileState state, string name)
    {
        if (_doneFolder is null)
        {
            state.Finished = true;
            Interlocked.Increment(ref _filesDone);
            return;
        }
        if (Interlocked.Read(ref state.Pending) > 0)
        {
            if (_sink is not IngestPipeline pipeline) return; // moved on a later pass, once acknowledged
            await pipeline.FlushAsync().ConfigureAwait(false);
        }
        SaveCheckpoint(state, name);
        try
        {
            Directory.CreateDirectory(_doneFolder);
            File.Move(state.Path, FreeName(_doneFolder, name));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Fail($"{state.Path}: read completely but not moved to {_doneFolder}: {e.Message}");
            state.Finished = true;
            return;
        }
        FileCheckpoint.Delete(_checkpoints, Source, name);
        _files.Remove(name);
        Interlocked.Increment(ref _filesDone);
    }

    private static string FreeName(string folder, string name)
    {
        var target = Path.Combine(folder, name);
        for (var i = 1; File.Exists(target); i++)
            target = Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(name)}.{i}{Path.GetExtension(name)}");
        return target;
    }

    private void ForgetVanished(HashSet<string> present)
    {
        foreach (var name in _files.Keys.Where(n => !present.Contains(n)).ToList())
        {
            // Moved or deleted by someone else: its rows are in (or keyed, should it come back).
            _files.Remove(name);
            FileCheckpoint.Delete(_checkpoints, Source, name);
        }
    }

    private void SaveCheckpoints()
    {
        foreach (var (name, state) in _files) SaveCheckpoint(state, name);
    }

    private void SaveCheckpoint(FileState state, string name)
    {
        long offset, line;
        lock (_gate)
        {
            offset = state.Acked;
            line = state.AckedLine;
        }
        if (offset == state.Saved || offset == 0 || state.FingerprintBytes == 0) return;
        new FileCheckpoint(Source, name, offset, line, state.Fingerprint, state.FingerprintBytes).Save(_checkpoints, _time.GetUtcNow());
        state.Saved = offset;
    }

    private void Fail(string message)
    {
        lock (_gate)
        {
            _errors++;
            _lastError = message;
            _lastErrorTime = _time.GetUtcNow();
            _failing = message.StartsWith(Folder + ":", StringComparison.Ordinal);
        }
    }
}
