namespace TwinLab.Simulation.Random.Distributions;

/// <summary>"Did you mean …?" suggestions for misspelt names in scenario files.</summary>
internal static class Spelling
{
    /// <summary>
    /// The candidate nearest to <paramref name="word"/> by edit distance if it is a plausible typo (at most one edit
    /// for short words, two otherwise), else a candidate that <paramref name="word"/> abbreviates, else null.
    /// </summary>
    public static string? Suggest(string word, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = word.Length <= 3 ? 1 : 2;
        string? prefixOf = null;
        foreach (var candidate in candidates)
        {
            var distance = Distance(word, candidate);
            if (distance <= bestDistance && (best is null || distance < bestDistance))
            {
                best = candidate;
                bestDistance = distance;
            }
            if (prefixOf is null && word.Length >= 3 && candidate.StartsWith(word, StringComparison.Ordinal)) prefixOf = candidate;
        }
        return best ?? prefixOf;
    }

    /// <summary>Levenshtein distance (insertions, deletions, substitutions) with two rolling rows.</summary>
    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
