using CsCheck;

namespace TwinLab.Fuzz.Tests.Harness;

/// <summary>
/// Structure-aware CSV mutation: one field of one line of a valid seed (often the header) is replaced by a hostile
/// field — an unclosed or doubled quote, a quoted line break, a long field, many empty columns, a formula, an odd number
/// or date — or a line is repeated many times.
/// </summary>
internal static class CsvHostile
{
    /// <summary>Hostile CSV fields.</summary>
    public static readonly Gen<string> Fields = Gen.Frequency(
        (1, Gen.Int[1_000, 200_000].Select(n => new string('x', n))),
        (1, Gen.Int[100, 50_000].Select(n => new string(',', n))),
        (1, Gen.Int[100, 50_000].Select(n => "\"" + new string('"', n))),
        (8, Gen.OneOf(
            "\"unclosed", "\"a\"\"b\"", "\"line\nbreak\"", "\"line\r\nbreak\"", "a\"b", "\"\"", "", " ", "\t", "=cmd|' /C calc'!A0",
            "@SUM(1)", "+1", "-1", "0", "NaN", "Infinity", "-Infinity", "1e309", "9223372036854775808", "-0", "1,5", "1.5.5",
            "2024-02-30", "2024-13-01 25:61", "31/12/2024", "12/31/2024", "0000-00-00T00:00:00", "9999-12-31T23:59:59+14:00",
            "\uFEFF", "\uD800", "\0", "😀", "é", "yes", "no", "true", "null", "N/A", "-", "arrival", "outcome", "systolic",
            "diastolic", "timestamp", "twin", "value", ";", "|", "\r", "\n")));

    /// <summary>A seed with one field replaced, or one line repeated.</summary>
    public static Gen<string> Mutate(IReadOnlyList<string> seeds) =>
        Gen.Select(Gen.Int[0, seeds.Count - 1], Gen.Frequency((1, Gen.Const(0)), (2, Gen.Int[0, 1 << 16])), Gen.Int[0, 1 << 16], Fields, Gen.Int[0, 6],
            (seed, line, field, value, mode) => Replace(seeds[seed], line, field, value, repeat: mode == 0 ? 1 + field % 20_000 : 0));

    /// <summary>Replaces field <paramref name="field"/> of line <paramref name="line"/> (both modulo their counts).</summary>
    public static string Replace(string seed, int line, int field, string value, int repeat)
    {
        var lines = seed.Split('\n').ToList();
        var at = line % lines.Count;
        if (repeat > 0)
        {
            lines.InsertRange(at, Enumerable.Repeat(lines[at], Math.Min(repeat, TextMutator.MaxLength / Math.Max(1, lines[at].Length + 1))));
            return string.Join('\n', lines);
        }
        var separator = new[] { ',', ';', '\t', '|' }.FirstOrDefault(c => lines[at].Contains(c), ',');
        var fields = lines[at].Split(separator);
        fields[field % fields.Length] = value;
        lines[at] = string.Join(separator, fields);
        return string.Join('\n', lines);
    }
}
