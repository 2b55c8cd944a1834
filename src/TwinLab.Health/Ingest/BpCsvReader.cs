using System.Globalization;
using CsvHelper;
using TwinLab.Health.Patients;

namespace TwinLab.Health.Ingest;

/// <summary>
/// Reads a home-monitor CSV export (see <see cref="BpColumns"/> for the layouts): separator <c>,</c>, <c>;</c> or tab
/// (taken from the header line), decimal comma tolerated, dates as <see cref="ReadingTime"/> reads them with the
/// day/month order detected from the file. Rows that cannot be read become <see cref="ImportProblem"/>s naming the row
/// (the line number in the file, the header being row 1).
/// </summary>
internal static class BpCsvReader
{
    /// <summary>Reads a file from disk.</summary>
    /// <exception cref="HealthInputException">The file is missing, empty, lacks a needed column, or its date order is undecided.</exception>
    public static BpCsvFile Read(string path, HealthImportOptions options)
    {
        if (!File.Exists(path)) throw new HealthInputException(path, 1, 1, "", "the file does not exist");
        return Parse(File.ReadAllText(path), path, options);
    }

    /// <summary>Reads CSV text.</summary>
    /// <param name="text">The file's content.</param>
    /// <param name="file">Its name for messages and sources.</param>
    /// <param name="options">Time zone, date order and setting.</param>
    public static BpCsvFile Parse(string text, string file, HealthImportOptions options)
    {
        var firstLine = text.TrimStart('\uFEFF').Split('\n', 2)[0];
        if (firstLine.Trim().Length == 0) throw new HealthInputException(file, 1, 1, "", "the file is empty; expected a header such as 'timestamp,systolic,diastolic,pulse'");
        var options0 = CsvReaderOptions.Default with { TrimWhitespace = true, Separator = Delimiter(firstLine), TrackLineNumbers = true };
        var rows = new List<(int Row, string[] Fields)>();
        string[] header;
        using (var csv = CsvReader.FromText(text.TrimStart('\uFEFF'), options0))
        {
            try
            {
                header = [.. csv.Headers];
                while (csv.Read())
                {
                    var fields = new string[csv.FieldCount];
                    for (var i = 0; i < fields.Length; i++) fields[i] = csv.GetString(i);
                    rows.Add(((int)csv.LineNumber, fields));
                }
            }
            catch (CsvFormatException e)
            {
                throw new HealthInputException(file, rows.Count + 2, 1, "", $"not a readable CSV file: {e.Message}");
            }
        }
        if (header.Length == 0 || header.All(string.IsNullOrWhiteSpace)) throw new HealthInputException(file, 1, 1, "", "no header row");
        var columns = BpColumns.Bind(header, file);
        var notes = new List<string>();
        var order = DecideOrder(rows, columns, file, options, notes);
        var problems = new List<ImportProblem>();
        var readings = new List<CandidateReading>();
        foreach (var (row, fields) in rows)
        {
            var location = $"row {row}";
            if (fields.All(f => f.Trim().Length == 0)) continue;
            if (!TryRow(fields, columns, header, order, options, out var reading, out var problem))
            {
                problems.Add(new ImportProblem(file, location, problem));
                continue;
            }
            readings.Add(new CandidateReading(reading with { Source = $"{file}:{row}" }, file, location));
        }
        return new BpCsvFile(readings, problems, notes, rows.Count);
    }

    private static bool TryRow(string[] fields, BpColumns c, string[] header, DateOrder? order, HealthImportOptions options, out BpReading reading, out string problem)
    {
        reading = null!;
        string Cell(int i) => i >= 0 && i < fields.Length ? fields[i].Trim() : "";
        var when = Cell(c.Timestamp);
        if (c.Time >= 0 && Cell(c.Time).Length > 0) when = $"{when} {Cell(c.Time)}";
        if (!ReadingTime.TryParse(when, order, options.TimeZone, out var time, out problem)) return false;
        if (!TryNumber(Cell(c.Systolic), header[c.Systolic], out var sys, out problem)) return false;
        if (!TryNumber(Cell(c.Diastolic), header[c.Diastolic], out var dia, out problem)) return false;
        double? pulse = null;
        if (c.Pulse >= 0 && Cell(c.Pulse).Length > 0)
        {
            if (!TryNumber(Cell(c.Pulse), header[c.Pulse], out var p, out problem)) return false;
            pulse = p;
        }
        reading = new BpReading(time, sys, dia, pulse, options.CsvSetting, "");
        return true;
    }

    /// <summary>A number, with a decimal point or a decimal comma.</summary>
    private static bool TryNumber(string text, string column, out double value, out string problem)
    {
        problem = "";
        if (text.Length == 0) { value = 0; problem = $"{column} is empty"; return false; }
        var t = text.Contains('.', StringComparison.Ordinal) ? text : text.Replace(',', '.');
        if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value)) return true;
        problem = $"{column} '{text}' is not a number";
        return false;
    }

    /// <summary>The separator the header line uses most: ',', ';' or tab.</summary>
    private static char Delimiter(string headerLine)
    {
        var counts = new[] { ',', ';', '\t' }.Select(d => (d, n: headerLine.Count(ch => ch == d))).OrderByDescending(x => x.n).First();
        return counts.n == 0 ? ',' : counts.d;
    }

    /// <summary>
    /// The day/month order for the file: the option when given; else the order every unambiguous date (a number above 12)
    /// agrees on; else an error naming an ambiguous date. Files without numeric dates need no order.
    /// </summary>
    private static DateOrder? DecideOrder(List<(int Row, string[] Fields)> rows, BpColumns c, string file, HealthImportOptions options, List<string> notes)
    {
        if (options.DateOrder is { } given) return given;
        int dayFirst = 0, monthFirst = 0, numeric = 0;
        (int Row, string Text)? ambiguous = null, firstDay = null, firstMonth = null;
        foreach (var (row, fields) in rows)
        {
            if (c.Timestamp >= fields.Length || !ReadingTime.TryNumericDateParts(fields[c.Timestamp], out var a, out var b)) continue;
            numeric++;
            if (a > 12 && b <= 12) { dayFirst++; firstDay ??= (row, fields[c.Timestamp]); }
            else if (b > 12 && a <= 12) { monthFirst++; firstMonth ??= (row, fields[c.Timestamp]); }
            else if (a != b) ambiguous ??= (row, fields[c.Timestamp]);
        }
        if (numeric == 0) return null;
        if (dayFirst > 0 && monthFirst > 0)
            throw new HealthInputException(file, firstMonth!.Value.Row, c.Timestamp + 1, "date",
                $"the dates disagree about day/month order: '{firstDay!.Value.Text}' (row {firstDay.Value.Row}) is day first, '{firstMonth.Value.Text}' (row {firstMonth.Value.Row}) month first; give the date order (day-first or month-first)");
        if (dayFirst > 0) { notes.Add($"{file}: dates read day first (dd/MM/yyyy): {dayFirst} dates have a first number above 12"); return DateOrder.DayFirst; }
        if (monthFirst > 0) { notes.Add($"{file}: dates read month first (MM/dd/yyyy): {monthFirst} dates have a second number above 12"); return DateOrder.MonthFirst; }
        if (ambiguous is null) return DateOrder.DayFirst;
        throw new HealthInputException(file, ambiguous.Value.Row, c.Timestamp + 1, "date",
            $"the day/month order cannot be told from the file: '{ambiguous.Value.Text}' (row {ambiguous.Value.Row}) could be either, and no date has a number above 12; give the date order (day-first or month-first)");
    }
}
