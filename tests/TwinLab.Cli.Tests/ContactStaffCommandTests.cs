using System.Text.Json.Nodes;

namespace TwinLab.Cli.Tests;

/// <summary><c>twinlab contact staff</c> on the shipped example, calibrated once for the class.</summary>
public sealed class ContactStaffCommandTests(ContactExampleFixture example) : IClassFixture<ContactExampleFixture>
{
    private CliHarness Cli => example.Cli;

    [Fact]
    public void Staff_ShippedExample_EveryStaffedQueueMeetsTheGoalAndTotalsAdd()
    {
        var json = Cli.Json("contact", "staff");

        var intervals = json["intervals"]!.AsArray();
        Assert.Equal(7 * 48, intervals.Count);
        Assert.Equal(0.2, json["shrinkage"]!.GetValue<double>(), 9); // the example roster's shrinkage
        var checkedQueues = 0;
        foreach (var interval in intervals)
        {
            foreach (var q in interval!["queues"]!.AsArray())
            {
                var agents = q!["agents"]!.GetValue<int>();
                Assert.Equal((int)Math.Ceiling(agents / 0.8 - 1e-9), q["scheduledAgents"]!.GetValue<int>());
                if (q["channel"]!.GetValue<string>() == "email" || q["arrivals"]!.GetValue<double>() <= 0) continue;
                var where = $"{q["queue"]}/{q["channel"]} interval {interval["index"]}";
                Assert.True(q["serviceLevel"]!.GetValue<double>() >= 0.8, where);
                Assert.True(q["abandonment"]!.GetValue<double>() <= 0.05, where);
                Assert.True(q["occupancy"]!.GetValue<double>() <= 0.85, where);
                checkedQueues++;
            }
            Assert.Equal(interval["queues"]!.AsArray().Sum(q => q!["agents"]!.GetValue<int>()), interval["agents"]!.GetValue<int>());
        }
        Assert.True(checkedQueues > 400, $"{checkedQueues} staffed phone/chat queue-intervals");

        var totals = json["totals"]!;
        var agentHours = intervals.Sum(i => i!["agents"]!.GetValue<int>()) * 0.5;
        Assert.Equal(agentHours, totals["agentHours"]!.GetValue<double>(), 6);
        Assert.Equal(intervals.Sum(i => i!["scheduledAgents"]!.GetValue<int>()) * 0.5, totals["scheduledAgentHours"]!.GetValue<double>(), 6);
        Assert.Equal(intervals.Sum(i => i!["cost"]!.GetValue<double>()), totals["cost"]!.GetValue<double>(), 6);
        var days = json["days"]!.AsArray();
        Assert.Equal(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"], days.Select(d => d!["day"]!.GetValue<string>()));
        Assert.Equal(agentHours, days.Sum(d => d!["agentHours"]!.GetValue<double>()), 6);
        Assert.Equal(totals["cost"]!.GetValue<double>(), days.Sum(d => d!["cost"]!.GetValue<double>()), 6);
        Assert.Equal(intervals.Max(i => i!["scheduledAgents"]!.GetValue<int>()), totals["peakScheduledAgents"]!.GetValue<int>());
        // A month of ~1,000 contacts a day with 5-minute handle times needs hundreds of agent-hours a week, not thousands.
        Assert.InRange(agentHours, 800, 2500);
        Assert.Null(json["schedule"]);
        Assert.Null(json["verification"]);
    }

    [Fact]
    public void Staff_Text_PrintsDaysAndWeekTotals()
    {
        var (exit, stdout, stderr) = Cli.Run("contact", "staff", "--target", "80/20", "--max-abandon", "5%", "--occupancy", "85%");

        Assert.True(exit == 0, stderr);
        Assert.Contains("for 80% answered within 20 s, abandonment ≤ 5%, occupancy ≤ 85% in every 30-minute interval", stdout);
        Assert.Contains("agent-hours on contacts", stdout);
        Assert.Single(stdout.Split('\n'), l => l.StartsWith("Monday ", StringComparison.Ordinal));
        Assert.Contains("(7 rows)", stdout);
        Assert.Matches(@"Week: [\d,.]+ agent-hours on contacts, [\d,.]+ scheduled agent-hours, cost [\d,]+; peak \d+ agents on duty", stdout);
    }

    [Fact]
    public void Staff_StricterGoalAndNoShrinkage_ChangeTheStaffingTheRightWay()
    {
        var standard = Cli.Json("contact", "staff")["totals"]!;
        var strict = Cli.Json("contact", "staff", "--target", "90/10")["totals"]!;
        var noShrinkage = Cli.Json("contact", "staff", "--shrinkage", "0%");

        Assert.True(strict["agentHours"]!.GetValue<double>() > standard["agentHours"]!.GetValue<double>());
        Assert.True(strict["cost"]!.GetValue<double>() > standard["cost"]!.GetValue<double>());
        Assert.Equal(standard["agentHours"]!.GetValue<double>(), noShrinkage["totals"]!["agentHours"]!.GetValue<double>(), 6);
        Assert.All(noShrinkage["intervals"]!.AsArray(), i => Assert.Equal(i!["agents"]!.GetValue<int>(), i["scheduledAgents"]!.GetValue<int>()));
    }

    [Fact]
    public void Staff_Schedule_CoversEveryIntervalOfEverySkillAndRepeats()
    {
        var json = Cli.Json("contact", "staff", "--schedule");
        var again = Cli.Json("contact", "staff", "--schedule");

        var schedule = json["schedule"]!;
        Assert.Contains(schedule["status"]!.GetValue<string>(), new[] { "optimal", "feasible" });
        var intervals = json["intervals"]!.AsArray();
        var skills = schedule["skills"]!.AsArray();
        Assert.Equal(["billing", "tech"], skills.Select(s => s!["skill"]!.GetValue<string>()));
        foreach (var skill in skills)
        {
            var name = skill!["skill"]!.GetValue<string>();
            var required = skill["required"]!.AsArray().Select(r => r!.GetValue<double>()).ToArray();
            var coverage = skill["coverage"]!.AsArray().Select(c => c!.GetValue<double>()).ToArray();
            for (var k = 0; k < intervals.Count; k++)
            {
                var onContacts = intervals[k]!["queues"]!.AsArray().Where(q => q!["queue"]!.GetValue<string>() == name).Sum(q => q!["agents"]!.GetValue<int>());
                Assert.True(required[k] >= onContacts - 1e-9, $"{name} interval {k}");
                Assert.True(coverage[k] >= required[k] - 1e-9, $"{name} interval {k}: coverage {coverage[k]} < required {required[k]}");
            }
            Assert.Equal(skill["shifts"]!.GetValue<int>(), skill["shiftList"]!.AsArray().Sum(s => s!["agents"]!.GetValue<int>()));
        }
        Assert.Equal(schedule["shifts"]!.GetValue<int>(), schedule["rosterAgents"]!.GetValue<int>());
        Assert.True(schedule["cost"]!.GetValue<double>() >= schedule["bestBound"]!.GetValue<double>() - 1e-6);
        Assert.True(schedule["overCoverageHours"]!.GetValue<double>() >= 0);
        Assert.Equal(schedule.ToJsonString(), again["schedule"]!.ToJsonString());
    }

    [Fact]
    public void Staff_VerifyWithReport_PrintsConfidenceIntervalsAndWritesTheStaffingSection()
    {
        var report = example.Out("staffing.html");

        var (exit, stdout, stderr) = Cli.Run("contact", "staff", "--verify", "2", "--seed", "3", "--report", report);

        Assert.True(exit == 0, stderr);
        Assert.Contains("Shift schedule (CP-SAT): ", stdout); // --verify implies --schedule
        Assert.Contains("Simulated the schedule: 2 independent weeks, seed 3 (mean and 95% confidence interval):", stdout);
        foreach (var kpi in new[] { "service level", "abandonment", "ASA", "occupancy" })
            Assert.Matches($@"(?m)^{kpi} {{2,}}\d[^\[\n]*\[[^\]]+, [^\]]+\]", stdout);
        Assert.Matches(@"(Every staffed interval \(\d+\) met 80%|\d+ of \d+ staffed intervals below 80% on average)", stdout);
        Assert.Contains($"wrote {report}", stdout);
        var html = File.ReadAllText(report);
        Assert.Contains("<h2>Staffing</h2>", html);
        Assert.Contains("scheduled shifts (CP-SAT)", html);
        Assert.Contains("rostered now", html);
        Assert.Contains("required working", html);
        Assert.Contains("<h2>Simulated KPIs</h2>", html);
    }

    [Fact]
    public void Staff_VerifyJson_GivesKpisWithIntervalsAroundTheMean()
    {
        var verification = Cli.Json("contact", "staff", "--verify", "2")["verification"]!;

        Assert.Equal(2, verification["replications"]!.GetValue<int>());
        foreach (var kpi in new[] { "serviceLevel", "abandonment", "asaSeconds", "occupancy" })
        {
            var k = verification[kpi]!;
            Assert.InRange(k["mean"]!.GetValue<double>(), k["ciLow"]!.GetValue<double>(), k["ciHigh"]!.GetValue<double>());
        }
        // The schedule covers the Erlang requirement of each queue apart; pooled in the simulator it does at least as well overall.
        Assert.True(verification["serviceLevel"]!["mean"]!.GetValue<double>() >= 0.8);
    }

    [Fact]
    public void Staff_Forecast_StaffsTheWeekAfterTheLog()
    {
        var json = Cli.Json("contact", "staff", "--forecast");

        Assert.Equal("the forecast week 2025-04-01 to 2025-04-07", json["basis"]!.GetValue<string>());
        Assert.True(json["totals"]!["agentHours"]!.GetValue<double>() > 0);
    }

    [Theory]
    [InlineData("error: --target 80: write PERCENT/SECONDS", "--target", "80")]
    [InlineData("error: --max-abandon 0%: must be above 0%", "--max-abandon", "0%")]
    [InlineData("error: --occupancy 120%: must be between 0% and 100%.", "--occupancy", "120%")]
    [InlineData("error: --shrinkage must be below 100%.", "--shrinkage", "100%")]
    [InlineData("error: --verify needs at least 2 replications (for confidence intervals), got 1.", "--verify", "1")]
    [InlineData("error: --time-limit 10 days: unknown unit 'days'", "--time-limit", "10 days")]
    [InlineData("error: --search-limit must be a positive number", "--search-limit", "0")]
    public void Staff_BadOption_OneLineError(string expected, params string[] args)
    {
        var (exit, stdout, stderr) = Cli.Run(["contact", "staff", .. args]);

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.StartsWith(expected, stderr);
        Assert.Single(stderr.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Staff_NothingStored_SaysToImportFirst()
    {
        using var empty = new CliHarness();

        var (exit, stdout, stderr) = empty.Run("contact", "staff", "--schedule");

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.StartsWith("error: No interaction log stored in", stderr);
        Assert.Single(stderr.TrimEnd().Split('\n'));
    }
}
