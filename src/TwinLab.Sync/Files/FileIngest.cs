using TwinLab.Sync.Ingest;
using TwinLab.Sync.Mapping;

namespace TwinLab.Sync.Files;

/// <summary>How <see cref="FileIngest.RunAsync"/> reads a file.</summary>
public sealed record FileIngestOptions
{
    /// <summary><c>csv</c> or <c>ndjson</c>; by the mapping's <c>format</c> or the file extension when <c>null</c>.</summary>
    public string? Format { get; init; }

    /// <summary>The source name counters, dead letters and keys are kept under; <c>ingest:FILENAME</c> when <c>null</c>.</summary>
    public string? Source { get; init; }

    /// <summary>How many dead-lettered rows the report lists (all are counted and stored).</summary>
    public int MaxErrors { get; init; } = 20;
}

/// <summary>A row of a file that was dead-lettered.</summary>
/// <param name="Position"><c>file:line</c>.</param>
/// <param name="Reason">Why.</param>
public sealed record FileIngestError(string Position, string Reason);

/// <summary>What became of a file's rows.</summary>
/// <param name="File">The file.</param>
/// <param name="Source">The source name its rows were ingested under.</param>
/// <param name="Messages">Rows (or lines) read.</param>
/// <param name="Applied">Rows whose changes were committed.</param>
/// <param name="Duplicates">Rows already applied before (by their key): nothing was applied again.</param>
/// <param name="DeadLettered">Rows that could not be applied (see <paramref name="Errors"/> and the dead-letter store).</param>
/// <param name="Errors">The first dead-lettered rows with their reasons.</param>
/// <param name="FileError">Why the file could not be read at all, or <c>null</c>.</param>
public sealed record FileIngestReport(string File, string Source, long Messages, long Applied, long Duplicates, long DeadLettered,
    IReadOnlyList<FileIngestError> Errors, string? FileError = null);

/// <summary>Reads a CSV or NDJSON file through an <see cref="IngestPipeline"/>: exactly once per row (re-reading a file
/// applies nothing twice), bad rows dead-lettered without stopping the file.</summary>
public static class FileIngest
{
    /// <summary>Ingests one file and waits until every row is committed or dead-lettered.</summary>
    /// <param name="path">The file.</param>
    /// <param name="mapping">How its rows become twin changes.</param>
    /// <param name="pipeline">The pipeline; the mapping is set for the file's source.</param>
    /// <param name="options">Format, source name, error list size.</param>
    /// <param name="cancel">Stops reading (rows already submitted are still committed).</param>
    /// <returns>The counts, and the file error if it could not be read (then nothing of it was submitted after that point).</returns>
    /// <exception cref="ArgumentException">The format is unknown or cannot be told from the extension.</exception>
    public static async Task<FileIngestReport> RunAsync(string path, MessageMapping mapping, IngestPipeline pipeline,
        FileIngestOptions? options = null, CancellationToken cancel = default)
    {
        options ??= new FileIngestOptions();
        var format = DataFileFormats.Of(path, options.Format, mapping.Format);
        var source = options.Source ?? $"ingest:{Path.GetFileName(path)}";
        pipeline.SetMapping(source, mapping);
        var tally = new Tally(options.MaxErrors);
        var reader = new DataFileReader(path, format, mapping, source, pipeline.Time);
        string? fileError = null;
        long messages = 0;
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
            foreach (var read in reader.Read(stream, 0, 1, toEnd: true))
            {
                messages++;
                var message = read.Message with { Acknowledge = tally.Acknowledge(read.Message.Position) };
                await pipeline.SubmitAsync(message, cancel).ConfigureAwait(false);
            }
        }
        catch (DataFileException e)
        {
            fileError = e.Message;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            fileError = $"{path}: {e.Message}";
        }
        await pipeline.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        return tally.Report(path, source, messages, fileError);
    }

    private sealed class Tally(int maxErrors)
    {
        private readonly Lock _gate = new();
        private readonly List<FileIngestError> _errors = [];
        private long _applied, _duplicates, _dead;

        public Func<IngestResult, ValueTask> Acknowledge(string position) => result =>
        {
            lock (_gate)
            {
                switch (result.Status)
                {
                    case IngestStatus.Applied:
                        _applied++;
                        break;
                    case IngestStatus.Duplicate:
                        _duplicates++;
                        break;
                    default:
                        _dead++;
                        if (_errors.Count < maxErrors) _errors.Add(new FileIngestError(position, result.Reason ?? "dead-lettered"));
                        break;
                }
            }
            return ValueTask.CompletedTask;
        };

        public FileIngestReport Report(string path, string source, long messages, string? fileError)
        {
            lock (_gate) return new FileIngestReport(path, source, messages, _applied, _duplicates, _dead, [.. _errors], fileError);
        }
    }
}
