using System.Globalization;
using System.Text;
using TwinLab.Core.Errors;

namespace TwinLab.Server.Routing;

internal enum TokenKind : byte { Identifier, BodyPath, String, Number, Operator, LeftParen, RightParen, Comma, Minus, End }

/// <summary>One token of a filter; <see cref="Position"/> counts characters from 1.</summary>
internal sealed record Token(TokenKind Kind, int Position, string Text)
{
    public double Number { get; init; }
    public IReadOnlyList<string> Path { get; init; } = [];

    public string Describe() => Kind switch
    {
        TokenKind.End => "end of filter",
        TokenKind.String => $"string '{Text}'",
        _ => $"'{Text}'",
    };
}

/// <summary>Splits a filter into tokens.</summary>
internal static class RouteFilterLexer
{
    public static TwinLabException Error(string message, int position) =>
        new(ErrorCodes.InvalidArgument, $"filter: {message} at position {position}");

    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (true)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i])) i++;
            if (i >= text.Length)
            {
                tokens.Add(new Token(TokenKind.End, text.Length + 1, ""));
                return tokens;
            }
            var start = i;
            var c = text[i];
            switch (c)
            {
                case '(': tokens.Add(new Token(TokenKind.LeftParen, start + 1, "(")); i++; continue;
                case ')': tokens.Add(new Token(TokenKind.RightParen, start + 1, ")")); i++; continue;
                case ',': tokens.Add(new Token(TokenKind.Comma, start + 1, ",")); i++; continue;
                case '-' when i + 1 < text.Length && (char.IsAsciiDigit(text[i + 1]) || text[i + 1] == '.'):
                    tokens.Add(new Token(TokenKind.Minus, start + 1, "-")); i++; continue;
                case '=': tokens.Add(new Token(TokenKind.Operator, start + 1, "=")); i++; continue;
                case '!':
                    if (i + 1 < text.Length && text[i + 1] == '=') { tokens.Add(new Token(TokenKind.Operator, start + 1, "!=")); i += 2; continue; }
                    throw Error("'!' must be followed by '=' (use NOT for negation)", start + 1);
                case '<':
                    if (i + 1 < text.Length && text[i + 1] == '=') { tokens.Add(new Token(TokenKind.Operator, start + 1, "<=")); i += 2; continue; }
                    if (i + 1 < text.Length && text[i + 1] == '>') { tokens.Add(new Token(TokenKind.Operator, start + 1, "!=")); i += 2; continue; }
                    tokens.Add(new Token(TokenKind.Operator, start + 1, "<")); i++; continue;
                case '>':
                    if (i + 1 < text.Length && text[i + 1] == '=') { tokens.Add(new Token(TokenKind.Operator, start + 1, ">=")); i += 2; continue; }
                    tokens.Add(new Token(TokenKind.Operator, start + 1, ">")); i++; continue;
                case '\'' or '"':
                    tokens.Add(new Token(TokenKind.String, start + 1, ReadString(text, ref i)));
                    continue;
                case '$':
                    tokens.Add(ReadBodyPath(text, ref i));
                    continue;
            }
            if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                tokens.Add(ReadNumber(text, ref i));
                continue;
            }
            if (char.IsAsciiLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_')) i++;
                tokens.Add(new Token(TokenKind.Identifier, start + 1, text[start..i]));
                continue;
            }
            throw Error($"unexpected character '{c}'", start + 1);
        }
    }

    private static string ReadString(string text, ref int i)
    {
        var quote = text[i];
        var start = i;
        var sb = new StringBuilder();
        i++;
        while (true)
        {
            if (i >= text.Length) throw Error("unterminated string", start + 1);
            var c = text[i];
            if (c == quote)
            {
                // SQL-style doubled quote: 'it''s'.
                if (i + 1 < text.Length && text[i + 1] == quote) { sb.Append(quote); i += 2; continue; }
                i++;
                return sb.ToString();
            }
            if (c == '\\')
            {
                if (i + 1 >= text.Length) throw Error("unterminated string", start + 1);
                var next = text[i + 1];
                sb.Append(next switch
                {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    '\\' or '\'' or '"' => next,
                    _ => throw Error($"unknown escape '\\{next}' in string", i + 1),
                });
                i += 2;
                continue;
            }
            sb.Append(c);
            i++;
        }
    }

    private static Token ReadNumber(string text, ref int i)
    {
        var start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        }
        if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
        {
            var save = i;
            i++;
            if (i < text.Length && (text[i] == '+' || text[i] == '-')) i++;
            if (i >= text.Length || !char.IsAsciiDigit(text[i])) throw Error("malformed number exponent", save + 1);
            while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        }
        if (i < text.Length && (char.IsAsciiLetter(text[i]) || text[i] == '_'))
            throw Error($"malformed number '{text[start..(i + 1)]}'", start + 1);
        var s = text[start..i];
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || double.IsInfinity(n))
            throw Error($"malformed number '{s}'", start + 1);
        return new Token(TokenKind.Number, start + 1, s) { Number = n };
    }

    /// <summary><c>$body</c>, then <c>.name</c> or <c>['name']</c> segments; names may start with <c>$</c> or <c>@</c>.</summary>
    private static Token ReadBodyPath(string text, ref int i)
    {
        var start = i;
        const string body = "$body";
        if (string.Compare(text, i, body, 0, body.Length, StringComparison.OrdinalIgnoreCase) != 0
            || (i + body.Length < text.Length && IsNameChar(text[i + body.Length])))
            throw Error("'$' may only start $body", start + 1);
        i += body.Length;
        var path = new List<string>();
        while (i < text.Length)
        {
            if (text[i] == '.')
            {
                var segStart = ++i;
                while (i < text.Length && IsNameChar(text[i])) i++;
                if (i == segStart) throw Error("expected a property name after '.'", segStart + 1);
                path.Add(text[segStart..i]);
            }
            else if (text[i] == '[')
            {
                i++;
                if (i >= text.Length || (text[i] != '\'' && text[i] != '"')) throw Error("expected a quoted property name after '['", i + 1);
                path.Add(ReadString(text, ref i));
                if (i >= text.Length || text[i] != ']') throw Error("expected ']'", Math.Min(i, text.Length) + 1);
                i++;
            }
            else break;
        }
        return new Token(TokenKind.BodyPath, start + 1, text[start..i]) { Path = path };
    }

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '$' or '@';
}
