using System.Text.Json.Nodes;

namespace TwinLab.Cli.Tests;

public sealed class ContactCommandTests : IDisposable
{
    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private string Example(string name) => Path.Combine(_cli.Examples, "contact-center", name);

    private string Out(string name) => Path.Combine(Path.GetDirectoryName(_cli.Db)!, name);

    private const string ShortScenario = """
        name: short what-if
        simulator: contact-center
        horizon: 1
        seed: 11
        replications: 3
        parameters: { days: 1, start_day: tuesday }
        kpis: [service_level, abandonment_rate, satisfaction]
        experiment:
          type: compare
          alternatives:
            - name: knowledge base
              parameters: { handle_time_factor: 0.9 }

        """;

    [Fact]
    public void ImportCalibrateSimulate_ShippedExample_StoresModelTwinsAndResult()
    {
        var import = _cli.Json("contact", "import", Example("interactions.csv"), "--roster", Example("roster.yaml"));
        Assert.Equal(31176, import["rowsRead"]!.GetValue<int>());
        Assert.Equal(31176, import["rowsUsed"]!.GetValue<int>());
        Assert.Empty(import["problems"]!.AsArray());
        Assert.Equal(52, import["roster"]!["agents"]!.GetValue<int>());
        Assert.Equal(6, import["twins"]!["modelsImported"]!.GetValue<int>());

        var report = Out("calibration.html");
        var calibration = _cli.Json("contact", "calibrate", "--report", report);
        var queues = calibration["queues"]!.AsArray();
        Assert.Equal(["billing/phone", "billing/chat", "tech/phone", "tech/chat"],
            queues.Select(q => $"{q!["queue"]}/{q["channel"]}"));
        var billingPhone = queues[0]!;
        // The example was generated with 420 billing phone calls on a Tuesday (fewer at weekends: the weekly mean per
        // day is lower) and lognormal handle times (mean ≈ 5 min).
        Assert.InRange(billingPhone["arrivalsPerDay"]!.GetValue<double>(), 300, 480);
        Assert.Equal("lognormal", billingPhone["handleFamily"]!.GetValue<string>());
        Assert.InRange(billingPhone["ahtSeconds"]!.GetValue<double>(), 270, 330);
        Assert.InRange(billingPhone["patienceMeanSeconds"]!.GetValue<double>(), 150, 210);
        Assert.InRange(billingPhone["firstContactResolution"]!.GetValue<double>(), 0.79, 0.85);
        Assert.NotNull(billingPhone["forecastMethod"]);
        Assert.NotEmpty(calibration["warnings"]!.AsArray());
        Assert.Contains("<html", File.ReadAllText(report));
        var twin = _cli.Json("twins", "get", "queue-billing-phone");
        Assert.Equal(billingPhone["handleDistribution"]!.GetValue<string>(), twin["handleSeconds"]!.GetValue<string>());

        var historyBefore = _cli.Json("history").AsArray().Count;
        var (exit, stdout, stderr) = _cli.Run("contact", "simulate", "--scenario", _cli.File("short.yaml", ShortScenario), "--out", Out("whatif"));

        Assert.True(exit == 0, stderr);
        Assert.Contains("short what-if — compare with simulator 'contact-center'", stdout);
        Assert.Contains("knowledge base", stdout);
        Assert.Contains("service_level", stdout);
        Assert.True(File.Exists(Path.Combine(Out("whatif"), "report.html")));
        Assert.Single(_cli.Json("results", "list").AsArray());
        Assert.Single(_cli.Json("branch", "list").AsArray());
        Assert.Equal(historyBefore, _cli.Json("history").AsArray().Count);
    }

    [Fact]
    public void Erlang_WorkedCheck_MatchesTheIssue()
    {
        var (exit, stdout, stderr) = _cli.Run("contact", "erlang", "--rate", "100", "--aht", "180", "--agents", "14", "--target", "80/20");

        Assert.True(exit == 0, stderr);
        var row = stdout.Split('\n').Single(l => l.StartsWith("14  ", StringComparison.Ordinal));
        Assert.Equal(["14", "0.1741", "0.8884", "7.84", "0.714"], row.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("offered load 10 Erlangs", stdout);
        Assert.Contains("Fewest agents for 80% answered within 20 s: 14.", stdout);
        Assert.Contains("14 agents meet the target.", stdout);
    }

    [Fact]
    public void Erlang_Json_RateFormsAgreeAndTargetFindsFewest()
    {
        var perInterval = _cli.Json("contact", "erlang", "--rate", "100", "--aht", "180", "--agents", "14");
        var perHour = _cli.Json("contact", "erlang", "--rate", "200/h", "--aht", "3min", "--agents", "14");
        var staffed = _cli.Json("contact", "erlang", "--rate", "100/30m", "--aht", "180", "--target", "80/20", "--shrinkage", "30%");

        var m = perInterval["metrics"]!;
        Assert.Equal(0.1741, Math.Round(m["waitProbability"]!.GetValue<double>(), 4));
        Assert.Equal(0.8884, Math.Round(m["serviceLevel"]!.GetValue<double>(), 4));
        Assert.Equal(7.84, Math.Round(m["averageSpeedOfAnswerSeconds"]!.GetValue<double>(), 2));
        Assert.Equal(0.714, Math.Round(m["occupancy"]!.GetValue<double>(), 3));
        Assert.Equal(m.ToJsonString(), perHour["metrics"]!.ToJsonString());
        Assert.Equal("Erlang C", perInterval["model"]!.GetValue<string>());
        Assert.Equal(14, staffed["fewest"]!["agents"]!.GetValue<int>());
        Assert.Equal(20, staffed["fewest"]!["scheduledAgents"]!.GetValue<int>());
        Assert.Null(staffed["metrics"]);
    }

    [Fact]
    public void Erlang_WithPatience_ReportsAbandonmentAndHonoursTheCap()
    {
        var a = _cli.Json("contact", "erlang", "--rate", "100", "--aht", "180", "--agents", "11", "--patience", "120", "--target", "80/20", "--max-abandon", "2%");
        var uncapped = _cli.Json("contact", "erlang", "--rate", "100", "--aht", "180", "--patience", "120", "--target", "80/20");

        Assert.Equal("Erlang A", a["model"]!.GetValue<string>());
        var abandon = a["metrics"]!["abandonment"]!.GetValue<double>();
        Assert.InRange(abandon, 0.005, 0.2);
        var fewest = a["fewest"]!;
        Assert.True(fewest["metrics"]!["abandonment"]!.GetValue<double>() <= 0.02);
        Assert.True(fewest["metrics"]!["serviceLevel"]!.GetValue<double>() >= 0.8);
        // Patience lets queued callers leave, so Erlang A needs fewer agents than Erlang C (14) for 80/20 alone
        // (12: SL 0.8256, 6.2% abandon); the 2% abandonment cap then needs more.
        Assert.Equal(12, uncapped["fewest"]!["agents"]!.GetValue<int>());
        Assert.True(fewest["agents"]!.GetValue<int>() > 12);
        Assert.True(fewest["metrics"]!["abandonment"]!.GetValue<double>() <= 0.02);
    }

    [Fact]
    public void Import_LogWithBadRows_ReportsRowNumbersAndKeepsTheGoodRows()
    {
        var log = _cli.File("log.csv", """
            arrival,channel,queue,wait_seconds,outcome,agent,handle_seconds,resolved,repeat,satisfaction
            2025-03-04 09:00:05,phone,billing,12,answered,a1,300,yes,no,5
            2025-03-04 09:01:10,phone,billing,-4,answered,a1,280,yes,no,
            2025-03-04 09:02:00,chat,tech,30,answered,a2,610,no,no,3
            not a time,phone,billing,5,answered,a1,200,yes,no,
            2025-03-04 09:04:30,phone,tech,95,abandoned,,,,,
            2025-03-04 09:05:00,phone,tech,20,answered,a2,-60,yes,no,

            """);

        var (exit, stdout, stderr) = _cli.Run("contact", "import", log, "--roster", Example("roster.yaml"));
        var json = _cli.Json("contact", "import", log);

        Assert.True(exit == 0, stderr);
        Assert.Contains("6 rows read, 3 used, 3 excluded", stdout);
        Assert.Contains("row 2, column 'wait_seconds'", stdout);
        Assert.Contains("row 4, column 'arrival'", stdout);
        Assert.Contains("row 6, column 'handle_seconds'", stdout);
        Assert.Equal(3, json["rowsUsed"]!.GetValue<int>());
        Assert.Equal([2, 4, 6], json["problems"]!.AsArray().Select(p => p!["row"]!.GetValue<int>()).Distinct());
        Assert.Equal("wait_seconds", json["problems"]![0]!["column"]!.GetValue<string>());
        Assert.False(json["rosterNeeded"]!.GetValue<bool>());
    }

    [Fact]
    public void Import_WithoutRosterAndNoneStored_StoresTheLogAndExplainsWhatIsNeeded()
    {
        var (exit, stdout, stderr) = _cli.Run("contact", "import", Example("interactions.csv"));

        Assert.True(exit == 0, stderr);
        Assert.Contains("No roster stored yet", stdout);
        Assert.Contains("--roster roster.yaml", stdout);
        var (calibrateExit, _, calibrateErr) = _cli.Run("contact", "calibrate");
        Assert.Equal(1, calibrateExit);
        Assert.Contains("No roster stored in", calibrateErr);
        Assert.Contains("--roster FILE' first.", calibrateErr);
    }

    [Theory]
    [InlineData("error: No interaction log stored in", "contact", "calibrate")]
    [InlineData("error: No interaction log stored in", "contact", "simulate", "--scenario", "SCENARIO")]
    [InlineData("error: Column map: 'arival' is not a field (did you mean 'arrival'?)", "contact", "import", "LOG", "--map", "arival=q_start")]
    [InlineData("error: Column map: 'queue=' names no column", "contact", "import", "LOG", "--map", "queue=")]
    [InlineData("error: Column map: 'bank-of-nowhere' is not a preset", "contact", "import", "LOG", "--preset", "bank-of-nowhere")]
    [InlineData("error: Interaction log", "contact", "import", "missing.csv")]
    [InlineData("error: --interval must be 15, 30 or 60 (minutes), got 20.", "contact", "calibrate", "--interval", "20")]
    [InlineData("error: --time-zone Mars/Olympus: not a time zone", "contact", "import", "LOG", "--time-zone", "Mars/Olympus")]
    [InlineData("error: --date-order ymd: use day-first, month-first or auto.", "contact", "import", "LOG", "--date-order", "ymd")]
    [InlineData("error: --satisfaction-scale 5-1: write MIN-MAX", "contact", "import", "LOG", "--satisfaction-scale", "5-1")]
    [InlineData("error: --rate abc: 'abc' is not a number", "contact", "erlang", "--rate", "abc", "--aht", "180", "--agents", "14")]
    [InlineData("error: --aht 3 weeks: unknown unit 'weeks'", "contact", "erlang", "--rate", "100", "--aht", "3 weeks", "--agents", "14")]
    [InlineData("error: --target 80: write PERCENT/SECONDS", "contact", "erlang", "--rate", "100", "--aht", "180", "--target", "80")]
    [InlineData("error: --max-abandon 7: a share is a fraction (0.05) or a percentage (5%).", "contact", "erlang", "--rate", "100", "--aht", "180", "--target", "80/20", "--max-abandon", "7")]
    [InlineData("error: Give --agents N to evaluate a staffing, or --target 80/20", "contact", "erlang", "--rate", "100", "--aht", "180")]
    [InlineData("error: --agents must be at least 1, got 0.", "contact", "erlang", "--rate", "100", "--aht", "180", "--agents", "0")]
    public void InputError_OneLineOnStderr_ExitOne(string expected, params string[] args)
    {
        var scenario = _cli.File("s.yaml", ShortScenario);
        var log = _cli.File("log.csv", "arrival,channel,queue,wait_seconds,outcome\n2025-03-04 09:00:05,phone,billing,12,answered\n");
        args = [.. args.Select(a => a switch { "SCENARIO" => scenario, "LOG" => log, "missing.csv" => Out("missing.csv"), _ => a })];

        var (exit, stdout, stderr) = _cli.Run(args);

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.StartsWith(expected, stderr);
        Assert.Single(stderr.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Import_RosterWithAnUnclosedBrace_UserErrorWithTheLine()
    {
        var roster = _cli.File("roster.yaml", "shrinkage: 0.2\nshifts: { a: { days: mon-fri, start: \"08:00\", end: \"16:00\" }\nagents:\n  - { id: a1, skills: [billing], shifts: [a] }\n");

        var (exit, stdout, stderr) = _cli.Run("contact", "import", Example("interactions.csv"), "--roster", roster);

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Contains("roster.yaml:", stderr);
        Assert.Contains("not valid YAML", stderr);
        Assert.Single(stderr.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Simulate_ScenarioWithAnUnclosedBrace_UserErrorWithTheLine()
    {
        _cli.Json("contact", "import", Example("interactions.csv"), "--roster", Example("roster.yaml"));
        _cli.Json("contact", "calibrate");
        var scenario = _cli.File("s.yaml", "name: x\nsimulator: contact-center\nhorizon: 1\nparameters: { days: 7, a: { b: 1 }\nkpis: [service_level]\n");

        var (exit, _, stderr) = _cli.Run("contact", "simulate", "--scenario", scenario);

        Assert.Equal(1, exit);
        Assert.Contains("s.yaml:", stderr);
        Assert.Contains("not valid YAML", stderr);
    }

    [Fact]
    public void Calibrate_EveryHandleTimeEqual_FallsBackWithAWarning()
    {
        var rows = new System.Text.StringBuilder("arrival,channel,queue,wait_seconds,outcome,agent,handle_seconds\n");
        var start = new DateTime(2025, 3, 3, 9, 0, 0);
        for (var i = 0; i < 400; i++)
            rows.Append(System.FormattableString.Invariant($"{start.AddDays(i / 40).AddMinutes(i % 40 * 7):yyyy-MM-dd HH:mm:ss},phone,billing,{i % 30},answered,a1,300\n"));
        _cli.Json("contact", "import", _cli.File("flat.csv", rows.ToString()), "--roster", Example("roster.yaml"));

        var (exit, stdout, stderr) = _cli.Run("contact", "calibrate");

        Assert.True(exit == 0, stderr);
        Assert.Contains("all 400 handle times are 300 s", stdout);
    }

    [Fact]
    public void Erlang_PatienceTooLongForAnOverloadedCentre_UserError()
    {
        var (exit, _, stderr) = _cli.Run("contact", "erlang", "--rate", "100", "--aht", "180", "--agents", "5", "--patience", "1e12");

        Assert.Equal(1, exit);
        Assert.StartsWith("error: Erlang A cannot be evaluated at 5 agents", stderr);
    }

    [Fact]
    public void Simulate_LogImportedButNotCalibrated_SaysToCalibrate()
    {
        _cli.Json("contact", "import", _cli.File("log.csv",
            "arrival,channel,queue,wait_seconds,outcome,agent,handle_seconds\n2025-03-04 09:00:05,phone,billing,12,answered,a1,300\n"), "--roster", Example("roster.yaml"));

        var (exit, _, stderr) = _cli.Run("contact", "simulate", "--scenario", _cli.File("s.yaml", ShortScenario));

        Assert.Equal(1, exit);
        Assert.Contains("No calibrated contact centre stored in", stderr);
        Assert.Contains("run 'twinlab contact calibrate' first.", stderr);
    }

    [Fact]
    public void Import_AllRowsBad_RefusedWithTheFirstProblems()
    {
        var log = _cli.File("bad.csv", "arrival,channel,queue,wait_seconds,outcome\nyesterday,phone,billing,12,answered\n2025-03-04 09:00:05,phone,billing,-1,answered\n");

        var (exit, stdout, stderr) = _cli.Run("contact", "import", log, "--roster", Example("roster.yaml"));

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Contains("no row could be used (2 rows read); first problems: row 1, column 'arrival'", stderr);
        Assert.Contains("row 2, column 'wait_seconds'", stderr);
    }
}
