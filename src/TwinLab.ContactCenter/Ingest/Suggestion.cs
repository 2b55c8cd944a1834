namespace TwinLab.ContactCenter.Ingest;

/// <summary>"Did you mean …?" for misspelt names in maps and roster files.</summary>
internal static class Suggestion
{
    /// <summary>The candidate within two edits of <paramref name="word"/> (one for short words), closest first, or null.</summary>
    public static string? Nearest(string word, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = word.Length <= 3 ? 1 : 2;
        foreach (var candidate in candidates)
        {
            var d = Distance(word.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (d > bestDistance || (best is not null && d == bestDistance)) continue;
            best = candidate;
            bestDistance = d;
        }
        return best;
    }

    /// <summary>" (did you mean 'x'?)" or "".</summary>
    public static string Hint(string word, IEnumerable<string> candidates) =>
        Nearest(word, candidates) is { } s ? $" (did you mean '{s}'?)" : "";

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1), Math.Min(previous[j], current[j - 1]) + 1);
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
