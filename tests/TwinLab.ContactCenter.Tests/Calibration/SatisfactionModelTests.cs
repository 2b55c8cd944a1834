using TwinLab.ContactCenter.Calibration;
using TwinLab.ContactCenter.Data;
using TwinLab.Simulation.Random;

namespace TwinLab.ContactCenter.Tests.Calibration;

public class SatisfactionModelTests
{
    private static readonly Dictionary<string, double> Truth = new()
    {
        ["Intercept"] = 4.5, ["WaitMinutes"] = -0.1, ["HandleMinutes"] = -0.05, ["Resolved"] = 0.6, ["Channel=Chat"] = -0.3, ["Queue=Sales"] = 0.2,
    };

    /// <summary>Rows from the linear truth with noise SD 0.3; Billing and Sales both on phone and chat.</summary>
    private static List<Interaction> Survey(int n, ulong seed)
    {
        var random = RandomStream.FromSeed(seed);
        var start = new DateTimeOffset(2024, 1, 1, 9, 0, 0, TimeSpan.Zero);
        return Enumerable.Range(0, n).Select(i =>
        {
            var channel = random.NextDouble() < 0.6 ? Channel.Phone : Channel.Chat;
            var queue = random.NextDouble() < 0.7 ? "Billing" : "Sales";
            double wait = random.NextExponential(1.0 / 120), handle = 60 + random.NextExponential(1.0 / 300);
            var resolved = random.NextDouble() < 0.7;
            var score = Truth["Intercept"] + Truth["WaitMinutes"] * wait / 60 + Truth["HandleMinutes"] * handle / 60
                + (resolved ? Truth["Resolved"] : 0) + (channel == Channel.Chat ? Truth["Channel=Chat"] : 0)
                + (queue == "Sales" ? Truth["Queue=Sales"] : 0) + 0.3 * random.NextGaussian();
            return new Interaction(i + 1, start, channel, queue, wait, Outcome.Answered, "a", handle, resolved, false, score);
        }).ToList();
    }

    [Fact]
    public void Fit_LinearTruth_RecoversCoefficientsWithinThreeStandardErrors()
    {
        var model = SatisfactionModel.Fit(Survey(4000, 61));

        Assert.Equal(Truth.Keys.Order(), model.Coefficients.Select(c => c.Term).Order());
        Assert.All(model.Coefficients, c => Assert.InRange(Truth[c.Term], c.Estimate - 3 * c.StandardError, c.Estimate + 3 * c.StandardError));
        Assert.Equal(0.3, model.ResidualStandardError, 0.02);
    }

    [Fact]
    public void Fit_HoldOut_ScoresNearTheNoiseLevel()
    {
        var model = SatisfactionModel.Fit(Survey(4000, 62), holdOutShare: 0.25, seed: 7);

        Assert.Equal(1000, model.HoldOutRows);
        Assert.Equal(0.3, model.HoldOutRmse, 0.03);
        Assert.True(model.HoldOutRSquared > 0.5);
        Assert.Equal(model.RSquared, model.HoldOutRSquared, 0.1);
    }

    [Fact]
    public void Predict_LongWait_ClampedToObservedScale()
    {
        var model = SatisfactionModel.Fit(Survey(500, 63));

        var prediction = model.Predict(Channel.Chat, "Billing", 10 * 3600, 600, false);

        Assert.Equal(model.MinScore, prediction);
    }

    [Fact]
    public void Predict_UnseenQueue_UsesReferenceLevel()
    {
        var model = SatisfactionModel.Fit(Survey(500, 64));

        Assert.Equal(model.Predict(Channel.Phone, "Billing", 60, 300, true), model.Predict(Channel.Phone, "Unknown", 60, 300, true));
    }

    [Fact]
    public void Fit_QueueOnlyOnOneChannel_DropsTheRedundantDummy()
    {
        // Every Sales row is a chat and every chat is Sales: Channel=Chat and Queue=Sales are the same column.
        var rows = Survey(400, 65).Select(r => r with { Channel = r.Queue == "Sales" ? Channel.Chat : Channel.Phone }).ToList();

        var model = SatisfactionModel.Fit(rows);

        Assert.Equal(5, model.Coefficients.Count);
        Assert.Contains(model.Coefficients, c => c.Term == "Channel=Chat");
        Assert.DoesNotContain(model.Coefficients, c => c.Term == "Queue=Sales");
    }

    [Fact]
    public void Fit_TooFewSurveyedRows_Throws()
    {
        Assert.Throws<ArgumentException>(() => SatisfactionModel.Fit(Survey(5, 66)));
    }
}
