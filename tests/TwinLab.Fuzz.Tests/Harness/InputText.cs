using System.Globalization;
using System.Text;

namespace TwinLab.Fuzz.Tests.Harness;

/// <summary>Prints inputs so a failing case can be pasted into a C# string literal.</summary>
internal static class InputText
{
    /// <summary>The text as a C# literal body: control characters, quotes, backslashes and lone surrogates escaped; cut to
    /// <paramref name="max"/> characters with a count of what was left out.</summary>
    public static string Escape(string text, int max)
    {
        var b = new StringBuilder("\"");
        var n = Math.Min(text.Length, max);
        for (var i = 0; i < n; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '"': b.Append("\\\""); break;
                case '\\': b.Append("\\\\"); break;
                case '\n': b.Append("\\n"); break;
                case '\r': b.Append("\\r"); break;
                case '\t': b.Append("\\t"); break;
                default:
                    if (char.IsControl(c) || char.IsSurrogate(c) || c is '\uFEFF' or '\uFFFF' or '\uFFFE')
                        b.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    else b.Append(c);
                    break;
            }
        }
        b.Append('"');
        if (text.Length > max) b.Append(CultureInfo.InvariantCulture, $" … ({text.Length - max:N0} more chars)");
        return b.ToString();
    }
}
