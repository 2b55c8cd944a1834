using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using TwinLab.Sync.Mapping;

namespace TwinLab.Sync.Files;

/// <summary>
/// CSV records as RFC 4180 has them (fields separated by the delimiter, optionally in double quotes, <c>""</c> for a quote
/// inside), and rows turned into the JSON objects a mapping reads.
/// </summary>
internal static class CsvRecords
{
    /// <summary>The fields of a record, or <c>null</c> with the problem when its quotes do not close.</summary>
    public static List<string>? Split(string record, string delimiter, out string? problem)
    {
        problem = null;
        var fields = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (true)
        {
            field.Clear();
            if (i < record.Length && record[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= record.Length)
                    {
                        problem = $"field {fields.Count + 1} opens a quote that is never closed";
                        return null;
                    }
                    if (record[i] == '"')
                    {
                        if (i + 1 < record.Length && record[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    field.Append(record[i++]);
                }
                // Tolerate spaces between the closing quote and the delimiter; anything else is malformed.
                while (i < record.Length && record[i] == ' ' && !IsAt(record, i, delimiter)) i++;
                if (i < record.Length && !IsAt(record, i, delimiter))
                {
                    problem = $"field {fields.Count + 1} has text after its closing quote";
                    return null;
                }
            }
            else
            {
                var next = record.IndexOf(delimiter, i, StringComparison.Ordinal);
                var end = next < 0 ? record.Length : next;
                field.Append(record, i, end - i);
                i = end;
            }
            fields.Add(field.ToString());
            if (i >= record.Length) return fields;
            i += delimiter.Length;
            if (i == record.Length)
            {
                fields.Add("");
                return fields;
            }
        }
    }

    private static bool IsAt(string text, int index, string delimiter) =>
        string.CompareOrdinal(text, index, delimiter, 0, delimiter.Length) == 0;

    /// <summary>
    /// A row as a JSON object of column to value: numbers (invariant culture) become JSON numbers, except in the
    /// <see cref="CsvOptions.Text"/> columns and when written with a leading zero (<c>007</c>); empty cells are left out.
    /// </summary>
    /// <param name="columns">The name of each column, <c>null</c> for a column that is not kept.</param>
    /// <param name="fields">The row's fields.</param>
    /// <param name="text">Which columns stay text.</param>
    public static byte[] ToJson(IReadOnlyList<string?> columns, IReadOnlyList<string> fields, ISet<string> text)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            for (var i = 0; i < fields.Count && i < columns.Count; i++)
            {
                if (columns[i] is not { } name) continue;
                var value = fields[i].Trim();
                if (value.Length == 0) continue;
                writer.WritePropertyName(name);
                if (!text.Contains(name) && IsNumber(value, out var number))
                {
                    if (IsJsonNumber(value)) writer.WriteRawValue(value, skipInputValidation: true);
                    else writer.WriteNumberValue(number);
                }
                else writer.WriteStringValue(value);
            }
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static bool IsNumber(string value, out double number)
    {
        number = 0;
        // An id such as 007 or 0042 keeps its zeros as text; 0, 0.5 and 0e3 are numbers.
        var digits = value.StartsWith('-') || value.StartsWith('+') ? value.AsSpan(1) : value.AsSpan();
        if (digits.Length > 1 && digits[0] == '0' && char.IsAsciiDigit(digits[1])) return false;
        return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out number) && double.IsFinite(number);
    }

    /// <summary>Whether the text is already a JSON number (so it can be written exactly as it is).</summary>
    private static bool IsJsonNumber(string value)
    {
        var i = 0;
        if (i < value.Length && value[i] == '-') i++;
        if (i >= value.Length || !char.IsAsciiDigit(value[i])) return false;
        if (value[i] == '0') i++;
        else while (i < value.Length && char.IsAsciiDigit(value[i])) i++;
        if (i < value.Length && value[i] == '.')
        {
            i++;
            if (i >= value.Length || !char.IsAsciiDigit(value[i])) return false;
            while (i < value.Length && char.IsAsciiDigit(value[i])) i++;
        }
        if (i < value.Length && (value[i] == 'e' || value[i] == 'E'))
        {
            i++;
            if (i < value.Length && (value[i] == '+' || value[i] == '-')) i++;
            if (i >= value.Length || !char.IsAsciiDigit(value[i])) return false;
            while (i < value.Length && char.IsAsciiDigit(value[i])) i++;
        }
        return i == value.Length;
    }
}
