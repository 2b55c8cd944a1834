using System.Text;

namespace TwinLab.Fuzz.Tests.Harness;

/// <summary>
/// Outside input arrives as bytes: a file, a request body, an MQTT payload. The generators work on strings, so this
/// turns a generated string into the bytes it stands for — with each lone surrogate written as the three raw bytes a
/// careless encoder would emit (invalid UTF-8) — and back into the text every entry point reads (UTF-8, invalid
/// sequences replaced by U+FFFD, as <see cref="File.ReadAllText(string)"/> and ASP.NET Core's readers do).
/// </summary>
internal static class Wire
{
    /// <summary>The bytes: UTF-8, except that a lone surrogate becomes its (invalid) three-byte form.</summary>
    public static byte[] Bytes(string text)
    {
        var bytes = new List<byte>(text.Length + 16);
        Span<byte> buffer = stackalloc byte[4];
        for (var i = 0; i < text.Length;)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var used) == System.Buffers.OperationStatus.Done)
            {
                var n = rune.EncodeToUtf8(buffer);
                for (var k = 0; k < n; k++) bytes.Add(buffer[k]);
                i += used;
                continue;
            }
            int c = text[i++];
            bytes.Add((byte)(0xE0 | (c >> 12)));
            bytes.Add((byte)(0x80 | ((c >> 6) & 0x3F)));
            bytes.Add((byte)(0x80 | (c & 0x3F)));
        }
        return [.. bytes];
    }

    /// <summary>The text a reader sees for <paramref name="text"/>'s bytes (invalid UTF-8 replaced, a BOM kept).</summary>
    public static string Decode(string text) => Encoding.UTF8.GetString(Bytes(text));
}
