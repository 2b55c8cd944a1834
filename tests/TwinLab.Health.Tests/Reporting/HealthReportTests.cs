using TwinLab.Health.Calibration;
using TwinLab.Health.Ingest;
using TwinLab.Health.Patients;
using TwinLab.Health.Pharmacology;
using TwinLab.Health.Prediction;
using TwinLab.Health.Recommendation;
using TwinLab.Health.Reporting;
using TwinLab.Health.Safety;
using TwinLab.Health.SideEffects;
using TwinLab.Health.Tests.Ingest;
using RecommendationResult = TwinLab.Health.Recommendation.Recommendation;

namespace TwinLab.Health.Tests.Reporting;

/// <summary>The report on the example patient Maria (FHIR bundle and Omron CSV), calibrated, with a small recommendation.</summary>
public sealed class HealthReportFixture
{
    public HealthReportFixture()
    {
        Maria = HealthImport.Import(Path.Combine(TestData.Examples, "maria-fhir")).Profiles.Single();
        Calibration = PatientCalibration.Calibrate(Maria);
        var options = new PredictionOptions { Samples = 200, Seed = 5 };
        Recommendation = RegimenRecommender.Recommend(Maria, Calibration.Posterior, new RecommendOptions { Prediction = options, TopCount = 3 });
        var regimen = Regimen.Parse("lisinopril 10mg + losartan 50mg");
        var prediction = BpPredictor.Predict(Maria, Calibration.Posterior, regimen, options);
        Excluded = new PredictionDetail(prediction, SafetyRules.Check(regimen, Maria, prediction.StartDay), SideEffectModel.Estimate(regimen, Maria));
        Content = new HealthReportContent
        {
            Title = "Maria <test>",
            Patient = Maria,
            Calibration = Calibration,
            Trajectories =
            [
                .. Recommendation.TopChoices.Select(c => new ReportTrajectory($"#{c.Rank} {c.Best.Regimen}", c.Prediction!)),
                new ReportTrajectory($"current: {Recommendation.Current.Regimen}", Recommendation.Current.Prediction),
            ],
            Recommendation = Recommendation,
        };
    }

    public PatientProfile Maria { get; }
    public CalibrationResult Calibration { get; }
    public RecommendationResult Recommendation { get; }
    public PredictionDetail Excluded { get; }
    public HealthReportContent Content { get; }
}

public sealed class HealthReportTests(HealthReportFixture f) : IClassFixture<HealthReportFixture>
{
    [Fact]
    public void RenderHtml_Recommendation_HasEverySectionAndChart()
    {
        var html = HealthReport.RenderHtml(f.Content);
        foreach (var section in new[] { "patient", "readings", "calibration", "trajectories", "ranking", "excluded", "disclaimer" })
            Assert.Contains($"<section id=\"{section}\">", html);
        foreach (var chart in new[] { "readings", "sensitivities", "trajectory-systolic", "trajectory-diastolic" })
            Assert.Contains($"data-chart=\"{chart}\"", html);
        Assert.Contains("<svg", html);
        Assert.Contains(HealthDisclaimer.Text, html);
        // The ranking table names the top regimen, and the exclusions name the ACEi + ARB rule with a count.
        Assert.Contains(Html(f.Recommendation.TopChoices.First().Best.Regimen.ToString()), html);
        Assert.Contains("acei-with-arb", html);
        // Medication history from the FHIR bundle.
        Assert.Contains("lisinopril 10mg + amlodipine 5mg", html);
    }

    [Fact]
    public void RenderHtml_Title_IsEscaped()
    {
        var html = HealthReport.RenderHtml(f.Content);
        Assert.Contains("Maria &lt;test&gt;", html);
        Assert.DoesNotContain("Maria <test>", html);
    }

    [Fact]
    public void RenderHtml_SameContent_SameBytes()
    {
        Assert.Equal(HealthReport.RenderHtml(f.Content), HealthReport.RenderHtml(f.Content));
    }

    [Fact]
    public void Charts_Trajectories_DrawTheTopThreeAndTheCurrentRegimen()
    {
        var charts = HealthReport.Charts(f.Content);
        Assert.Equal(["readings", "sensitivities", "trajectory-systolic", "trajectory-diastolic"], charts.Select(c => c.Name));
        var svg = charts.Single(c => c.Name == "trajectory-systolic").ToSvg();
        Assert.Contains("current:", svg);
        Assert.Contains("#1", svg);
        Assert.Contains("target", svg);
    }

    [Fact]
    public void RenderHtml_ExcludedPrediction_SaysExcludedLoudly()
    {
        var html = HealthReport.RenderHtml(new HealthReportContent
        {
            Patient = f.Maria,
            Prediction = f.Excluded,
            Trajectories = [new ReportTrajectory("lisinopril + losartan", f.Excluded.Prediction)],
        });
        Assert.True(f.Excluded.Excluded);
        Assert.Contains("EXCLUDED for this person", html);
        Assert.Contains("<section id=\"prediction\">", html);
        Assert.DoesNotContain("<section id=\"ranking\">", html);
        Assert.DoesNotContain("<section id=\"calibration\">", html);
        Assert.Contains(HealthDisclaimer.Text, html);
    }

    [Fact]
    public void RenderHtml_PopulationPriorOnly_SaysSo()
    {
        var aisha = HealthImport.Import(Path.Combine(TestData.Examples, "aisha.yaml")).Profiles.Single();
        var calibration = PatientCalibration.Calibrate(aisha);
        var html = HealthReport.RenderHtml(new HealthReportContent { Patient = aisha, Calibration = calibration });
        Assert.Contains("Population prior only", html);
        Assert.DoesNotContain("Medication history", html);
        Assert.Contains("asthma", html);
    }

    [Fact]
    public void WriteHtml_Path_WritesTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"twinlab-health-report-{Guid.NewGuid():N}", "report.html");
        try
        {
            HealthReport.WriteHtml(f.Content, path);
            Assert.Contains("data-chart=\"trajectory-systolic\"", File.ReadAllText(path));
            if (Environment.GetEnvironmentVariable("TWINLAB_HEALTH_REPORT_PNG") is { Length: > 0 } dir)
                foreach (var chart in HealthReport.Charts(f.Content)) File.WriteAllBytes(Path.Combine(dir, chart.Name + ".png"), chart.ToPng());
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
        }
    }

    private static string Html(string text) => TwinLab.Simulation.Reports.Html.Encode(text);
}
