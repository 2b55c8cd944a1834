using System.Security.Cryptography;
using System.Text;
using TwinLab.Sync.Ingest;
using TwinLab.Sync.Mapping;

namespace TwinLab.Sync.Files;

/// <summary>One message read from a data file, with the offset and line after it (where reading resumes).</summary>
internal readonly record struct FileMessage(InboundMessage Message, long End, long NextLine);

/// <summary>
/// Reads the messages of one CSV or NDJSON file from a byte offset: NDJSON lines as they are, CSV rows as JSON objects
/// of column to value (<see cref="CsvOptions"/>). A row that cannot be read (bad quotes, too many or too few fields) is
/// still returned, with <see cref="InboundMessage.Error"/> set, so it is dead-lettered and the file goes on.
/// </summary>
internal sealed class DataFileReader
{
    private readonly MessageMapping _mapping;
    private readonly string _source;
    private readonly TimeProvider _time;
    private readonly HashSet<string> _text;
    private string?[]? _columns;
    private long _dataStart;
    private long _dataLine = 1;
    private bool _headerRead;

    public DataFileReader(string path, DataFileFormat format, MessageMapping mapping, string source, TimeProvider time)
    {
        Path = path;
        FileName = System.IO.Path.GetFileName(path);
        Format = format;
        _mapping = mapping;
        _source = source;
        _time = time;
        _text = new HashSet<string>(mapping.Csv.Text, StringComparer.Ordinal);
        if (format == DataFileFormat.Csv && !mapping.Csv.Header)
            _columns = [.. mapping.Csv.Columns];
    }

    public string Path { get; }

    public string FileName { get; }

    public DataFileFormat Format { get; }

    /// <summary>The delimiter: the mapping's, or a tab for a <c>.tsv</c> file whose mapping kept the default comma.</summary>
    private string Delimiter =>
        _mapping.Csv.Delimiter == "," && System.IO.Path.GetExtension(Path).Equals(".tsv", StringComparison.OrdinalIgnoreCase) ? "\t" : _mapping.Csv.Delimiter;

    /// <summary>
    /// The messages from <paramref name="offset"/> (line <paramref name="line"/>); offset 0 reads the header (CSV) first.
    /// Stops at the last complete line unless <paramref name="toEnd"/>.
    /// </summary>
    /// <exception cref="DataFileException">The CSV header does not fit the mapping.</exception>
    public IEnumerable<FileMessage> Read(Stream stream, long offset, long line, bool toEnd)
    {
        if (Format == DataFileFormat.Csv)
        {
            if (!EnsureHeader(stream, toEnd)) yield break;
            if (offset < _dataStart)
            {
                offset = _dataStart;
                line = _dataLine;
            }
        }
        foreach (var record in RecordFramer.Read(stream, offset, line, Format == DataFileFormat.Csv, toEnd))
        {
            var next = record.Line + CountLines(record.Bytes.Span) + 1;
            if (IsBlank(record.Bytes.Span)) continue;
            yield return new FileMessage(Make(record), record.End, next);
        }
    }

    /// <summary>Reads the skipped lines and the header; <c>false</c> when the file does not hold them completely yet.</summary>
    private bool EnsureHeader(Stream stream, bool toEnd)
    {
        if (_headerRead) return true;
        var skip = _mapping.Csv.SkipLines;
        var needed = skip + (_mapping.Csv.Header ? 1 : 0);
        if (needed == 0) return _headerRead = true;
        var seen = 0;
        foreach (var record in RecordFramer.Read(stream, 0, 1, quoted: true, toEnd))
        {
            seen++;
            if (seen > skip)
            {
                var text = Encoding.UTF8.GetString(record.Bytes.Span);
                var header = CsvRecords.Split(text, Delimiter, out var problem)
                    ?? throw new DataFileException(Path, record.Line, $"the header row cannot be read: {problem}");
                _columns = Columns(header, record.Line);
            }
            if (seen < needed) continue;
            _dataStart = record.End;
            _dataLine = record.Line + CountLines(record.Bytes.Span) + 1;
            return _headerRead = true;
        }
        return false;
    }

    private string?[] Columns(List<string> header, long line)
    {
        var names = header.Select(h => h.Trim()).ToList();
        var duplicate = names.Where(n => n.Length > 0).GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new DataFileException(Path, line, $"the header names the column '{duplicate.Key}' twice");
        var keep = _mapping.Csv.Columns;
        if (keep.Count == 0) return [.. names.Select(n => n.Length == 0 ? null : n)];
        foreach (var wanted in keep)
            if (!names.Contains(wanted, StringComparer.Ordinal))
                throw new DataFileException(Path, line, $"the header has no column '{wanted}' (the mapping's csv.columns); it has: {string.Join(", ", names)}");
        return [.. names.Select(n => keep.Contains(n, StringComparer.Ordinal) ? n : null)];
    }

    private InboundMessage Make(FramedRecord record)
    {
        var position = $"{FileName}:{record.Line}";
        var topic = _mapping.Topic ?? FileName;
        var key = _mapping.DefinesKeys ? null : $"{FileName}:{Hash(record.Bytes.Span)}";
        var received = _time.GetUtcNow();
        if (Format == DataFileFormat.Ndjson)
            return new InboundMessage(_source, topic, record.Bytes, position, received) { Key = key };

        var text = Encoding.UTF8.GetString(record.Bytes.Span);
        var fields = CsvRecords.Split(text, Delimiter, out var problem);
        string? error = null;
        if (fields is null) error = $"the row cannot be read: {problem}";
        else if (fields.Count != _columns!.Length)
            error = $"the row has {fields.Count} field{(fields.Count == 1 ? "" : "s")}, but {(_mapping.Csv.Header ? "the header names" : "csv.columns names")} {_columns.Length}";
        var payload = error is null ? CsvRecords.ToJson(_columns!, fields!, _text) : record.Bytes.ToArray();
        return new InboundMessage(_source, topic, payload, position, received) { Key = key, Error = error };
    }

    private static string Hash(ReadOnlySpan<byte> bytes)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(bytes, hash);
        return Convert.ToHexStringLower(hash[..16]);
    }

    private static int CountLines(ReadOnlySpan<byte> bytes) => bytes.Count((byte)'\n');

    private static bool IsBlank(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) return false;
        return true;
    }
}
