using System.Globalization;
using System.Text;

namespace TwinLab.Network.Vulnerabilities;

/// <summary>The character rules of CPE values (NISTIR 7695 §5.3.2, §6.1, §6.2) in the formatted-string form that
/// <see cref="Cpe"/> keeps.</summary>
internal static class CpeText
{
    internal enum Relation { Match, Possible, NoMatch }

    internal static readonly string[] Names =
        ["part", "vendor", "product", "version", "update", "edition", "language", "sw_edition", "target_sw", "target_hw", "other"];

    private readonly record struct Token(char Char, bool Wildcard);

    /// <summary>Letters, digits and '_' are never escaped; '.' and '-' need no escape in formatted strings (§6.2.2.2).</summary>
    private static bool Plain(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '.' or '-';

    /// <summary>Normalises a value written as in a formatted string; see <see cref="Cpe"/>.</summary>
    internal static string Normalize(string value, string attribute, string text)
    {
        if (value.Length == 0 || value == Cpe.Any) return Cpe.Any;
        if (value == Cpe.NotApplicable) return Cpe.NotApplicable;
        var tokens = new List<Token>(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = char.ToLowerInvariant(value[i]);
            if (c == '\\')
            {
                if (i + 1 >= value.Length) throw new CpeFormatException(text, $"{attribute} '{value}' ends with a lone backslash");
                var next = char.ToLowerInvariant(value[++i]);
                CheckPrintable(next, attribute, value, text);
                tokens.Add(new Token(next, false));
            }
            else if (c is '*' or '?')
            {
                tokens.Add(new Token(c, true));
            }
            else
            {
                CheckPrintable(c, attribute, value, text);
                tokens.Add(new Token(c, false));
            }
        }
        CheckWildcards(tokens, attribute, value, text);
        return Render(tokens);
    }

    /// <summary>Decodes one component of a CPE 2.2 URI (NISTIR 7695 §6.1.3.2, "decode").</summary>
    internal static string DecodeUri(string component, string attribute, string text)
    {
        if (component.Length == 0) return Cpe.Any;
        if (component == "-") return Cpe.NotApplicable;
        var tokens = new List<Token>(component.Length);
        for (var i = 0; i < component.Length; i++)
        {
            var c = char.ToLowerInvariant(component[i]);
            if (c != '%')
            {
                CheckPrintable(c, attribute, component, text);
                tokens.Add(new Token(c, false));
                continue;
            }
            if (i + 2 >= component.Length || !byte.TryParse(component.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
                throw new CpeFormatException(text, $"{attribute} '{component}' has a bad percent escape at {i + 1}");
            i += 2;
            // %01 and %02 are the URI spellings of the wildcards '?' and '*' (§6.1.3.2).
            if (code == 1) tokens.Add(new Token('?', true));
            else if (code == 2) tokens.Add(new Token('*', true));
            else
            {
                var d = char.ToLowerInvariant((char)code);
                if (code is < 0x21 or > 0x7e || char.IsAsciiLetterOrDigit(d))
                    throw new CpeFormatException(text, $"{attribute} '{component}': %{code:x2} is not one of the percent-encoded punctuation characters of CPE 2.2");
                tokens.Add(new Token(d, false));
            }
        }
        CheckWildcards(tokens, attribute, component, text);
        return Render(tokens);
    }

    /// <summary>Encodes a value as a CPE 2.2 URI component (§6.1.2.3).</summary>
    internal static string EncodeUri(string value)
    {
        if (value == Cpe.Any) return "";
        if (value == Cpe.NotApplicable) return "-";
        var sb = new StringBuilder();
        foreach (var t in Tokens(value))
        {
            if (t.Wildcard) sb.Append(t.Char == '*' ? "%02" : "%01");
            else if (Plain(t.Char)) sb.Append(t.Char);
            else sb.Append('%').Append(((int)t.Char).ToString("x2", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }

    /// <summary>Splits a formatted string at its unescaped colons, starting at <paramref name="start"/>.</summary>
    internal static List<string> SplitFormatted(string text, int start)
    {
        var fields = new List<string>(11);
        var sb = new StringBuilder();
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length)
            {
                sb.Append(c).Append(text[++i]);
            }
            else if (c == ':')
            {
                fields.Add(sb.ToString());
                sb.Clear();
            }
            else sb.Append(c);
        }
        fields.Add(sb.ToString());
        return fields;
    }

    internal static bool HasWildcard(string value) => value is not (Cpe.Any or Cpe.NotApplicable) && Tokens(value).Any(t => t.Wildcard);

    internal static string Unescape(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var t in Tokens(value)) sb.Append(t.Char);
        return sb.ToString();
    }

    /// <summary>How a criteria value relates to a target value: a match, a possible match (the target is ANY where the
    /// criteria is specific) or no match. Follows NISTIR 7696 Table 6-2, reading SUPERSET/EQUAL as a match and SUBSET
    /// (target ANY) as possible.</summary>
    internal static Relation Compare(string criteria, string target)
    {
        if (criteria == Cpe.Any) return Relation.Match;
        if (target == Cpe.Any) return Relation.Possible;
        if (criteria == Cpe.NotApplicable) return target == Cpe.NotApplicable ? Relation.Match : Relation.NoMatch;
        if (target == Cpe.NotApplicable) return Relation.NoMatch;
        if (criteria == target) return Relation.Match;
        var t = Tokens(target);
        if (t.Any(x => x.Wildcard)) return Relation.NoMatch;
        return Glob(Tokens(criteria), t) ? Relation.Match : Relation.NoMatch;
    }

    private static bool Glob(List<Token> pattern, List<Token> text)
    {
        // Iterative glob with backtracking to the last '*': '*' matches any run, '?' exactly one character.
        int p = 0, s = 0, star = -1, mark = 0;
        while (s < text.Count)
        {
            if (p < pattern.Count && pattern[p].Wildcard && pattern[p].Char == '*')
            {
                star = p++;
                mark = s;
            }
            else if (p < pattern.Count && ((pattern[p].Wildcard && pattern[p].Char == '?') || (!pattern[p].Wildcard && pattern[p].Char == text[s].Char)))
            {
                p++;
                s++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                s = ++mark;
            }
            else return false;
        }
        while (p < pattern.Count && pattern[p].Wildcard && pattern[p].Char == '*') p++;
        return p == pattern.Count;
    }

    private static List<Token> Tokens(string value)
    {
        var tokens = new List<Token>(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length) tokens.Add(new Token(value[++i], false));
            else tokens.Add(new Token(value[i], value[i] is '*' or '?'));
        }
        return tokens;
    }

    private static string Render(List<Token> tokens)
    {
        if (tokens.Count == 1 && !tokens[0].Wildcard && tokens[0].Char == '-') return "\\-"; // a literal lone hyphen is not NA
        var sb = new StringBuilder(tokens.Count + 4);
        foreach (var t in tokens)
        {
            if (!t.Wildcard && !Plain(t.Char)) sb.Append('\\');
            sb.Append(t.Char);
        }
        return sb.ToString();
    }

    private static void CheckPrintable(char c, string attribute, string value, string text)
    {
        if (c is < '!' or > '~') throw new CpeFormatException(text, $"{attribute} '{value}' contains a character that is not printable ASCII (U+{(int)c:X4})");
    }

    /// <summary>Wildcards may only lead or trail a value: one '*', or a run of '?' (NISTIR 7695 §5.3.2).</summary>
    private static void CheckWildcards(List<Token> tokens, string attribute, string value, string text)
    {
        var lead = 0;
        while (lead < tokens.Count && tokens[lead].Wildcard) lead++;
        if (lead == tokens.Count) { CheckRun(tokens, 0, tokens.Count, attribute, value, text); return; }
        var trail = tokens.Count;
        while (trail > lead && tokens[trail - 1].Wildcard) trail--;
        for (var i = lead; i < trail; i++)
            if (tokens[i].Wildcard) throw new CpeFormatException(text, $"{attribute} '{value}': an unescaped '{tokens[i].Char}' may only begin or end a value");
        CheckRun(tokens, 0, lead, attribute, value, text);
        CheckRun(tokens, trail, tokens.Count, attribute, value, text);
    }

    private static void CheckRun(List<Token> tokens, int from, int to, string attribute, string value, string text)
    {
        var stars = 0;
        var questions = 0;
        for (var i = from; i < to; i++)
            if (tokens[i].Char == '*') stars++; else questions++;
        if (stars > 1 || (stars == 1 && questions > 0))
            throw new CpeFormatException(text, $"{attribute} '{value}': wildcards at one end must be a single '*' or a run of '?'");
    }
}
