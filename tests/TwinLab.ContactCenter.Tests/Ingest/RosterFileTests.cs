using TwinLab.ContactCenter.Data;
using TwinLab.ContactCenter.Ingest;

namespace TwinLab.ContactCenter.Tests.Ingest;

public sealed class RosterFileTests
{
    private const string Roster = """
        shrinkage: 30%
        cost_per_hour: 24
        shifts:
          early:
            days: mon-fri
            start: "08:00"
            end: "16:30"
            breaks:
              - { start: "10:30", minutes: 15 }
              - { start: "12:30", minutes: 30 }
        agents:
          - id: billing
            count: 12
            skills: [billing]
            shifts: [early]
          - id: ana
            skills: { billing: 1, tech: 0.8 }
            shifts:
              - early
              - { days: [sat, sunday], start: 9:00, end: "17:00" }
            cost_per_hour: 28
            chat_concurrency: 3
          - id: bo
            skills:
              - tech
              - billing: 0.9
              - { skill: email, proficiency: 0.7 }
            shifts: [{ days: weekends, start: "10:00", end: "14:00" }]
        """;

    [Fact]
    public void Parse_FullRoster_ReadsEveryField()
    {
        var roster = RosterFile.Parse(Roster);

        Assert.Equal(0.3, roster.Shrinkage, 12);
        Assert.Equal(14, roster.Agents.Count);
        var ana = roster.Agents.Single(a => a.Id == "ana");
        Assert.Equal([new AgentSkill("billing", 1), new AgentSkill("tech", 0.8)], ana.Skills);
        Assert.Equal((28.0, 3), (ana.CostPerHour, ana.ChatConcurrency));
        Assert.Equal([DayOfWeek.Saturday, DayOfWeek.Sunday], ana.Shifts[1].Days);
        Assert.Equal((new TimeOnly(9, 0), new TimeOnly(17, 0)), (ana.Shifts[1].Start, ana.Shifts[1].End));
    }

    [Fact]
    public void Parse_GroupWithCount_ExpandsToNumberedIdenticalAgents()
    {
        var group = RosterFile.Parse(Roster).Agents.Take(12).ToArray();

        Assert.Equal(Enumerable.Range(1, 12).Select(i => $"billing-{i:00}"), group.Select(a => a.Id));
        Assert.All(group, a => Assert.Equal((24.0, 2, "billing"), (a.CostPerHour, a.ChatConcurrency, a.Skills.Single().Queue)));
        var early = group[0].Shifts.Single();
        Assert.Equal([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday], early.Days);
        Assert.Equal([new Break(new TimeOnly(10, 30), 15), new Break(new TimeOnly(12, 30), 30)], early.Breaks);
    }

    [Fact]
    public void Parse_SkillForms_KeepOrderAndProficiency()
    {
        var bo = RosterFile.Parse(Roster).Agents.Single(a => a.Id == "bo");

        Assert.Equal([new AgentSkill("tech", 1), new AgentSkill("billing", 0.9), new AgentSkill("email", 0.7)], bo.Skills);
        Assert.Equal([DayOfWeek.Saturday, DayOfWeek.Sunday], bo.Shifts.Single().Days);
    }

    [Fact]
    public void Read_File_NamesTheFileInErrors()
    {
        using var folder = new TempFolder();
        var path = folder.Write("roster.yaml", "agents:\n  - id: a\n    skills: [x]\n    shifts: []\n    cost_per_hour: -1\n");

        var e = Assert.Throws<RosterFileException>(() => RosterFile.Read(path));

        Assert.StartsWith($"{path}:5:20: agents[0].cost_per_hour: is -1", e.Message, StringComparison.Ordinal);
        Assert.Equal((5L, "agents[0].cost_per_hour"), (e.Line, e.Field));
    }

    [Theory]
    [InlineData("agents:\n  - id: a\n    skils: [x]\n", 3, "agents[0].skils", "unknown key (did you mean 'skills'?)")]
    [InlineData("agents:\n  - id: a\n    cost_per_hour: 20\n", 2, "agents[0].skills", "is missing")]
    [InlineData("agents:\n  - id: a\n    skills: [x]\n", 2, "agents[0].cost_per_hour", "is missing (give it here or once at the top of the file)")]
    [InlineData("cost_per_hour: 20\nagents:\n  - id: a\n    skills: [x]\n    shifts: [{ days: mon, start: \"25:00\", end: \"26:00\" }]\n", 5, "agents[0].shifts[0].start", "'25:00' is not a time of day")]
    [InlineData("cost_per_hour: 20\nagents:\n  - id: a\n    skills: [x]\n    shifts: [{ days: mon, start: \"22:00\", end: \"06:00\" }]\n", 5, "agents[0].shifts[0].end", "is not after start 22:00")]
    [InlineData("cost_per_hour: 20\nagents:\n  - id: a\n    skills: [x]\n    shifts: [{ days: funday, start: \"08:00\", end: \"16:00\" }]\n", 5, "agents[0].shifts[0].days", "'funday' is not a day")]
    [InlineData("cost_per_hour: 20\nagents:\n  - id: a\n    skills: [x]\n    shifts:\n      - days: mon\n        start: \"08:00\"\n        end: \"16:00\"\n        breaks: [{ start: \"15:50\", minutes: 30 }]\n", 9, "agents[0].shifts[0].breaks[0]", "is not within the shift 08:00–16:00")]
    [InlineData("cost_per_hour: 20\nagents:\n  - id: a\n    skills: [x]\n    shifts: [late]\n", 5, "agents[0].shifts[0]", "no shift is named 'late'")]
    [InlineData("cost_per_hour: 20\nagents:\n  - { id: a, count: 2, skills: [x] }\n  - { id: a-02, skills: [x] }\n", 4, "agents[1].id", "agent id 'a-02' is used twice (also on line 3)")]
    [InlineData("cost_per_hour: 20\nagents:\n  - id: a\n    skills: { x: 7 }\n", 4, "agents[0].skills.x", "is 7; it must be between 0.05 and 5")]
    [InlineData("shrinkage: 1.5\nagents: []\n", 1, "shrinkage", "is 1.5; it must be between 0 and 0.95")]
    [InlineData("shrinkage: 0.2\n", 1, "agents", "no agents")]
    [InlineData("agents:\n  - id: a\n   skills: [x]\n", 3, "", "not valid YAML")]
    public void Parse_BadRoster_FailsAtTheLineAndField(string yaml, long line, string field, string problem)
    {
        var e = Assert.Throws<RosterFileException>(() => RosterFile.Parse(yaml, "roster.yaml"));

        Assert.Equal((line, field), (e.Line, e.Field));
        Assert.Contains(problem, e.Problem, StringComparison.Ordinal);
        Assert.StartsWith($"roster.yaml:{line}:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EmptyFile_Fails() =>
        Assert.Contains("empty", Assert.Throws<RosterFileException>(() => RosterFile.Parse("")).Problem, StringComparison.Ordinal);
}
