using System.Text;
using CsCheck;

namespace TwinLab.Fuzz.Tests.Harness;

/// <summary>
/// Blind, shrinkable mutation of valid inputs: a seed and one to six <see cref="Edit"/>s. CsCheck shrinks a failure to
/// fewer and smaller edits, so the reported input stays close to the seed.
/// </summary>
internal static class TextMutator
{
    /// <summary>The longest text an edit may produce (repeats stop growing past it).</summary>
    public const int MaxLength = 256 * 1024;

    /// <summary>Characters a <see cref="EditKind.ReplaceChar"/> writes.</summary>
    private const string AwkwardChars = "\"'\\\0\uFEFF\uD800\uDC00\uFFFF\u202E\u00A0\u0085\u2028{}[]<>&;:,|#-*!%$=@~?()\t\r\n 0é€😀";

    private static readonly string[] LineBreaks = ["\n", "\r\n", "\r", "\u2028", "\u0085", "\n\n\n"];

    /// <summary>Random edits: mostly one or two characters' worth, sometimes long repeats.</summary>
    public static readonly Gen<Edit> Edits = Gen.Select(
        Gen.Enum<EditKind>(),
        Gen.Int[0, 1 << 20],
        Gen.Frequency((6, Gen.Int[0, 8]), (2, Gen.Int[9, 64])),
        Gen.Int[0, 1 << 16],
        Gen.Frequency((8, Gen.Int[1, 4]), (2, Gen.Int[5, 200]), (1, Gen.Int[201, 20_000])),
        (kind, at, length, pick, times) => new Edit(kind, at, length, pick, times));

    /// <summary>Seeds mutated by one to six edits using <paramref name="tokens"/>.</summary>
    public static Gen<string> Mutate(IReadOnlyList<string> seeds, IReadOnlyList<string> tokens) =>
        Gen.Select(Gen.Int[0, seeds.Count - 1], Edits.Array[1, 6], (seed, edits) =>
        {
            var text = seeds[seed];
            foreach (var edit in edits) text = Apply(text, edit, tokens, seeds);
            return text;
        });

    /// <summary>Applies one edit.</summary>
    public static string Apply(string text, Edit edit, IReadOnlyList<string> tokens, IReadOnlyList<string> seeds)
    {
        var at = edit.At % (text.Length + 1);
        var length = Math.Min(edit.Length, text.Length - at);
        switch (edit.Kind)
        {
            case EditKind.ReplaceChar when text.Length > 0:
                var i = edit.At % text.Length;
                return string.Concat(text.AsSpan(0, i), AwkwardChars[edit.Pick % AwkwardChars.Length].ToString(), text.AsSpan(i + 1));
            case EditKind.InsertToken:
                return text.Insert(at, tokens[edit.Pick % tokens.Count]);
            case EditKind.DeleteRange:
                return text.Remove(at, Math.Max(length, Math.Min(1, text.Length - at)));
            case EditKind.DuplicateRange:
                return text.Insert(edit.Pick % (text.Length + 1), text.Substring(at, length));
            case EditKind.SpliceOther:
                var other = seeds[edit.Pick % seeds.Count];
                var from = edit.At % (other.Length + 1);
                return text.Insert(at, other.Substring(from, Math.Min(other.Length - from, edit.Length * 8)));
            case EditKind.Truncate:
                return text[..at];
            case EditKind.RepeatRange:
                var unit = length > 0 ? text.Substring(at, length) : tokens[edit.Pick % tokens.Count];
                if (unit.Length == 0) return text;
                var copies = Math.Min(edit.Times, Math.Max(1, (MaxLength - text.Length) / unit.Length));
                return text.Insert(at, new StringBuilder(unit.Length * copies).Insert(0, unit, copies).ToString());
            case EditKind.InsertLineBreak:
                return text.Insert(at, LineBreaks[edit.Pick % LineBreaks.Length]);
            case EditKind.SwapLines:
                var lines = text.Split('\n');
                if (lines.Length < 2) return text;
                var a = edit.At % lines.Length;
                var b = edit.Pick % lines.Length;
                (lines[a], lines[b]) = (lines[b], lines[a]);
                return string.Join('\n', lines);
            default:
                return text;
        }
    }
}
