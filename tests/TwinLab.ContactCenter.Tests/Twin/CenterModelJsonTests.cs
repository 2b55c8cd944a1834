using System.Text.Json.Nodes;
using TwinLab.ContactCenter.Calibration;
using TwinLab.ContactCenter.Data;
using TwinLab.ContactCenter.Simulation;
using TwinLab.ContactCenter.Synthetic;
using TwinLab.ContactCenter.Twin;
using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Random;
using TwinLab.Simulation.Random.Distributions;

namespace TwinLab.ContactCenter.Tests.Twin;

public class CenterModelJsonTests
{
    [Fact]
    public void RoundTrip_CalibratedExample_SimulatesIdenticallyWithTheSameSeed()
    {
        var model = ExampleCalibration.Report.Model;

        var back = CenterModelJson.Deserialize(CenterModelJson.Serialize(model));

        var before = new ContactCenterSimulator(model).Prepare(("days", 1.0), ("start_day", "tuesday"), ("callback", ParameterValue.Of(true)));
        var after = new ContactCenterSimulator(back).Prepare(("days", 1.0), ("start_day", "tuesday"), ("callback", ParameterValue.Of(true)));
        var a = before.Run(RandomStream.FromSeed(42), CancellationToken.None);
        var b = after.Run(RandomStream.FromSeed(42), CancellationToken.None);
        Assert.Equal(a.Kpis, b.Kpis);
        var satisfaction = new ContactCenterSimulator(model).Info.Kpis.Select(k => k.Name).ToList().IndexOf("satisfaction");
        Assert.True(satisfaction >= 0 && double.IsFinite(a.Kpis[satisfaction]) && a.Kpis[satisfaction] > 1, "the satisfaction model took part");
    }

    [Fact]
    public void RoundTrip_CalibratedExample_KeepsEveryParameterExactly()
    {
        var model = ExampleCalibration.Report.Model;
        var json = CenterModelJson.Serialize(model);

        var back = CenterModelJson.Deserialize(json);

        Assert.Equal(json, CenterModelJson.Serialize(back));
        Assert.Equal(model.IntervalMinutes, back.IntervalMinutes);
        Assert.Equal(model.Queues.Count, back.Queues.Count);
        for (var i = 0; i < model.Queues.Count; i++)
        {
            var (q, r) = (model.Queues[i], back.Queues[i]);
            Assert.Equal((q.Queue, q.Channel, q.FirstContactResolution, q.RepeatDelayHours, q.Priority), (r.Queue, r.Channel, r.FirstContactResolution, r.RepeatDelayHours, r.Priority));
            Assert.Equal(q.ArrivalRatesPerHour, r.ArrivalRatesPerHour);
            Assert.Equal(q.HandleSeconds, r.HandleSeconds);
            Assert.Equal(q.PatienceSeconds, r.PatienceSeconds);
        }
        Assert.Equal(model.Roster.Shrinkage, back.Roster.Shrinkage);
        Assert.Equal(model.Roster.Agents.Select(Text), back.Roster.Agents.Select(Text));
    }

    [Fact]
    public void RoundTrip_SatisfactionModel_PredictsBitForBit()
    {
        var fitted = Assert.IsType<SatisfactionModel>(ExampleCalibration.Report.Model.Satisfaction);

        var back = Assert.IsType<LinearSatisfactionPredictor>(CenterModelJson.Deserialize(CenterModelJson.Serialize(ExampleCalibration.Report.Model)).Satisfaction);

        Assert.Equal(fitted.Coefficients, back.Coefficients);
        Assert.Equal((fitted.Rows, fitted.RSquared, fitted.HoldOutRSquared), (back.Rows, back.RSquared, back.HoldOutRSquared));
        foreach (var channel in new[] { Channel.Phone, Channel.Chat, Channel.Email })
            foreach (var queue in new[] { "billing", "tech", "unseen" })
                foreach (var wait in new[] { 0.0, 17, 95.5, 600, 3600 })
                    foreach (var resolved in new[] { true, false })
                        Assert.Equal(fitted.Predict(channel, queue, wait, 412, resolved), back.Predict(channel, queue, wait, 412, resolved));
    }

    [Fact]
    public void RoundTrip_SyntheticTruth_KeepsItsSatisfactionAndDistributions()
    {
        var truth = SyntheticContactCentre.Truth();

        var back = CenterModelJson.Deserialize(CenterModelJson.Serialize(truth));

        var s = Assert.IsType<SyntheticSatisfaction>(back.Satisfaction);
        Assert.Equal(SyntheticContactCentre.Satisfaction.WaitEffectPerMinute, s.WaitEffectPerMinute);
        Assert.Equal(truth.Queues.Select(q => q.HandleSeconds), back.Queues.Select(q => q.HandleSeconds));
        Assert.Equal(truth.Queues.Select(q => q.PatienceSeconds), back.Queues.Select(q => q.PatienceSeconds));
    }

    [Theory]
    [InlineData("gamma(shape=2.5, scale=120)")]
    [InlineData("weibull(shape=0.8, scale=300)")]
    [InlineData("exponential(rate=0.004)")]
    [InlineData("normal(mean=300, sd=40)")]
    [InlineData("triangular(min=60, mode=200, max=900)")]
    [InlineData("constant(240)")]
    public void RoundTrip_EachParametricFamily_IsEqual(string text)
    {
        var model = WithHandle(Distribution.Parse(text));

        var back = CenterModelJson.Deserialize(CenterModelJson.Serialize(model));

        Assert.Equal(model.Queues[0].HandleSeconds, back.Queues[0].HandleSeconds);
    }

    [Fact]
    public void Serialize_EmpiricalHandleTime_RefusedNamingTheQueue()
    {
        var model = WithHandle(Distribution.Empirical([100.0, 200, 300]));

        var e = Assert.Throws<StoredTwinException>(() => CenterModelJson.Serialize(model));

        Assert.StartsWith("queues[0].handleSeconds: the distribution empirical(", e.Message);
        Assert.Contains("stored families: exponential, lognormal", e.Message);
    }

    [Fact]
    public void Deserialize_UnknownFamily_NamesThePathAndTheFamiliesKnown()
    {
        var json = JsonNode.Parse(CenterModelJson.Serialize(WithHandle(Distribution.LogNormal(5.5, 0.5))))!;
        json["queues"]![0]!["handleSeconds"]!["family"] = "pareto";

        var e = Assert.Throws<StoredTwinException>(() => CenterModelJson.Deserialize(json.ToJsonString()));

        Assert.Equal("contact model.queues[0].handleSeconds.family: unknown distribution family 'pareto'; stored families: exponential, lognormal, gamma, weibull, normal, uniform, triangular, constant, bernoulli.", e.Message);
    }

    [Fact]
    public void Deserialize_WrongNumberOfRates_Refused()
    {
        var json = JsonNode.Parse(CenterModelJson.Serialize(WithHandle(Distribution.LogNormal(5.5, 0.5))))!;
        json["queues"]![0]!["arrivalRatesPerHour"]!.AsArray().RemoveAt(0);

        var e = Assert.Throws<StoredTwinException>(() => CenterModelJson.Deserialize(json.ToJsonString(), "stored"));

        Assert.Equal("stored.queues[0].arrivalRatesPerHour: 335 values, expected 336 (one per 30-minute interval of a week).", e.Message);
    }

    [Fact]
    public void Deserialize_OtherFormatOrBrokenJson_Refused()
    {
        Assert.Contains("format 'twinlab-contact-model/9' is not 'twinlab-contact-model/1'",
            Assert.Throws<StoredTwinException>(() => CenterModelJson.Deserialize("""{"format": "twinlab-contact-model/9"}""")).Message);
        Assert.StartsWith("contact model: not valid JSON",
            Assert.Throws<StoredTwinException>(() => CenterModelJson.Deserialize("{\"format\":")).Message);
    }

    private static CenterModel WithHandle(Distribution handle)
    {
        var truth = SyntheticContactCentre.Truth();
        return truth with { Queues = [truth.Queues[0] with { HandleSeconds = handle }], Satisfaction = null };
    }

    private static string Text(Agent a) =>
        $"{a.Id}|{string.Join(",", a.Skills)}|{string.Join(";", a.Shifts.Select(s => $"{string.Join(",", s.Days)} {s.Start}-{s.End} {string.Join(",", s.Breaks)}"))}|{a.CostPerHour}|{a.ChatConcurrency}";
}
