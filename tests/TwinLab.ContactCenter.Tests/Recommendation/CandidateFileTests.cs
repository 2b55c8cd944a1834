using TwinLab.ContactCenter.Recommendation;
using TwinLab.ContactCenter.Simulation;
using TwinLab.ContactCenter.Tests.Simulation;

namespace TwinLab.ContactCenter.Tests.Recommendation;

public sealed class CandidateFileTests
{
    private static readonly ContactCenterSimulator TwoSkills = new(TestCenters.TwoSkills());

    private const string Valid = """
        currency: EUR
        amortisation_days: 200
        candidates:
          - name: chatbot
            description: Chatbot for billing
            parameters: { chatbot_deflection: 30%, deflection_topic: billing }
            cost: { fixed: 20000, per_day: 25 }
          - name: kb
            parameters:
              handle_time_factor: 0.9
            cost: { fixed: 36500, amortisation_days: 365 }
          - name: overflow
            parameters: { routing: overflow, callback: yes }
        """;

    [Fact]
    public void Parse_ValidFile_ReadsSettingsAndCosts()
    {
        var file = CandidateFile.Parse(Valid, "c.yaml");

        Assert.Equal("EUR", file.Currency);
        Assert.Equal(["chatbot", "kb", "overflow"], file.Candidates.Select(c => c.Name));
        var chatbot = file.Candidates[0];
        Assert.Equal("Chatbot for billing", chatbot.Description);
        Assert.Equal([("chatbot_deflection", "30%"), ("deflection_topic", "billing")], chatbot.Settings.Select(s => (s.Parameter, s.Value)));
        Assert.Equal(6, chatbot.Settings[0].Line);
        // The file's amortisation period applies where the candidate gives none: 20,000 / 200 + 25.
        Assert.Equal(125, chatbot.Cost.Daily, 9);
        Assert.Equal(100, file.Candidates[1].Cost.Daily, 9);
        Assert.Equal("kb", file.Candidates[1].Description);
        Assert.Equal(0, file.Candidates[2].Cost.Daily);
        file.Validate(TwoSkills.Info);
    }

    [Fact]
    public void Validate_UnknownParameter_NamesCandidateFieldLineAndSuggestion()
    {
        var file = CandidateFile.Parse("""
            candidates:
              - name: kb
                parameters: { handle_time_factor: 0.9 }
              - name: bot
                parameters:
                  chatbot_deflektion: 0.2
            """, "c.yaml");

        var e = Assert.Throws<CandidateFileException>(() => file.Validate(TwoSkills.Info));

        Assert.Equal("bot", e.Candidate);
        Assert.Equal(6, e.Line);
        Assert.Equal("candidates[1].parameters.chatbot_deflektion", e.Field);
        Assert.StartsWith("c.yaml:6:", e.Message);
        Assert.Contains("did you mean 'chatbot_deflection'", e.Message);
    }

    [Theory]
    [InlineData("chatbot_deflection: 1.5", "outside [0, 1]")]
    [InlineData("chatbot_deflection: lots", "'lots' is not a number")]
    [InlineData("deflection_topic: sales", "'sales' is not one of all, billing, tech")]
    [InlineData("callback: maybe", "'maybe' is not true or false")]
    [InlineData("extra_agents: 2.5", "not a whole number")]
    [InlineData("extra_agents: 2", "needs 'skill'")]
    [InlineData("days: 3", "set by the recommender")]
    public void Validate_BadValue_NamesCandidateAndField(string setting, string problem)
    {
        var file = CandidateFile.Parse($"candidates:\n  - name: change\n    parameters:\n      {setting}\n", "c.yaml");

        var e = Assert.Throws<CandidateFileException>(() => file.Validate(TwoSkills.Info));

        Assert.Equal("change", e.Candidate);
        Assert.Equal(4, e.Line);
        Assert.Equal($"candidates[0].parameters.{setting[..setting.IndexOf(':')]}", e.Field);
        Assert.Contains(problem, e.Message);
    }

    [Fact]
    public void Parse_MissingName_NamesTheCandidatePosition()
    {
        var e = Assert.Throws<CandidateFileException>(() => CandidateFile.Parse("""
            candidates:
              - name: kb
                parameters: { handle_time_factor: 0.9 }
              - description: nameless
                parameters: { routing: overflow }
            """, "c.yaml"));

        Assert.Equal("candidates[1].name", e.Field);
        Assert.Equal(4, e.Line);
        Assert.Contains("is missing", e.Message);
    }

    [Fact]
    public void Parse_BadIndentation_ReportsTheLine()
    {
        var e = Assert.Throws<CandidateFileException>(() => CandidateFile.Parse(
            "candidates:\n  - name: kb\n    parameters: { handle_time_factor: 0.9 }\n   cost: 5\n", "c.yaml"));

        Assert.Equal(4, e.Line);
        Assert.StartsWith("c.yaml:4:", e.Message);
        Assert.Contains("not valid YAML", e.Message);
    }

    [Fact]
    public void Parse_UnclosedBrace_ReportsTheLine()
    {
        var e = Assert.Throws<CandidateFileException>(() => CandidateFile.Parse("""
            candidates:
              - name: kb
                parameters: { handle_time_factor: 0.9
              - name: other
            """, "c.yaml"));

        Assert.InRange(e.Line, 3, 4);
        Assert.Contains("not valid YAML", e.Message);
        Assert.StartsWith($"c.yaml:{e.Line}:", e.Message);
    }

    [Theory]
    [InlineData("candidates:\n  - name: a\n    parameters: { routing: overflow }\n    costs: { fixed: 1 }\n", "candidates[0].costs", "did you mean 'cost'")]
    [InlineData("candidates:\n  - name: a\n    parameters: { routing: overflow }\n    cost: { fixed: -5 }\n", "candidates[0].cost.fixed", "must be between 0")]
    [InlineData("candidates:\n  - name: a\n    parameters: { routing: overflow }\n    cost: { per_day: ten }\n", "candidates[0].cost.per_day", "'ten' is not a number")]
    [InlineData("candidates:\n  - name: a\n    parameters: { routing: overflow }\n  - name: a\n    parameters: { callback: true }\n", "candidates[1].name", "used already (line 2)")]
    [InlineData("candidates:\n  - name: a\n    description: x\n", "candidates[0].parameters", "is missing")]
    [InlineData("candidates: []\n", "candidates", "no candidates")]
    [InlineData("candidate:\n  - name: a\n", "candidate", "did you mean 'candidates'")]
    public void Parse_StructuralErrors_NameTheField(string yaml, string field, string problem)
    {
        var e = Assert.Throws<CandidateFileException>(() => CandidateFile.Parse(yaml, "c.yaml"));

        Assert.Equal(field, e.Field);
        Assert.Contains(problem, e.Message);
        Assert.True(e.Line > 0);
    }

    [Fact]
    public void Parse_EmptyFile_SaysWhatIsExpected()
    {
        var e = Assert.Throws<CandidateFileException>(() => CandidateFile.Parse("", "c.yaml"));
        Assert.Contains("candidates:", e.Message);
    }

    [Fact]
    public void Read_MissingFile_IsAClearError()
    {
        var e = Assert.Throws<Core.Errors.TwinLabException>(() => CandidateFile.Read(Path.Combine(Path.GetTempPath(), "no-such-candidates.yaml")));
        Assert.Contains("Cannot read candidates file", e.Message);
    }
}
