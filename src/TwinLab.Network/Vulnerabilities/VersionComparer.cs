namespace TwinLab.Network.Vulnerabilities;

/// <summary>
/// Orders real-world version strings as vulnerability data needs them: <c>1.2.10 &gt; 1.2.9</c>,
/// <c>8.2p1 &gt; 8.2</c>, <c>8.2p1 &lt; 8.3</c>, <c>2.15.0-rc1 &lt; 2.15.0</c>, <c>2.4.49 &lt; 2.4.50</c>.
/// </summary>
/// <remarks>
/// <para>The ordering rule: a version is split into tokens, each a run of digits (a number) or a run of letters (a
/// word); every other character (<c>. - _ + ~</c>, spaces) only separates tokens. Tokens are compared left to right:</para>
/// <list type="number">
/// <item>two numbers by value (leading zeros ignored, any length);</item>
/// <item>two words ignoring case, except that a pre-release word (<c>alpha</c>, <c>beta</c>, <c>pre</c>,
/// <c>preview</c>, <c>rc</c>, <c>cr</c>, <c>dev</c>, <c>snapshot</c>, <c>milestone</c>, and the single letters
/// <c>a</c>, <c>b</c>, <c>m</c> when a number follows them, as in <c>3.0a1</c>) is lower than any other word, and the
/// pre-release words rank dev &lt; alpha &lt; beta &lt; milestone &lt; rc; a letter with no number after it is a
/// patch letter (OpenSSL's <c>1.0.1a</c>);</item>
/// <item>a number against a word: a pre-release word is lower, any other word is lower too (numbers are newer than
/// letters, as in Debian and RPM version ordering);</item>
/// <item>when one version runs out of tokens, the other's remainder decides: numbers that are all zero are equal
/// (<c>2.4 = 2.4.0</c>), a pre-release word makes it lower (<c>2.0-beta9 &lt; 2.0</c>), anything else makes it higher
/// (<c>8.2p1 &gt; 8.2</c>, <c>1.0.1a &gt; 1.0.1</c>, <c>5.7.33-0ubuntu0.18.04.1 &gt; 5.7.33</c>).</item>
/// </list>
/// <para>Equal-comparing versions need not be the same text (<c>2.4</c> and <c>2.4.0</c>). The comparer is a
/// stateless singleton and safe to share.</para>
/// </remarks>
public sealed class VersionComparer : IComparer<string>
{
    /// <summary>The comparer.</summary>
    public static VersionComparer Instance { get; } = new();

    private VersionComparer() { }

    private readonly record struct Token(bool Numeric, string Text, int? PreRank);

    /// <summary>Compares two version strings by the rule in the remarks; null sorts first.</summary>
    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var a = Tokenize(x);
        var b = Tokenize(y);
        var n = Math.Min(a.Count, b.Count);
        for (var i = 0; i < n; i++)
        {
            var c = CompareTokens(a[i], b[i]);
            if (c != 0) return c;
        }
        if (a.Count == b.Count) return 0;
        return a.Count > b.Count ? Remainder(a, n) : -Remainder(b, n);
    }

    /// <summary>Whether the two versions compare equal.</summary>
    public static bool AreEqual(string x, string y) => Instance.Compare(x, y) == 0;

    /// <summary>The sign of "the longer version compared with the shorter one" from its token <paramref name="from"/> on.</summary>
    private static int Remainder(List<Token> tokens, int from)
    {
        for (var i = from; i < tokens.Count; i++)
        {
            var t = tokens[i];
            if (t.Numeric)
            {
                if (t.Text.Any(ch => ch != '0')) return 1;
                continue;
            }
            return t.PreRank is not null ? -1 : 1;
        }
        return 0;
    }

    private static int CompareTokens(Token a, Token b)
    {
        if (a.Numeric && b.Numeric) return CompareNumbers(a.Text, b.Text);
        if (a.Numeric) return 1;
        if (b.Numeric) return -1;
        var ra = a.PreRank;
        var rb = b.PreRank;
        if (ra is not null && rb is not null) return ra.Value.CompareTo(rb.Value);
        if (ra is not null) return -1;
        if (rb is not null) return 1;
        return Math.Sign(string.Compare(a.Text, b.Text, StringComparison.OrdinalIgnoreCase));
    }

    private static int CompareNumbers(string a, string b)
    {
        a = a.TrimStart('0');
        b = b.TrimStart('0');
        if (a.Length != b.Length) return a.Length.CompareTo(b.Length);
        return Math.Sign(string.CompareOrdinal(a, b));
    }

    private static int? PreReleaseRank(string word, bool numberFollows) => word.ToLowerInvariant() switch
    {
        "dev" or "snapshot" => 0,
        "alpha" => 1,
        "a" when numberFollows => 1,
        "beta" => 2,
        "b" when numberFollows => 2,
        "milestone" => 3,
        "m" when numberFollows => 3,
        "pre" or "preview" or "rc" or "cr" => 4,
        _ => null,
    };

    private static List<Token> Tokenize(string version)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < version.Length)
        {
            var c = version[i];
            if (char.IsAsciiDigit(c) || char.IsAsciiLetter(c))
            {
                var digit = char.IsAsciiDigit(c);
                var start = i;
                while (i < version.Length && (digit ? char.IsAsciiDigit(version[i]) : char.IsAsciiLetter(version[i]))) i++;
                var text = version[start..i];
                var numberFollows = i < version.Length && char.IsAsciiDigit(version[i]);
                tokens.Add(new Token(digit, text, digit ? null : PreReleaseRank(text, numberFollows)));
            }
            else i++;
        }
        return tokens;
    }
}
