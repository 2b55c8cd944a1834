namespace TwinLab.Sync.Files;

/// <summary>What a <see cref="FolderSource"/> watches and how.</summary>
public sealed record FolderSourceOptions
{
    /// <summary>The folder (only files directly in it are read).</summary>
    public required string Folder { get; init; }

    /// <summary>Which files: <c>*</c>, <c>?</c> and <c>{a,b}</c> alternatives, case-insensitive.</summary>
    public string Glob { get; init; } = "*.{csv,tsv,ndjson,jsonl}";

    /// <summary>The source name counters, dead letters, keys and checkpoints are kept under; <c>folder:NAME</c> when <c>null</c>.</summary>
    public string? Source { get; init; }

    /// <summary><c>csv</c> or <c>ndjson</c>; by the mapping's <c>format</c> or each file's extension when <c>null</c>.</summary>
    public string? Format { get; init; }

    /// <summary>Where files go once read completely and settled (absolute, or relative to <see cref="Folder"/>, such as
    /// <c>done</c>); <c>null</c> leaves them, their checkpoint remembering how far they were read.</summary>
    public string? DoneFolder { get; init; }

    /// <summary>How often the folder is looked at.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a file must stay unchanged before it counts as finished: its last line is read even without a
    /// final line break, and it is moved to <see cref="DoneFolder"/>.</summary>
    public TimeSpan SettleTime { get; init; } = TimeSpan.FromSeconds(10);
}

/// <summary>How a <see cref="FolderSource"/> is doing.</summary>
/// <param name="State"><c>stopped</c>, <c>running</c> or <c>failing</c> (the last pass could not read the folder).</param>
/// <param name="Files">Files being followed now.</param>
/// <param name="FilesDone">Files read completely and settled (moved when a done folder is set).</param>
/// <param name="Messages">Rows and lines handed to the sink.</param>
/// <param name="Errors">Files (or passes) that failed: an unreadable file, a header that does not fit the mapping.</param>
/// <param name="LastError">The last of those, or <c>null</c>.</param>
/// <param name="LastErrorTime">When, or <c>null</c>.</param>
public sealed record FolderSourceCounters(string State, int Files, long FilesDone, long Messages, long Errors, string? LastError, DateTimeOffset? LastErrorTime);
