namespace TwinLab.ContactCenter.Ingest;

/// <summary>Day names as rosters write them: <c>mon</c>, <c>Monday</c>, ranges <c>mon-fri</c>, <c>weekdays</c>, <c>weekends</c>, <c>daily</c>.</summary>
internal static class RosterDays
{
    private static readonly Dictionary<string, DayOfWeek> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["mon"] = DayOfWeek.Monday, ["monday"] = DayOfWeek.Monday,
        ["tue"] = DayOfWeek.Tuesday, ["tues"] = DayOfWeek.Tuesday, ["tuesday"] = DayOfWeek.Tuesday,
        ["wed"] = DayOfWeek.Wednesday, ["weds"] = DayOfWeek.Wednesday, ["wednesday"] = DayOfWeek.Wednesday,
        ["thu"] = DayOfWeek.Thursday, ["thur"] = DayOfWeek.Thursday, ["thurs"] = DayOfWeek.Thursday, ["thursday"] = DayOfWeek.Thursday,
        ["fri"] = DayOfWeek.Friday, ["friday"] = DayOfWeek.Friday,
        ["sat"] = DayOfWeek.Saturday, ["saturday"] = DayOfWeek.Saturday,
        ["sun"] = DayOfWeek.Sunday, ["sunday"] = DayOfWeek.Sunday,
    };

    public const string Accepted = "day names (mon, tuesday, …), ranges such as mon-fri, weekdays, weekends or daily";

    /// <summary>Adds the days <paramref name="text"/> names to <paramref name="days"/>; false when it names none.</summary>
    public static bool TryAdd(string text, ISet<DayOfWeek> days)
    {
        foreach (var raw in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var word = raw.ToLowerInvariant();
            if (word is "weekdays" or "workdays") AddRange(DayOfWeek.Monday, DayOfWeek.Friday, days);
            else if (word is "weekend" or "weekends") AddRange(DayOfWeek.Saturday, DayOfWeek.Sunday, days);
            else if (word is "daily" or "all" or "everyday") AddRange(DayOfWeek.Monday, DayOfWeek.Sunday, days);
            else if (word.Split('-', StringSplitOptions.TrimEntries) is [var from, var to] && Names.TryGetValue(from, out var a) && Names.TryGetValue(to, out var b))
                AddRange(a, b, days);
            else if (Names.TryGetValue(word, out var day)) days.Add(day);
            else return false;
        }
        return true;
    }

    /// <summary>Monday first, as rosters are read.</summary>
    public static IReadOnlyList<DayOfWeek> Ordered(IEnumerable<DayOfWeek> days) => [.. days.Distinct().OrderBy(d => ((int)d + 6) % 7)];

    // A range may wrap round the week: fri-mon is Friday to Monday.
    private static void AddRange(DayOfWeek from, DayOfWeek to, ISet<DayOfWeek> days)
    {
        for (var d = from; ; d = (DayOfWeek)(((int)d + 1) % 7))
        {
            days.Add(d);
            if (d == to) break;
        }
    }
}
