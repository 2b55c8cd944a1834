using System.Globalization;
using System.Text;
using TwinLab.ContactCenter.Data;

namespace TwinLab.ContactCenter.Synthetic;

/// <summary>
/// The synthetic centre's agents: groups of identical agents (billing, tech or mixed skills) on staggered shifts
/// sized for the arrival profile, as a <see cref="Roster"/> and as the roster YAML that describes it.
/// </summary>
internal static class SyntheticRoster
{
    /// <summary>Rostered breaks are about 12% of paid time; whole-day absence (<see cref="SyntheticSettings.AbsenceShare"/>) the rest.</summary>
    public const double Shrinkage = 0.2;

    private const int ChatConcurrency = 2;

    private sealed record Pattern(string Name, string Days, string Start, string End, (string Start, int Minutes)[] Breaks);

    private sealed record Group(string Id, int Count, (string Skill, double Proficiency)[] Skills, string Pattern, double Cost);

    private static readonly (string Skill, double Proficiency)[] Billing = [("billing", 1)];
    private static readonly (string Skill, double Proficiency)[] Tech = [("tech", 1)];
    private static readonly (string Skill, double Proficiency)[] Mixed = [("billing", 1), ("tech", 0.9)];

    private static readonly Pattern[] Patterns =
    [
        new("early-a", "mon-fri", "08:00", "16:30", [("11:15", 15), ("13:00", 30), ("15:00", 15)]),
        new("early-b", "mon-fri", "08:00", "16:30", [("11:30", 15), ("13:30", 30), ("15:15", 15)]),
        new("peak-a", "mon-fri", "09:00", "13:30", [("12:00", 15)]),
        new("peak-b", "mon-fri", "09:00", "13:30", [("12:30", 15)]),
        new("mid", "mon-fri", "10:30", "19:00", [("13:00", 15), ("15:00", 30), ("17:15", 15)]),
        new("late-a", "mon-fri", "12:00", "20:15", [("14:00", 15), ("16:00", 30), ("18:15", 15)]),
        new("late-b", "mon-fri", "12:00", "20:15", [("14:30", 15), ("16:30", 30), ("18:45", 15)]),
        new("weekend-a", "sat-sun", "09:00", "17:15", [("11:00", 15), ("13:00", 30), ("15:15", 15)]),
        new("weekend-b", "sat-sun", "09:00", "17:15", [("11:15", 15), ("14:00", 30), ("15:30", 15)]),
        new("saturday", "sat", "09:30", "14:00", [("12:00", 15)]),
    ];

    private static readonly Group[] Groups =
    [
        new("bil-ea", 3, Billing, "early-a", 22), new("tec-ea", 2, Tech, "early-a", 26), new("mix-ea", 2, Mixed, "early-a", 28),
        new("bil-eb", 3, Billing, "early-b", 22), new("tec-eb", 3, Tech, "early-b", 26), new("mix-eb", 1, Mixed, "early-b", 28),
        new("bil-pa", 2, Billing, "peak-a", 22), new("tec-pa", 1, Tech, "peak-a", 26), new("mix-pa", 1, Mixed, "peak-a", 28),
        new("bil-pb", 1, Billing, "peak-b", 22), new("tec-pb", 1, Tech, "peak-b", 26), new("mix-pb", 1, Mixed, "peak-b", 28),
        new("bil-md", 2, Billing, "mid", 22), new("tec-md", 2, Tech, "mid", 26), new("mix-md", 1, Mixed, "mid", 28),
        new("bil-la", 2, Billing, "late-a", 22), new("tec-la", 2, Tech, "late-a", 26), new("mix-la", 1, Mixed, "late-a", 28),
        new("bil-lb", 1, Billing, "late-b", 22), new("tec-lb", 3, Tech, "late-b", 26), new("mix-lb", 1, Mixed, "late-b", 28),
        new("bil-wa", 3, Billing, "weekend-a", 25), new("tec-wa", 3, Tech, "weekend-a", 29), new("mix-wa", 1, Mixed, "weekend-a", 31),
        new("bil-wb", 2, Billing, "weekend-b", 25), new("tec-wb", 3, Tech, "weekend-b", 29), new("mix-wb", 1, Mixed, "weekend-b", 31),
        new("bil-sa", 1, Billing, "saturday", 25), new("tec-sa", 2, Tech, "saturday", 29),
    ];

    public static Roster Build()
    {
        var shifts = Patterns.ToDictionary(p => p.Name, ToShift);
        var agents = new List<Agent>();
        foreach (var g in Groups)
        {
            var skills = g.Skills.Select(s => new AgentSkill(s.Skill, s.Proficiency)).ToArray();
            for (var k = 1; k <= g.Count; k++)
                agents.Add(new Agent(g.Count == 1 ? g.Id : $"{g.Id}-{k:00}", skills, [shifts[g.Pattern]], g.Cost, ChatConcurrency));
        }
        return new Roster(agents, Shrinkage);
    }

    /// <summary>The roster file: named shift patterns and one line per group of identical agents.</summary>
    public static string Yaml()
    {
        var sb = new StringBuilder();
        sb.Append("# Roster of the synthetic contact centre (TwinLab.ContactCenter.Synthetic.SyntheticContactCentre).\n");
        sb.Append("# Shrinkage: the rostered breaks (about 12% of paid time) plus whole-day absence (8% of working days).\n");
        sb.Append("# Agent groups with 'count' are numbered: bil-ea-01, bil-ea-02, ...\n");
        sb.Append(CultureInfo.InvariantCulture, $"shrinkage: {Shrinkage}\nchat_concurrency: {ChatConcurrency}\nshifts:\n");
        foreach (var p in Patterns)
        {
            var breaks = string.Join(", ", p.Breaks.Select(b => $"{{ start: \"{b.Start}\", minutes: {b.Minutes} }}"));
            sb.Append(CultureInfo.InvariantCulture, $"  {p.Name}: {{ days: {p.Days}, start: \"{p.Start}\", end: \"{p.End}\", breaks: [{breaks}] }}\n");
        }
        sb.Append("agents:\n");
        foreach (var g in Groups)
        {
            var skills = g.Skills.All(s => s.Proficiency == 1)
                ? $"[{string.Join(", ", g.Skills.Select(s => s.Skill))}]"
                : $"{{ {string.Join(", ", g.Skills.Select(s => $"{s.Skill}: {s.Proficiency.ToString(CultureInfo.InvariantCulture)}"))} }}";
            var count = g.Count == 1 ? "" : $"count: {g.Count}, ";
            sb.Append(CultureInfo.InvariantCulture, $"  - {{ id: {g.Id}, {count}skills: {skills}, shifts: [{g.Pattern}], cost_per_hour: {g.Cost} }}\n");
        }
        return sb.ToString();
    }

    private static Shift ToShift(Pattern p)
    {
        var days = p.Days switch
        {
            "mon-fri" => new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday },
            "sat-sun" => [DayOfWeek.Saturday, DayOfWeek.Sunday],
            _ => [DayOfWeek.Saturday],
        };
        return new Shift(days, Time(p.Start), Time(p.End), [.. p.Breaks.Select(b => new Break(Time(b.Start), b.Minutes))]);
    }

    private static TimeOnly Time(string text) => TimeOnly.ParseExact(text, "HH:mm", CultureInfo.InvariantCulture);
}
