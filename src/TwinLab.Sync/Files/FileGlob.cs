using System.Text;
using System.Text.RegularExpressions;

namespace TwinLab.Sync.Files;

/// <summary>A file name pattern: <c>*</c> any run of characters, <c>?</c> one, <c>{csv,ndjson}</c> alternatives; case-insensitive.</summary>
internal sealed class FileGlob
{
    private readonly Regex _regex;

    public FileGlob(string pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern) || pattern.Contains('/') || pattern.Contains('\\'))
            throw new ArgumentException($"'{pattern}' is not a file name pattern (such as *.csv or bp-*.{{csv,ndjson}}); it may not name folders.");
        Pattern = pattern;
        var regex = new StringBuilder("^");
        var depth = 0;
        foreach (var ch in pattern)
        {
            switch (ch)
            {
                case '*': regex.Append(".*"); break;
                case '?': regex.Append('.'); break;
                case '{': depth++; regex.Append("(?:"); break;
                case '}' when depth > 0: depth--; regex.Append(')'); break;
                case ',' when depth > 0: regex.Append('|'); break;
                default: regex.Append(Regex.Escape(ch.ToString())); break;
            }
        }
        if (depth != 0) throw new ArgumentException($"'{pattern}': a '{{' is not closed.");
        _regex = new Regex(regex.Append('$').ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }

    public string Pattern { get; }

    public bool Matches(string fileName) => _regex.IsMatch(fileName);
}
