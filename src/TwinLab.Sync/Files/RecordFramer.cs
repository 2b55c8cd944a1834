namespace TwinLab.Sync.Files;

/// <summary>One record of a data file: its bytes (without the line break), where it starts and ends, and its first line.</summary>
internal readonly record struct FramedRecord(ReadOnlyMemory<byte> Bytes, long Start, long End, long Line);

/// <summary>
/// Splits a file into records by line breaks, from a byte offset, tracking the exact offset after each record so a reader
/// can resume there. For CSV a quoted field may hold line breaks: the record then runs on until its quotes balance.
/// </summary>
/// <remarks>Only complete records (ending in a line break) are returned unless <c>toEnd</c> is set: a file still being
/// written may end in half a line, which is read on a later pass. With <c>toEnd</c>, a quote left open at the end of the
/// file ends its record at the first line break, so one bad row cannot swallow the rows after it.</remarks>
internal static class RecordFramer
{
    private static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>The records of <paramref name="stream"/> from <paramref name="offset"/>, whose line number is <paramref name="line"/>.</summary>
    public static IEnumerable<FramedRecord> Read(Stream stream, long offset, long line, bool quoted, bool toEnd)
    {
        stream.Seek(offset, SeekOrigin.Begin);
        var buffer = new byte[64 * 1024];
        var filled = 0;
        var position = offset; // file offset of buffer[0]
        var eof = false;
        if (offset == 0)
        {
            filled = Fill(stream, buffer, 0, ref eof);
            if (filled >= 3 && buffer.AsSpan(0, 3).SequenceEqual(Bom))
            {
                Array.Copy(buffer, 3, buffer, 0, filled - 3);
                filled -= 3;
                position = 3;
            }
        }
        var start = 0;     // start of the current record in the buffer
        var scan = 0;      // where the search for its end goes on
        var quotes = 0;    // quote characters seen in the current record
        var lines = 0;     // line breaks inside the current record (quoted ones)
        while (true)
        {
            var newline = -1;
            for (var i = scan; i < filled; i++)
            {
                var b = buffer[i];
                if (quoted && b == (byte)'"') quotes++;
                else if (b == (byte)'\n')
                {
                    if (quoted && (quotes & 1) == 1)
                    {
                        lines++;
                        continue;
                    }
                    newline = i;
                    break;
                }
            }
            if (newline >= 0)
            {
                var end = newline;
                if (end > start && buffer[end - 1] == (byte)'\r') end--;
                var bytes = buffer.AsMemory(start, end - start).ToArray();
                yield return new FramedRecord(bytes, position + start, position + newline + 1, line);
                line += 1 + lines;
                start = newline + 1;
                scan = start;
                quotes = 0;
                lines = 0;
                continue;
            }
            scan = filled;
            if (eof && toEnd && quoted && (quotes & 1) == 1 && Array.IndexOf(buffer, (byte)'\n', start, filled - start) is var first and >= 0)
            {
                // A quote never closed: rather than let it swallow the rest of the file, its first line is a record of
                // its own (which will not parse, and is dead-lettered) and reading goes on at the next line.
                var end = first > start && buffer[first - 1] == (byte)'\r' ? first - 1 : first;
                yield return new FramedRecord(buffer.AsMemory(start, end - start).ToArray(), position + start, position + first + 1, line);
                line++;
                start = first + 1;
                scan = start;
                quotes = 0;
                lines = 0;
                continue;
            }
            if (eof)
            {
                if (toEnd && filled > start)
                {
                    var end = filled;
                    if (buffer[end - 1] == (byte)'\r') end--;
                    yield return new FramedRecord(buffer.AsMemory(start, end - start).ToArray(), position + start, position + filled, line);
                }
                yield break;
            }
            // Keep the unfinished record, make room, read more.
            if (start > 0)
            {
                Array.Copy(buffer, start, buffer, 0, filled - start);
                filled -= start;
                scan -= start;
                position += start;
                start = 0;
            }
            if (filled == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
            filled += Fill(stream, buffer, filled, ref eof);
        }
    }

    private static int Fill(Stream stream, byte[] buffer, int at, ref bool eof)
    {
        var total = 0;
        while (at + total < buffer.Length)
        {
            var n = stream.Read(buffer, at + total, buffer.Length - at - total);
            if (n == 0)
            {
                eof = true;
                break;
            }
            total += n;
        }
        return total;
    }
}
