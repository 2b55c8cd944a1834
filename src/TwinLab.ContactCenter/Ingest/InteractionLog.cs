using CsvHelper;
using TwinLab.ContactCenter.Data;
using TwinLab.Core.Errors;

namespace TwinLab.ContactCenter.Ingest;

/// <summary>
/// Reads and writes interaction logs: CSV files with one row per contact (arrival, channel, queue, wait, outcome,
/// agent, handle time, resolution, repeat, satisfaction) in our layout or another one described by a <see cref="ColumnMap"/>.
/// </summary>
/// <remarks>
/// Reading streams the file (twice when the day/month order has to be detected from the whole file) and keeps only
/// the accepted interactions. A row that cannot be read or contradicts itself is excluded and reported with its row
/// number and column; the rows accepted before and after it are kept.
/// </remarks>
public static class InteractionLog
{
    /// <summary>The columns <see cref="Write(IEnumerable{Interaction}, TextWriter)"/> writes, which <see cref="Read"/> finds without a map.</summary>
    public static IReadOnlyList<string> DefaultColumns { get; } =
        ["arrival", "channel", "queue", "wait_seconds", "outcome", "agent", "handle_seconds", "resolved", "repeat", "satisfaction"];

    /// <summary>Reads the log at <paramref name="path"/>.</summary>
    /// <param name="path">A CSV file (',', ';', tab or '|' separated, detected) with a header row.</param>
    /// <param name="map">Which columns hold which fields; null finds them by their usual names.</param>
    /// <param name="options">Date order, time zone, satisfaction scale and defaults; null for the defaults.</param>
    /// <exception cref="TwinLabException">The file cannot be opened, has no header, lacks a mapped column, or has no
    /// arrival or outcome column; the message lists the columns it has.</exception>
    public static ImportResult Read(string path, ColumnMap? map = null, ImportOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new TwinLabException(ErrorCodes.InvalidArgument, $"Interaction log '{path}' not found.");
        return ReadWith(o => CsvReader.FromFile(path, o, FileOptions.SequentialScan), path, map ?? ColumnMap.Default, options ?? new ImportOptions());
    }

    /// <summary>Writes <paramref name="interactions"/> in the default layout (<see cref="DefaultColumns"/>), '\n' line ends.</summary>
    public static void Write(IEnumerable<Interaction> interactions, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        ArgumentNullException.ThrowIfNull(writer);
        using var csv = CsvWriter.Create(writer, CsvWriterOptions.Default with { NewLine = "\n" }, leaveOpen: true);
        csv.WriteRecord([.. DefaultColumns]);
        foreach (var i in interactions) csv.WriteRecord(InteractionText.Fields(i));
    }

    /// <summary>Writes <paramref name="interactions"/> to a UTF-8 file (no byte-order mark) in the default layout.</summary>
    public static void Write(IEnumerable<Interaction> interactions, string path)
    {
        using var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(false));
        Write(interactions, writer);
    }

    /// <summary>The most columns a log may have: exports of contact-centre platforms have a few dozen.</summary>
    public const int MaxColumns = 1_000;

    internal static ImportResult ReadWith(Func<CsvReaderOptions, CsvReader> open, string source, ColumnMap map, ImportOptions options)
    {
        var notes = new List<string>();
        var csvOptions = CsvReaderOptions.Default with { TrimWhitespace = true, Separator = options.Separator };
        var order = options.DateOrder;
        if (order == DateOrder.Auto)
        {
            (order, var note) = DetectOrder(open(csvOptions), source, map);
            if (note is not null) notes.Add(note);
        }
        var malformed = new HashSet<long>();
        using var reader = open(csvOptions with { OnMalformedRecord = m => malformed.Add(m.RecordNumber) });
        var binding = HeaderBinding.Bind(Header(reader, source), map, source, notes);
        if (!binding.Has(LogField.Channel)) notes.Add($"no channel column: every contact is read as {options.DefaultChannel.ToString().ToLowerInvariant()}");
        if (!binding.Has(LogField.Queue)) notes.Add($"no queue column: every contact is in queue '{options.DefaultQueue}'");
        var rows = new RowLoop(binding, options, order);
        while (reader.Read())
        {
            var fields = new string[reader.FieldCount];
            for (var i = 0; i < fields.Length; i++) fields[i] = reader.GetString(i);
            // Records are counted with the header, so data row r is record r + 1.
            rows.Add((int)reader.RowNumber, fields, malformed.Remove(reader.RowNumber + 1));
        }
        return rows.Result(notes);
    }

    private static (DateOrder, string?) DetectOrder(CsvReader reader, string source, ColumnMap map)
    {
        using (reader)
        {
            var binding = HeaderBinding.Bind(Header(reader, source), map, source, []);
            var columns = LogFields.All.Where(f => LogFields.IsTime(f) && binding.Has(f)).Select(binding.Index).Distinct().ToArray();
            var detector = new DateOrderDetector();
            while (reader.Read())
                foreach (var c in columns)
                    if (c < reader.FieldCount) detector.Observe(reader.GetString(c));
            return detector.Decide();
        }
    }

    private static IReadOnlyList<string> Header(CsvReader reader, string source)
    {
        IReadOnlyList<string> header;
        try
        {
            header = reader.Headers;
        }
        catch (Exception e) when (e is CsvFormatException or IOException)
        {
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"{source}: cannot read the header row: {e.Message}");
        }
        if (header.Count == 0 || header.All(string.IsNullOrWhiteSpace))
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"{source}: the file is empty; expected a header row such as {string.Join(",", DefaultColumns)}.");
        // Found by fuzzing: a header of 40,000 empty columns made the import allocate hundreds of MB (every row is read
        // into that many fields, and unknown columns are compared with every field name for suggestions).
        if (header.Count > MaxColumns)
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"{source}: the header row has {header.Count:N0} columns; an interaction log has at most {MaxColumns:N0}.");
        return header;
    }
}
