using System.Text.Json.Nodes;

namespace TwinLab.Cli.Tests;

/// <summary>The <c>twinlab health</c> verbs on the example patients of examples/health.</summary>
public sealed class HealthCommandTests : IDisposable
{
    private const string Disclaimer = "Decision support for clinicians, not medical advice.";

    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    private string Example(string name) => Path.Combine(_cli.Examples, "health", name);

    private string Out(string name) => Path.Combine(Path.GetDirectoryName(_cli.Db)!, name);

    private JsonNode ImportMaria() => _cli.Json("health", "import", Example("maria-fhir"));

    [Fact]
    public void Import_MariaFhirFolder_StoresPatientWithHistory()
    {
        var import = ImportMaria();
        Assert.Equal(Disclaimer, import["disclaimer"]!.GetValue<string>());
        var maria = import["patients"]!.AsArray().Single()!;
        Assert.Equal("maria", maria["id"]!.GetValue<string>());
        Assert.Equal("Maria Lopez", maria["name"]!.GetValue<string>());
        // README of examples/health: 81 FHIR panels (70 home + 11 clinic) and twice-daily readings in the Omron CSV.
        Assert.Equal(11, maria["clinicReadings"]!.GetValue<int>());
        Assert.True(maria["homeReadings"]!.GetValue<int>() > 200);
        Assert.Equal(["lisinopril 10mg", "lisinopril 10mg + amlodipine 5mg"], maria["medication"]!.AsArray().Select(m => m!["regimen"]!.GetValue<string>()));
        Assert.Contains(maria["labs"]!.AsArray(), l => l!["kind"]!.GetValue<string>() == "Egfr" && l["value"]!.GetValue<double>() == 55);
        Assert.Equal(0, import["readingsRejected"]!.GetValue<int>());

        var patients = _cli.Json("health", "patients");
        Assert.Equal("maria", patients["patients"]!.AsArray().Single()!["id"]!.GetValue<string>());
        var twin = _cli.Json("twins", "get", "patient-maria");
        Assert.Equal("lisinopril 10mg + amlodipine 5mg", twin["currentRegimen"]!.GetValue<string>());
    }

    [Fact]
    public void Import_AishaWithBadRows_ReportsEachWithFileAndRowAndExitsZero()
    {
        var (exit, stdout, stderr) = _cli.Run("health", "import", Example("aisha.yaml"));
        Assert.True(exit == 0, stderr);
        Assert.Contains(Disclaimer, stdout);
        Assert.Contains("aisha-readings.csv: row 11: systolic 400", stdout);
        Assert.Contains("aisha-readings.csv: row 32:", stdout);
        Assert.Contains("aisha-readings.csv: row 63: duplicate", stdout);
        Assert.Contains("Patient Aisha Rahman (aisha", stdout);
        Assert.Contains("medication: none recorded", stdout);

        var json = _cli.Json("health", "import", Example("aisha.yaml"));
        Assert.Equal(4, json["rejectedByReason"]!["duplicate"]!.GetValue<int>());
        Assert.Equal(1, json["rejectedByReason"]!["systolic-out-of-range"]!.GetValue<int>());
        Assert.Equal(6, json["problems"]!.AsArray().Count);
        // Importing the same files again appends no reading twice.
        Assert.Equal(0, json["patients"]![0]!["twins"]!["readingsAppended"]!.GetValue<int>());
    }

    [Fact]
    public void Import_CsvWithBadRows_ExcludesThemAndKeepsTheRest()
    {
        var csv = _cli.File("monitor.csv", """
            Date,Time,Systolic,Diastolic,Pulse
            2026-11-01,07:10,148,92,71
            2026-11-01,21:05,139,abc,70
            2026-11-02,07:02,412,95,72
            2026-11-02,21:00,141,88,69
            2026-11-03,07:05,88,120,70

            """);
        var json = _cli.Json("health", "import", csv, "--patient", "p1");
        Assert.Equal(2, json["readingsAccepted"]!.GetValue<int>());
        Assert.Equal(3, json["readingsRejected"]!.GetValue<int>());
        var problems = json["problems"]!.AsArray().Select(p => p!["text"]!.GetValue<string>()).ToList();
        Assert.Contains(problems, p => p.Contains("monitor.csv: row 3", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("monitor.csv: row 4", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("monitor.csv: row 6", StringComparison.Ordinal));
        Assert.Equal("p1", json["patients"]![0]!["id"]!.GetValue<string>());
    }

    [Fact]
    public void Import_BadFileAfterGoodOne_FailsAndKeepsTheFirstPatient()
    {
        _cli.Json("health", "import", Example("james.yaml"));
        var bad = _cli.File("bad.csv", "when,upper,lower\n2026-11-01 07:00,140,90\n");
        var (exit, _, stderr) = _cli.Run("health", "import", bad, "--patient", "zoe");
        Assert.Equal(1, exit);
        Assert.Contains("bad.csv", stderr);
        var badYaml = _cli.File("bad.yaml", "id: kim\nbirthDate: 31/31/1990\n");
        Assert.Equal(1, _cli.Run("health", "import", badYaml).Exit);

        var patients = _cli.Json("health", "patients")["patients"]!.AsArray();
        Assert.Equal(["james"], patients.Select(p => p!["id"]!.GetValue<string>()));
        Assert.Equal(0, _cli.Run("health", "calibrate", "james").Exit);
    }

    [Fact]
    public void Import_WholeExamplesFolder_ImportsTheThreePatientsAndSkipsTheScenario()
    {
        var (exit, stdout, stderr) = _cli.Run("health", "import", Path.Combine(_cli.Examples, "health"));
        Assert.True(exit == 0, stderr);
        Assert.Contains("compare-regimens.yaml: skipped", stdout);
        var patients = _cli.Json("health", "patients")["patients"]!.AsArray();
        Assert.Equal(["aisha", "james", "maria"], patients.Select(p => p!["id"]!.GetValue<string>()));
    }

    [Fact]
    public void Import_NewCsvForStoredPatient_AddsReadingsAndKeepsHerRecord()
    {
        var before = ImportMaria()["patients"]![0]!;
        var csv = _cli.File("maria-next.csv", "timestamp,systolic,diastolic,pulse\n2026-11-22 07:05,136,82,71\n2026-11-22 20:40,129,78,70\n");

        var json = _cli.Json("health", "import", csv, "--patient", "maria");
        var maria = json["patients"]![0]!;
        Assert.Equal(before["readings"]!.GetValue<int>() + 2, maria["readings"]!.GetValue<int>());
        Assert.Equal("lisinopril 10mg + amlodipine 5mg", maria["currentRegimen"]!.GetValue<string>());
        Assert.Equal("Maria Lopez", maria["name"]!.GetValue<string>());
        Assert.Equal(before["conditions"]!.AsArray().Count, maria["conditions"]!.AsArray().Count);
        Assert.Equal(before["labs"]!.AsArray().Count, maria["labs"]!.AsArray().Count);

        // The same file uploaded again adds nothing and says why.
        var again = _cli.Json("health", "import", csv, "--patient", "maria");
        Assert.Equal(2, again["rejectedByReason"]!["duplicate"]!.GetValue<int>());
        Assert.Equal(maria["readings"]!.GetValue<int>(), again["patients"]![0]!["readings"]!.GetValue<int>());
        Assert.Contains("Chronic kidney disease", _cli.Run("health", "predict", "maria", "--regimen", "amlodipine 10mg", "--samples", "50").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_OnlyAnUnreadableJson_ErrorNamesFileAndLine()
    {
        var bad = _cli.File("cut.json", "{\"resourceType\":\"Bundle\", \"entry\": [\n");
        var (exit, _, stderr) = _cli.Run("health", "import", bad);
        Assert.Equal(1, exit);
        Assert.Contains("cut.json: line 2", stderr);
        Assert.Contains("not valid JSON", stderr);
    }

    [Fact]
    public void Import_MissingPath_IsAUserError()
    {
        var (exit, _, stderr) = _cli.Run("health", "import", Out("nowhere.json"));
        Assert.Equal(1, exit);
        Assert.Contains("nowhere.json", stderr);
    }

    [Fact]
    public void Calibrate_StoredPatient_PrintsSensitivitiesAndPredictReusesIt()
    {
        ImportMaria();
        var (exit, stdout, stderr) = _cli.Run("health", "calibrate", "maria");
        Assert.True(exit == 0, stderr);
        Assert.Contains(Disclaimer, stdout);
        Assert.Contains("ccb", stdout);
        Assert.Contains("80%:", stdout);
        Assert.Contains("Stored with the patient", stdout);

        var json = _cli.Json("health", "calibrate", "maria");
        Assert.False(json["fromPopulationOnly"]!.GetValue<bool>());
        var ccb = json["classes"]!.AsArray().Single(c => c!["className"]!.GetValue<string>() == "ccb")!;
        // Maria's CCB sensitivity is 1.3 by construction (examples/health/README.md); the interval must hold it.
        Assert.InRange(1.3, ccb["lower80"]!.GetValue<double>() - 0.1, ccb["upper80"]!.GetValue<double>() + 0.1);
        Assert.True(json["stored"]!.GetValue<bool>());

        var predict = _cli.Json("health", "predict", "maria", "--regimen", "amlodipine 10mg + lisinopril 10mg", "--samples", "200");
        Assert.True(predict["reusedStoredCalibration"]!.GetValue<bool>());
    }

    [Fact]
    public void Calibrate_NeverTreated_SaysPopulationPriorOnly()
    {
        _cli.Json("health", "import", Example("aisha.yaml"));
        var (exit, stdout, _) = _cli.Run("health", "calibrate", "aisha");
        Assert.Equal(0, exit);
        Assert.Contains("POPULATION PRIORS", stdout);
        Assert.Contains("Population prior only", stdout);
        var json = _cli.Json("health", "calibrate", "aisha");
        Assert.True(json["fromPopulationOnly"]!.GetValue<bool>());
        Assert.Contains(json["warnings"]!.AsArray(), w => w!["code"]!.GetValue<string>() == "population-prior-only");
        Assert.Equal(Disclaimer, json["disclaimer"]!.GetValue<string>());
    }

    [Fact]
    public void Calibrate_FilePath_ReadsOnTheFlyWithoutStoring()
    {
        var json = _cli.Json("health", "calibrate", Example("james.yaml"));
        Assert.Equal("james", json["patientId"]!.GetValue<string>());
        Assert.False(json["stored"]!.GetValue<bool>());
        Assert.Empty(_cli.Json("health", "patients")["patients"]!.AsArray());
    }

    [Fact]
    public void Predict_Maria_PrintsWeeks4To12WithIntervalsAndSideEffects()
    {
        ImportMaria();
        var (exit, stdout, stderr) = _cli.Run("health", "predict", "maria", "--regimen", "amlodipine 10mg + lisinopril 10mg", "--samples", "200", "--weeks", "16");
        Assert.True(exit == 0, stderr);
        Assert.Contains(Disclaimer, stdout);
        Assert.Contains("P(target)", stdout);
        Assert.Contains("ankle oedema", stdout);
        Assert.DoesNotContain("EXCLUDED", stdout);

        var json = _cli.Json("health", "predict", "maria", "--regimen", "amlodipine 10mg + lisinopril 10mg", "--samples", "200", "--weeks", "16", "--seed", "3");
        var horizons = json["prediction"]!["horizons"]!.AsArray();
        Assert.Equal([4, 8, 12, 16], horizons.Select(h => h!["weeks"]!.GetValue<int>()));
        foreach (var h in horizons)
        {
            var sys = h!["systolic"]!;
            Assert.True(sys["low10"]!.GetValue<double>() < sys["median"]!.GetValue<double>() && sys["median"]!.GetValue<double>() < sys["high90"]!.GetValue<double>());
            Assert.InRange(h["probabilityAtTarget"]!.GetValue<double>(), 0, 1);
            // More amlodipine than now: below her recent home average of about 137 mmHg.
            Assert.InRange(sys["median"]!.GetValue<double>(), 110, 137);
        }
        Assert.False(json["excluded"]!.GetValue<bool>());
        Assert.Equal(Disclaimer, json["disclaimer"]!.GetValue<string>());
        Assert.Equal(Disclaimer, json["prediction"]!["disclaimer"]!.GetValue<string>());
        // Same seed, same figures.
        var again = _cli.Json("health", "predict", "maria", "--regimen", "amlodipine 10mg + lisinopril 10mg", "--samples", "200", "--weeks", "16", "--seed", "3");
        Assert.Equal(json["prediction"]!["horizons"]!.ToJsonString(), again["prediction"]!["horizons"]!.ToJsonString());
    }

    [Fact]
    public void Predict_ExcludedRegimen_IsPredictedAndSaysExcludedLoudly()
    {
        ImportMaria();
        var (exit, stdout, _) = _cli.Run("health", "predict", "maria", "--regimen", "lisinopril 10mg + losartan 50mg", "--samples", "100");
        Assert.Equal(0, exit);
        Assert.Contains("EXCLUDED", stdout);
        Assert.Contains("ARB", stdout);
        var json = _cli.Json("health", "predict", "maria", "--regimen", "lisinopril 10mg + losartan 50mg", "--samples", "100");
        Assert.True(json["excluded"]!.GetValue<bool>());
        Assert.Contains(json["safety"]!.AsArray(), f => f!["rule"]!.GetValue<string>() == "acei-with-arb");
        Assert.Equal(3, json["prediction"]!["horizons"]!.AsArray().Count);
    }

    [Fact]
    public void Predict_BadRegimen_NamesThePart()
    {
        ImportMaria();
        var (exit, _, stderr) = _cli.Run("health", "predict", "maria", "--regimen", "amlodipine 5mg + wonderpill 10mg");
        Assert.Equal(1, exit);
        Assert.Contains("wonderpill", stderr);
    }

    [Fact]
    public void Predict_EmptyRegimen_IsAUserErrorNotStopEverything()
    {
        ImportMaria();
        var (exit, stdout, stderr) = _cli.Run("health", "predict", "maria", "--regimen", " ");
        Assert.Equal(1, exit);
        Assert.Contains("--regimen is empty", stderr);
        Assert.DoesNotContain("Prediction for", stdout);
    }

    [Fact]
    public void PredictAndRecommend_PatientWithoutReadings_SayHowToAddThem()
    {
        var bundle = _cli.File("empty-patient.json", """{"resourceType":"Patient","id":"nora","gender":"female","birthDate":"1971-02-03"}""");
        Assert.Equal(0, _cli.Run("health", "import", bundle).Exit);

        foreach (var verb in new[] { "predict", "recommend" })
        {
            var (exit, _, stderr) = verb == "predict"
                ? _cli.Run("health", "predict", "nora", "--regimen", "amlodipine 5mg")
                : _cli.Run("health", "recommend", "nora", "--samples", "50");
            Assert.Equal(1, exit);
            Assert.Contains("no BP readings", stderr);
            Assert.Contains("--patient nora", stderr);
        }
    }

    [Fact]
    public void Predict_BadTarget_IsAUserError()
    {
        ImportMaria();
        var (exit, _, stderr) = _cli.Run("health", "predict", "maria", "--regimen", "amlodipine 5mg", "--target", "lowish");
        Assert.Equal(1, exit);
        Assert.Contains("lowish", stderr);
        Assert.Equal(1, _cli.Run("health", "predict", "maria", "--regimen", "amlodipine 5mg", "--target", "80/130").Exit);
    }

    [Fact]
    public void Predict_UnknownPatient_SaysHowToImport()
    {
        ImportMaria();
        var (exit, _, stderr) = _cli.Run("health", "predict", "nobody", "--regimen", "amlodipine 5mg");
        Assert.Equal(1, exit);
        Assert.Contains("No patient 'nobody'", stderr);
        Assert.Contains("maria", stderr);
    }

    [Fact]
    public void Predict_Report_WritesTheTrajectoryChart()
    {
        ImportMaria();
        var report = Out("predict.html");
        var json = _cli.Json("health", "predict", "maria", "--regimen", "amlodipine 10mg + lisinopril 10mg", "--samples", "100", "--report", report);
        Assert.Equal(report, json["report"]!.GetValue<string>());
        var html = File.ReadAllText(report);
        Assert.Contains("data-chart=\"trajectory-systolic\"", html);
        Assert.Contains("current: lisinopril 10mg + amlodipine 5mg", html);
        Assert.Contains(Disclaimer, html);
    }

    [Fact]
    public void Recommend_Maria_RanksExplainsExcludesAndWritesTheReport()
    {
        ImportMaria();
        var report = Out("recommend.html");
        var json = _cli.Json("health", "recommend", "maria", "--top", "3", "--samples", "150", "--report", report);
        Assert.Equal(Disclaimer, json["disclaimer"]!.GetValue<string>());
        var top = json["top"]!.AsArray();
        Assert.Equal(3, top.Count);
        Assert.Equal([1, 2, 3], top.Select(t => t!["rank"]!.GetValue<int>()));
        Assert.All(top, t => Assert.False(string.IsNullOrWhiteSpace(t!["explanation"]!.GetValue<string>())));
        // Maria responds strongly to her CCB and is off target on her current regimen: the top choices keep a CCB.
        Assert.Contains("amlodipine", top[0]!["regimen"]!.GetValue<string>());
        Assert.True(top[0]!["probabilityAtTarget"]!.GetValue<double>() > json["current"]!["prediction"]!["horizons"]![2]!["probabilityAtTarget"]!.GetValue<double>());
        Assert.True(json["exclusionsByRule"]!["acei-with-arb"]!.GetValue<int>() > 0);
        Assert.Equal("lisinopril 10mg + amlodipine 5mg", json["current"]!["regimen"]!.GetValue<string>());
        Assert.False(json["current"]!["atTarget"]!.GetValue<bool>());
        var html = File.ReadAllText(report);
        Assert.Contains("data-chart=\"trajectory-systolic\"", html);
        Assert.Contains("<section id=\"ranking\">", html);
        Assert.Contains("<section id=\"excluded\">", html);
    }

    [Fact]
    public void Recommend_Text_ShowsExclusionsAndCurrentRegimen()
    {
        _cli.Json("health", "import", Example("aisha.yaml"));
        var (exit, stdout, stderr) = _cli.Run("health", "recommend", "aisha", "--top", "2", "--samples", "100", "--target", "home-135-85", "--weights", "p=1,side=0.5,pills=0.05");
        Assert.True(exit == 0, stderr);
        Assert.Contains(Disclaimer, stdout);
        Assert.Contains("POPULATION PRIOR ONLY", stdout);
        Assert.Contains("#1 ", stdout);
        Assert.Contains("Excluded (", stdout);
        Assert.Contains("acei-with-arb", stdout);
        Assert.Contains("Current regimen none", stdout);
    }

    [Fact]
    public void Recommend_PregnantOnLisinopril_SaysLoudlyTheCurrentRegimenIsExcluded()
    {
        var rows = string.Join("\n", Enumerable.Range(0, 28).Select(i => $"2026-11-{(i / 2) + 1:00} {(i % 2 == 0 ? "07:10" : "20:30")},{142 + (i % 5)},{89 + (i % 3)},72"));
        _cli.File("pia.csv", "timestamp,systolic,diastolic,pulse\n" + rows + "\n");
        var yaml = _cli.File("pia.yaml", "id: pia\nsex: female\nbirth_date: 1994-01-01\nconditions: [pregnancy]\nmedication:\n  - { regimen: lisinopril 10mg, start: 2026-11-08 }\nreadings: [pia.csv]\n");

        var (exit, stdout, stderr) = _cli.Run("health", "recommend", yaml, "--samples", "50", "--top", "1");
        Assert.True(exit == 0, stderr);
        Assert.Contains("!!! The current regimen lisinopril 10mg is EXCLUDED for this person", stdout);
        Assert.Contains("acei-or-arb-in-pregnancy", stdout);
        var json = _cli.Json("health", "recommend", yaml, "--samples", "50", "--top", "1");
        Assert.True(json["current"]!["excluded"]!.GetValue<bool>());
        Assert.Contains(json["current"]!["safety"]!.AsArray(), f => f!["rule"]!.GetValue<string>() == "acei-or-arb-in-pregnancy");
    }

    [Fact]
    public void Recommend_BadWeights_NamesTheEntry()
    {
        ImportMaria();
        var (exit, _, stderr) = _cli.Run("health", "recommend", "maria", "--weights", "p=1,tastiness=2");
        Assert.Equal(1, exit);
        Assert.Contains("tastiness", stderr);
        Assert.Equal(1, _cli.Run("health", "recommend", "maria", "--weights", "side=-1").Exit);
    }

    [Fact]
    public void Trial_FourArms_ReproducesLaw2003ForSingleDrugs()
    {
        var json = _cli.Json("health", "trial", "--arms", "placebo; amlodipine 5mg; lisinopril 10mg; amlodipine 2.5mg + lisinopril 5mg", "--n", "1500", "--seed", "11");
        Assert.Equal(Disclaimer, json["disclaimer"]!.GetValue<string>());
        var arms = json["arms"]!.AsArray();
        Assert.Equal(["placebo", "amlodipine 5mg", "lisinopril 10mg", "lisinopril 5mg + amlodipine 2.5mg"], arms.Select(a => a!["arm"]!.GetValue<string>()));
        Assert.Null(arms[0]!["systolicReduction"]);
        foreach (var arm in arms.Skip(1).Take(2))
        {
            var law = arm!["law2003"]!;
            var sys = arm["systolicReduction"]!;
            Assert.True(sys["low"]!.GetValue<double>() < sys["mean"]!.GetValue<double>());
            // Law 2003 standard dose: amlodipine 5 mg (CCB) −8.8 mmHg, lisinopril 10 mg (ACEi) −8.5 mmHg systolic, placebo-adjusted.
            Assert.InRange(sys["mean"]!.GetValue<double>(), law["systolic"]!.GetValue<double>() - 1.5, law["systolic"]!.GetValue<double>() + 1.5);
        }
        Assert.Null(arms[3]!["law2003"]);
        // Two classes at half dose add up: more than either single drug at standard dose.
        Assert.True(arms[3]!["systolicReduction"]!["mean"]!.GetValue<double>() > arms[1]!["systolicReduction"]!["mean"]!.GetValue<double>());

        var (exit, stdout, _) = _cli.Run("health", "trial", "--arms", "placebo; amlodipine 5mg", "--n", "200");
        Assert.Equal(0, exit);
        Assert.Contains("Law 2003", stdout);
        Assert.Contains(Disclaimer, stdout);
    }

    [Fact]
    public void Trial_BadArm_NamesTheArmAndThePart()
    {
        var (exit, _, stderr) = _cli.Run("health", "trial", "--arms", "placebo; amlodipine 5mg; snakeoil 3mg", "--n", "100");
        Assert.Equal(1, exit);
        Assert.Contains("arm 3", stderr);
        Assert.Contains("snakeoil", stderr);
        Assert.Equal(1, _cli.Run("health", "trial", "--arms", "placebo; amlodipine 5mg", "--n", "1").Exit);
    }

    [Theory]
    [InlineData("import")]
    [InlineData("patients")]
    [InlineData("calibrate")]
    [InlineData("predict")]
    [InlineData("recommend")]
    [InlineData("trial")]
    public void EveryVerb_TextAndJson_CarriesTheDisclaimer(string verb)
    {
        string[] args = verb switch
        {
            "import" => ["health", "import", Example("james.yaml")],
            "patients" => ["health", "patients"],
            "calibrate" => ["health", "calibrate", "james"],
            "predict" => ["health", "predict", "james", "--regimen", "losartan 100mg", "--samples", "100"],
            "recommend" => ["health", "recommend", "james", "--top", "1", "--samples", "100"],
            _ => ["health", "trial", "--arms", "placebo; losartan 50mg", "--n", "100"],
        };
        if (verb != "import") _cli.Json("health", "import", Example("james.yaml"));
        var (exit, stdout, stderr) = _cli.Run(args);
        Assert.True(exit == 0, stderr);
        Assert.Contains(Disclaimer, stdout);
        var json = _cli.Json(args);
        Assert.Equal(Disclaimer, json["disclaimer"]!.GetValue<string>());
    }
}
