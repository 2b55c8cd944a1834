using System.Numerics;
using System.Text.Json;

namespace TwinLab.Core.Errors;

/// <summary>
/// Finds <c>\uD800</c>-style escapes that name half of a UTF-16 surrogate pair with no other half. RFC 8259's grammar
/// allows them, so <see cref="JsonDocument"/> accepts the document, but the value is not text:
/// <see cref="JsonElement.GetString"/> throws <see cref="InvalidOperationException"/> wherever it is later read (found by
/// fuzzing: a twin id or a patch path of <c>"\ud800"</c> was an internal error). Readers of outside JSON check once, up
/// front, and report the place instead.
/// </summary>
public static class JsonSurrogates
{
    /// <summary>The index of the first lone-surrogate escape in UTF-8 JSON, or -1.</summary>
    public static int FindLone(ReadOnlySpan<byte> utf8) => Find(utf8);

    /// <summary>The index of the first lone-surrogate escape in JSON text, or -1.</summary>
    public static int FindLone(ReadOnlySpan<char> text) => Find(text);

    /// <summary>The problem, for an error message: the escape and why it is refused.</summary>
    public static string Describe(int index) =>
        $"the \\u escape at character {index + 1} is half of a UTF-16 surrogate pair with no other half, which is not text";

    /// <summary>The string value of <paramref name="element"/> (a JSON string), or null when it holds a lone surrogate.</summary>
    public static string? TryGetString(JsonElement element)
    {
        try
        {
            return element.GetString();
        }
        catch (InvalidOperationException) when (element.ValueKind == JsonValueKind.String)
        {
            return null;
        }
    }

    // Escapes occur only inside strings, so the scan needs no tokenizer: it steps over every escape ('\\' included)
    // and checks each \u escape in the surrogate range for its partner.
    private static int Find<T>(ReadOnlySpan<T> text) where T : unmanaged, IBinaryInteger<T>
    {
        for (var i = 0; i < text.Length - 1; i++)
        {
            if (int.CreateTruncating(text[i]) != '\\') continue;
            if (int.CreateTruncating(text[i + 1]) != 'u')
            {
                i++;
                continue;
            }
            var unit = Hex4(text, i + 2);
            if (unit is >= 0xDC00 and <= 0xDFFF) return i;
            if (unit is >= 0xD800 and <= 0xDBFF)
            {
                var low = i + 7 < text.Length && int.CreateTruncating(text[i + 6]) == '\\' && int.CreateTruncating(text[i + 7]) == 'u' ? Hex4(text, i + 8) : -1;
                if (low is < 0xDC00 or > 0xDFFF) return i;
                i += 11;
                continue;
            }
            i += 5;
        }
        return -1;
    }

    private static int Hex4<T>(ReadOnlySpan<T> text, int start) where T : unmanaged, IBinaryInteger<T>
    {
        if (start + 4 > text.Length) return -1;
        var value = 0;
        for (var k = start; k < start + 4; k++)
        {
            var d = int.CreateTruncating(text[k]) switch
            {
                var c and >= '0' and <= '9' => c - '0',
                var c and >= 'a' and <= 'f' => c - 'a' + 10,
                var c and >= 'A' and <= 'F' => c - 'A' + 10,
                _ => -1,
            };
            if (d < 0) return -1;
            value = value * 16 + d;
        }
        return value;
    }
}
