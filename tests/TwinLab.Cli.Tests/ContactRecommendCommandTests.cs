using System.Text.Json.Nodes;

namespace TwinLab.Cli.Tests;

/// <summary><c>twinlab contact recommend</c> with the shipped candidates on the shipped example, calibrated once for the class.</summary>
public sealed class ContactRecommendCommandTests(ContactExampleFixture example) : IClassFixture<ContactExampleFixture>
{
    private static readonly string[] ShippedNames =
    [
        "chatbot-billing", "knowledge-base", "callback-offer", "hire-2-tech", "hire-2-billing", "cross-train-tech",
        "overflow-routing", "promote-chat", "workforce-management",
    ];

    private CliHarness Cli => example.Cli;

    private string[] Short(params string[] more) =>
        ["contact", "recommend", "--candidates", example.Example("candidates.yaml"), "--days", "1", "--start-day", "tuesday", "--replications", "3", .. more];

    [Fact]
    public void Recommend_ShippedCandidates_JsonRanksEveryCandidateAndRepeatsForAnyThreadCount()
    {
        var (exit, first, stderr) = Cli.Run([.. Short("--seed", "7", "--threads", "1"), "--json"]);
        var (_, second, _) = Cli.Run([.. Short("--seed", "7", "--threads", "4"), "--json"]);
        var (_, otherSeed, _) = Cli.Run([.. Short("--seed", "8"), "--json"]);

        Assert.True(exit == 0, stderr);
        var json = JsonNode.Parse(first)!;
        var ranking = json["ranking"]!.AsArray();
        Assert.Equal(ShippedNames.Order(), ranking.Select(c => c!["name"]!.GetValue<string>()).Order());
        Assert.Equal(Enumerable.Range(1, ShippedNames.Length), ranking.Select(c => c!["rank"]!.GetValue<int>()));
        Assert.Equal("service_level", json["objective"]!.GetValue<string>());
        Assert.Equal("EUR", json["currency"]!.GetValue<string>());
        Assert.Equal(3, json["replications"]!.GetValue<int>());
        Assert.Equal(0.8, json["targetServiceLevel"]!.GetValue<double>());
        Assert.Equal(0.05, json["maxAbandonment"]!.GetValue<double>());
        Assert.InRange(json["baseline"]!["serviceLevel"]!.GetValue<double>(), 0.5, 1);
        foreach (var c in ranking)
        {
            var low = c!["improvementCiLow"]!.GetValue<double>();
            var high = c["improvementCiHigh"]!.GetValue<double>();
            Assert.InRange(c["improvement"]!.GetValue<double>(), low, high);
        }
        Assert.Equal(first, second);
        Assert.NotEqual(first, otherSeed);
    }

    [Fact]
    public void Recommend_Text_PrintsTheRankingAndTheBaseline()
    {
        var (exit, stdout, stderr) = Cli.Run(Short("--objective", "abandonment", "--target", "85/30", "--max-abandon", "3%"));

        Assert.True(exit == 0, stderr);
        Assert.Contains("Candidate changes ranked by abandonment (percentage points) per cost: 3 replications of 1 day(s) from tuesday", stdout);
        Assert.Contains("rank  candidate", stdout);
        Assert.Contains("(9 rows)", stdout);
        foreach (var name in ShippedNames) Assert.Contains(name, stdout);
        Assert.Matches(@"(?m)^1 +\S+ +(improves at no cost|improves at a cost|not significant|worse) +[+-]?\d+\.\d\d +\[", stdout);
        Assert.Contains("Baseline: service level ", stdout);
        Assert.Contains("(within 30 s)", stdout);
        Assert.Contains("Targets: service level ≥ 85.0%, abandonment ≤ 3.0%; meeting them, cheapest first: ", stdout);
    }

    [Fact]
    public void Recommend_Combine_EvaluatesTheBestSignificantCandidatesTogether()
    {
        var (exit, stdout, stderr) = Cli.Run([.. Short("--combine", "2", "--objective", "abandonment"), "--json"]);

        Assert.True(exit == 0, stderr);
        var json = JsonNode.Parse(stdout)!;
        // With seed 1, a Tuesday and 3 replications at least two candidates cut abandonment significantly.
        var improving = json["ranking"]!.AsArray()
            .Where(c => c!["significant"]!.GetValue<bool>() && c["improvement"]!.GetValue<double>() > 0)
            .Select(c => c!["name"]!.GetValue<string>()).ToArray();
        Assert.True(improving.Length >= 2, string.Join(", ", improving));
        var combination = json["combination"]!;
        Assert.Equal(0, combination["rank"]!.GetValue<int>());
        var members = combination["name"]!.GetValue<string>().Split(" + ");
        Assert.Equal(2, members.Length);
        Assert.All(members, m => Assert.Contains(m, improving));
        var (_, text, _) = Cli.Run(Short("--combine", "2", "--objective", "abandonment"));
        Assert.Contains("Together:", text);
        Assert.Contains(combination["name"]!.GetValue<string>(), text);
    }

    [Theory]
    [InlineData("error: Give the candidate changes: --candidates FILE.yaml")]
    [InlineData("error: Unknown objective 'speed'; use one of service_level, asa, abandonment, satisfaction.", "--candidates", "SHIPPED", "--objective", "speed")]
    [InlineData("error: --replications must be at least 2 (for confidence intervals), got 1.", "--candidates", "SHIPPED", "--replications", "1")]
    [InlineData("error: --days must be more than 0 and at most 366, got 0.", "--candidates", "SHIPPED", "--days", "0")]
    [InlineData("error: --start-day someday: use a day of the week", "--candidates", "SHIPPED", "--start-day", "someday")]
    [InlineData("error: --combine must be 0 (no combination) or at least 2, got 1.", "--candidates", "SHIPPED", "--combine", "1")]
    [InlineData("error: --target 80: write PERCENT/SECONDS", "--candidates", "SHIPPED", "--target", "80")]
    [InlineData("error: Candidates file 'MISSING' not found.", "--candidates", "MISSING")]
    [InlineData("error: BADKEY:3:5: candidate 'faster': candidates[0].paramters: unknown key (did you mean 'parameters'?)", "--candidates", "BADKEY")]
    [InlineData("error: BADSKILL:3:43: candidate 'hire': candidates[0].parameters.skill: 'sales' is not one of billing, tech", "--candidates", "BADSKILL")]
    public void Recommend_BadInput_OneLineError(string expected, params string[] args)
    {
        var files = new Dictionary<string, string>
        {
            ["SHIPPED"] = example.Example("candidates.yaml"),
            ["MISSING"] = example.Out("missing.yaml"),
            ["BADKEY"] = Cli.File("badkey.yaml", "candidates:\n  - name: faster\n    paramters: { handle_time_factor: 0.9 }\n"),
            ["BADSKILL"] = Cli.File("badskill.yaml", "candidates:\n  - name: hire\n    parameters: { extra_agents: 2, skill: sales }\n"),
        };
        args = [.. args.Select(a => files.GetValueOrDefault(a, a))];
        expected = files.Aggregate(expected, (e, f) => e.Replace(f.Key, f.Value, StringComparison.Ordinal));

        var (exit, stdout, stderr) = Cli.Run(["contact", "recommend", .. args]);

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.StartsWith(expected, stderr);
        Assert.Single(stderr.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Recommend_NoStoredModel_SaysToImportFirst()
    {
        using var empty = new CliHarness();

        var (exit, stdout, stderr) = empty.Run("contact", "recommend", "--candidates", example.Example("candidates.yaml"));

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.StartsWith("error: No interaction log stored in", stderr);
        Assert.Single(stderr.TrimEnd().Split('\n'));
    }
}
