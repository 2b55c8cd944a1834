using System.Globalization;
using System.Text;

namespace TwinLab.Core.Query;

/// <summary>Kinds of query tokens. Keywords are identifiers; the parser recognises them case-insensitively.</summary>
internal enum TokenKind
{
    /// <summary>End of the query text.</summary>
    End,
    /// <summary>A name: letters, digits, <c>_</c>, <c>$</c> (not starting with a digit).</summary>
    Identifier,
    /// <summary>A quoted string; <see cref="Token.Value"/> holds the unescaped text.</summary>
    String,
    /// <summary>A number; <see cref="Token.Number"/> holds its value.</summary>
    Number,
    LeftParen,
    RightParen,
    LeftBracket,
    RightBracket,
    Comma,
    Dot,
    DotDot,
    Star,
    Colon,
    Pipe,
    Minus,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

/// <summary>One token with its 0-based position in the query text.</summary>
internal readonly record struct Token(TokenKind Kind, int Position, string Text, string Value, double Number)
{
    /// <summary>Whether this token is the identifier <paramref name="keyword"/> (case-insensitive).</summary>
    public bool Is(string keyword) => Kind == TokenKind.Identifier && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);

    /// <summary>How the token is quoted in error messages.</summary>
    public string Describe() => Kind == TokenKind.End ? "end of query" : $"'{Text}'";
}

/// <summary>Splits query text into tokens.</summary>
internal static class QueryLexer
{
    /// <summary>Tokenizes the whole text; the last token is <see cref="TokenKind.End"/>.</summary>
    /// <exception cref="QuerySyntaxException">An unterminated string, a bad escape, or a character that starts no token.</exception>
    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>(Math.Max(8, text.Length / 4));
        var i = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            if (i >= text.Length)
            {
                tokens.Add(new Token(TokenKind.End, text.Length, "", "", 0));
                return tokens;
            }
            var start = i;
            var c = text[i];
            if (char.IsLetter(c) || c == '_' || c == '$')
            {
                i++;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_' || text[i] == '$')) i++;
                var word = text[start..i];
                tokens.Add(new Token(TokenKind.Identifier, start, word, word, 0));
                continue;
            }
            if (char.IsAsciiDigit(c))
            {
                tokens.Add(ReadNumber(text, ref i));
                continue;
            }
            if (c is '\'' or '"')
            {
                tokens.Add(ReadString(text, ref i));
                continue;
            }
            var next = i + 1 < text.Length ? text[i + 1] : '\0';
            (TokenKind kind, int length) = c switch
            {
                '(' => (TokenKind.LeftParen, 1),
                ')' => (TokenKind.RightParen, 1),
                '[' => (TokenKind.LeftBracket, 1),
                ']' => (TokenKind.RightBracket, 1),
                ',' => (TokenKind.Comma, 1),
                '.' when next == '.' => (TokenKind.DotDot, 2),
                '.' => (TokenKind.Dot, 1),
                '*' => (TokenKind.Star, 1),
                ':' => (TokenKind.Colon, 1),
                '|' => (TokenKind.Pipe, 1),
                '-' => (TokenKind.Minus, 1),
                '=' => (TokenKind.Equal, 1),
                '!' when next == '=' => (TokenKind.NotEqual, 2),
                '<' when next == '>' => (TokenKind.NotEqual, 2),
                '<' when next == '=' => (TokenKind.LessOrEqual, 2),
                '<' => (TokenKind.Less, 1),
                '>' when next == '=' => (TokenKind.GreaterOrEqual, 2),
                '>' => (TokenKind.Greater, 1),
                _ => throw new QuerySyntaxException(start, $"expected a name, a literal or an operator but found '{c}'"),
            };
            var t = text.Substring(start, length);
            tokens.Add(new Token(kind, start, t, t, 0));
            i += length;
        }
    }

    private static Token ReadNumber(string text, ref int i)
    {
        var start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        // A fraction needs a digit after the dot, so "1..3" lexes as 1, .., 3.
        if (i + 1 < text.Length && text[i] == '.' && char.IsAsciiDigit(text[i + 1]))
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        }
        if (i < text.Length && text[i] is 'e' or 'E')
        {
            var j = i + 1;
            if (j < text.Length && text[j] is '+' or '-') j++;
            if (j < text.Length && char.IsAsciiDigit(text[j]))
            {
                i = j;
                while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
            }
        }
        if (i < text.Length && (char.IsLetter(text[i]) || text[i] is '_' or '$'))
            throw new QuerySyntaxException(start, $"expected a number but found '{text[start..(i + 1)]}'");
        var s = text[start..i];
        return new Token(TokenKind.Number, start, s, s, double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture));
    }

    private static Token ReadString(string text, ref int i)
    {
        var start = i;
        var quote = text[i++];
        StringBuilder? sb = null;
        var runStart = i;
        while (true)
        {
            if (i >= text.Length)
                throw new QuerySyntaxException(start, $"expected a closing {quote} for the string that starts here but found end of query (unterminated string)");
            var c = text[i];
            if (c == quote)
            {
                string value;
                if (sb is null) value = text[runStart..i];
                else
                {
                    sb.Append(text, runStart, i - runStart);
                    value = sb.ToString();
                }
                i++;
                return new Token(TokenKind.String, start, text[start..i], value, 0);
            }
            if (c != '\\')
            {
                i++;
                continue;
            }
            sb ??= new StringBuilder();
            sb.Append(text, runStart, i - runStart);
            if (i + 1 >= text.Length)
                throw new QuerySyntaxException(start, $"expected a closing {quote} for the string that starts here but found end of query (unterminated string)");
            var e = text[i + 1];
            switch (e)
            {
                case '\'': sb.Append('\''); break;
                case '"': sb.Append('"'); break;
                case '\\': sb.Append('\\'); break;
                case '/': sb.Append('/'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'u':
                    if (i + 6 > text.Length || !ushort.TryParse(text.AsSpan(i + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                        throw new QuerySyntaxException(i, "expected four hex digits after \\u");
                    sb.Append((char)code);
                    i += 4;
                    break;
                default:
                    throw new QuerySyntaxException(i, $"expected an escape (\\' \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX) but found '\\{e}'");
            }
            i += 2;
            runStart = i;
        }
    }
}
