using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TwinLab.Core.Application;
using TwinLab.Core.History;
using TwinLab.Health.Calibration;
using TwinLab.Health.Ingest;
using TwinLab.Health.Patients;
using TwinLab.Health.Prediction;
using TwinLab.Health.Recommendation;
using TwinLab.Health.Twin;

namespace TwinLab.Server.Tests.Domains;

/// <summary>A server whose database holds Maria (examples/health/maria-fhir) with her calibration, as the demo stores her.</summary>
public sealed class HealthServer : IDisposable
{
    public HealthServer()
    {
        Factory = new ServerFactory();
        Client = Factory.CreateClient();
        Service = Factory.Services.GetRequiredService<TwinService>();
        Profile = HealthImport.Import(Path.Combine(Examples.Root(), "health", "maria-fhir")).Profiles.Single();
        new HealthTwinStore(Service).Import(Profile, BranchInfo.Main);
        Calibration = PatientCalibration.Calibrate(Profile);
        HealthCalibrationStore.Save(Service, Profile, BranchInfo.Main, Calibration);
    }

    public ServerFactory Factory { get; }
    public HttpClient Client { get; }
    public TwinService Service { get; }
    public PatientProfile Profile { get; }
    public CalibrationResult Calibration { get; }

    public void Dispose()
    {
        Client.Dispose();
        Factory.Dispose();
    }
}

/// <summary>The repository's examples/ folder.</summary>
public static class Examples
{
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "examples");
            if (Directory.Exists(Path.Combine(candidate, "health"))) return candidate;
        }
        throw new DirectoryNotFoundException("examples/ not found above " + AppContext.BaseDirectory);
    }
}

public sealed class HealthApiTests(HealthServer server) : IClassFixture<HealthServer>
{
    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task ListPatients_after_an_import_lists_the_patient_with_the_disclaimer()
    {
        var body = await Json(await server.Client.GetAsync(Adt.Url("/domains/health/patients")));
        Assert.Equal(HealthDisclaimer.Text, body.GetProperty("disclaimer").GetString());
        var patient = Assert.Single(body.GetProperty("value").EnumerateArray());
        Assert.Equal(server.Profile.Id, patient.GetProperty("id").GetString());
        Assert.Equal(server.Profile.Readings.Count, patient.GetProperty("readings").GetInt32());
        Assert.Equal(server.Profile.CurrentRegimen.ToString(), patient.GetProperty("currentRegimen").GetString());
        Assert.True(patient.GetProperty("calibrationStored").GetBoolean());
    }

    [Fact]
    public async Task GetPatient_gives_readings_regimen_and_the_stored_calibration()
    {
        var p = server.Profile;
        var body = await Json(await server.Client.GetAsync(Adt.Url($"/domains/health/patients/{p.Id}")));
        Assert.Equal("mmHg", body.GetProperty("units").GetProperty("bloodPressure").GetString());
        var readings = body.GetProperty("readings");
        Assert.Equal(p.Readings.Count, readings.GetProperty("count").GetInt32());
        Assert.Equal(p.Readings.Count(r => r.Setting == ReadingSetting.Clinic), readings.GetProperty("office").GetInt32());
        var items = readings.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(p.Readings.Count, items.Count);
        Assert.Equal(p.Readings[^1].Systolic, items[^1].GetProperty("systolic").GetDouble());
        Assert.Equal(p.Readings[^1].Time, DateTimeOffset.Parse(items[^1].GetProperty("time").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(p.CurrentRegimen.ToString(), body.GetProperty("currentRegimen").GetProperty("text").GetString());
        var calibration = body.GetProperty("calibration");
        Assert.Equal("stored", calibration.GetProperty("source").GetString());
        var classes = calibration.GetProperty("classes").EnumerateArray().ToList();
        Assert.Equal(server.Calibration.Classes.Count, classes.Count);
        foreach (var (json, expected) in classes.Zip(server.Calibration.Classes))
        {
            Assert.Equal(expected.ClassName, json.GetProperty("class").GetString());
            Assert.Equal(expected.Mean, json.GetProperty("mean").GetDouble(), 3);
            Assert.True(json.GetProperty("lower80").GetDouble() <= json.GetProperty("mean").GetDouble());
            Assert.True(json.GetProperty("upper80").GetDouble() >= json.GetProperty("mean").GetDouble());
        }
        Assert.Equal(server.Calibration.Untreated.Mean.Systolic, calibration.GetProperty("untreatedHome").GetProperty("mean").GetProperty("systolic").GetDouble(), 1);
    }

    [Fact]
    public async Task Unknown_patient_is_404_PatientNotFound_and_unknown_branch_404_BranchNotFound()
    {
        await Adt.AssertError(await server.Client.GetAsync(Adt.Url("/domains/health/patients/nobody")), HttpStatusCode.NotFound, "PatientNotFound");
        await Adt.AssertError(await server.Client.GetAsync(Adt.Url("/domains/health/patients/nobody/recommendation")), HttpStatusCode.NotFound, "PatientNotFound");
        await Adt.AssertError(await server.Client.GetAsync(Adt.Url($"/domains/health/patients/{server.Profile.Id}?branch=nope")), HttpStatusCode.NotFound, "BranchNotFound");
        await Adt.AssertError(await server.Client.GetAsync(Adt.Url("/domains/health/patients?branch=nope")), HttpStatusCode.NotFound, "BranchNotFound");
    }

    [Theory]
    [InlineData("samples=abc", "samples")]
    [InlineData("samples=10", "samples")]
    [InlineData("top=0", "top")]
    [InlineData("seed=-1", "seed")]
    [InlineData("target=nonsense", "target")]
    [InlineData("asOf=3", "asOf")]
    public async Task Recommendation_bad_parameters_are_400_naming_the_parameter(string query, string parameter)
    {
        var response = await server.Client.GetAsync(Adt.Url($"/domains/health/patients/{server.Profile.Id}/recommendation?{query}"));
        await Adt.AssertError(response, HttpStatusCode.BadRequest, "InvalidArgument");
        var message = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("message").GetString()!;
        Assert.Contains(parameter, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recommendation_matches_the_library_is_seeded_and_its_bands_nest()
    {
        var url = Adt.Url($"/domains/health/patients/{server.Profile.Id}/recommendation?samples=120&seed=7&top=2");
        var first = await server.Client.GetStringAsync(url);
        var body = JsonDocument.Parse(first).RootElement;
        Assert.Equal(first, await server.Client.GetStringAsync(url));

        var expected = RegimenRecommender.Recommend(server.Profile, server.Calibration.Posterior, new RecommendOptions
        {
            Prediction = new PredictionOptions { Samples = 120, Seed = 7 },
            TopCount = 2,
        });
        Assert.Equal(HealthDisclaimer.Text, body.GetProperty("disclaimer").GetString());
        Assert.Equal(expected.Excluded.Count, body.GetProperty("excluded").GetProperty("count").GetInt32());
        Assert.Equal(expected.ExclusionsByRule.Count, body.GetProperty("excluded").GetProperty("byRule").GetArrayLength());
        foreach (var rule in body.GetProperty("excluded").GetProperty("byRule").EnumerateArray())
            Assert.False(string.IsNullOrWhiteSpace(rule.GetProperty("explanation").GetString()));
        var top = body.GetProperty("top").EnumerateArray().ToList();
        var choices = expected.TopChoices.ToList();
        Assert.Equal(2, top.Count);
        for (var i = 0; i < top.Count; i++)
        {
            Assert.Equal(choices[i].Best.Regimen.ToString(), top[i].GetProperty("regimen").GetProperty("text").GetString());
            Assert.Equal(choices[i].Best.ProbabilityAtTarget, top[i].GetProperty("probabilityAtTarget").GetDouble(), 4);
            Assert.Equal(choices[i].Explanation, top[i].GetProperty("explanation").GetString());
            var library = choices[i].Prediction!.Trajectory;
            var trajectory = top[i].GetProperty("prediction").GetProperty("trajectory");
            Assert.Equal(library.Count, trajectory.GetProperty("days").GetArrayLength());
            foreach (var quantity in new[] { "systolic", "diastolic" })
            {
                var s = trajectory.GetProperty(quantity);
                double At(string band, int t) => s.GetProperty(band)[t].GetDouble();
                for (var t = 0; t < library.Count; t++)
                {
                    var range = quantity == "systolic" ? library[t].Systolic : library[t].Diastolic;
                    // The 80% band is the predictor's own (to the 2 decimals sent); the 95% band lies outside it.
                    Assert.Equal(range.Median, At("median", t), 0.006);
                    Assert.Equal(range.Low, At("low80", t), 0.006);
                    Assert.Equal(range.High, At("high80", t), 0.006);
                    Assert.True(At("low95", t) <= At("low80", t) && At("high80", t) <= At("high95", t), $"{quantity} day {t}: bands do not nest");
                }
                Assert.True(At("high95", library.Count - 1) - At("low95", library.Count - 1) > At("high80", library.Count - 1) - At("low80", library.Count - 1));
            }
        }
        var current = body.GetProperty("current");
        Assert.Equal(server.Profile.CurrentRegimen.ToString(), current.GetProperty("regimen").GetProperty("text").GetString());
        Assert.Equal(expected.Current.Prediction.Horizons[^1].ProbabilityAtTarget,
            current.GetProperty("prediction").GetProperty("horizons")[expected.Current.Prediction.Horizons.Count - 1].GetProperty("probabilityAtTarget").GetDouble(), 4);

        var other = JsonDocument.Parse(await server.Client.GetStringAsync(Adt.Url($"/domains/health/patients/{server.Profile.Id}/recommendation?samples=120&seed=8&top=2"))).RootElement;
        Assert.NotEqual(body.GetProperty("top")[0].GetProperty("prediction").GetProperty("trajectory").GetProperty("systolic").GetProperty("high95").GetRawText(),
            other.GetProperty("top")[0].GetProperty("prediction").GetProperty("trajectory").GetProperty("systolic").GetProperty("high95").GetRawText());
    }
}
