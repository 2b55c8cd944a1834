using TwinLab.Simulation.Random;
using TwinLab.Sync.Drift;

namespace TwinLab.Sync.Tests.Drift;

public sealed class CusumRuleTests
{
    [Fact]
    public void AverageRunLength_Defaults_AgreeWithMontgomerysTable()
    {
        var rule = CusumRule.Default;
        // Montgomery (2009) Table 9.3, k = 0.5, h = 5: 465 in control, 10.4 at a one-SD shift, 4.01 at two.
        Assert.InRange(rule.AverageRunLength(0), 465 * 0.97, 465 * 1.03);
        Assert.InRange(rule.AverageRunLength(1), 10.4 * 0.95, 10.4 * 1.05);
        Assert.InRange(rule.AverageRunLength(2), 4.01 * 0.92, 4.01 * 1.08);
    }

    [Theory]
    [InlineData(3650)]
    [InlineData(10_000)]
    public void ForFalseAlarmEvery_GivesThatRunLength(double readings)
    {
        var rule = CusumRule.ForFalseAlarmEvery(readings);

        Assert.InRange(rule.AverageRunLength(), readings * 0.99, readings * 1.01);
        Assert.True(rule.Threshold > CusumRule.Default.Threshold);
    }

    [Fact]
    public void Step_InControlResiduals_FalseAlarmsAsRareAsPredicted()
    {
        var rule = CusumRule.Default;
        var random = RandomStream.FromSeed(20270101);
        var (alarms, readings) = (0, 0);
        double upper = 0, lower = 0;
        for (var i = 0; i < 400_000; i++)
        {
            (upper, lower) = rule.Step(upper, lower, random.NextGaussian());
            readings++;
            if (Math.Max(upper, lower) > rule.Threshold)
            {
                alarms++;
                upper = lower = 0;
            }
        }

        var observed = (double)readings / alarms;
        // About 860 alarms: the observed run length has a relative SE of about 3.5%.
        Assert.InRange(observed, rule.AverageRunLength() * 0.88, rule.AverageRunLength() * 1.12);
    }

    [Theory]
    [InlineData(1.0, 14)]
    [InlineData(1.7, 7)]
    public void Step_MeanShifted_SignalsWithinABoundedNumberOfReadings(double shift, double bound)
    {
        var rule = CusumRule.Default;
        var random = RandomStream.FromSeed(20270102);
        var lengths = new List<int>();
        for (var run = 0; run < 2000; run++)
        {
            double upper = 0, lower = 0;
            var n = 0;
            do
            {
                (upper, lower) = rule.Step(upper, lower, shift + random.NextGaussian());
                n++;
            }
            while (Math.Max(upper, lower) <= rule.Threshold);
            lengths.Add(n);
        }

        Assert.InRange(lengths.Average(), rule.AverageRunLength(shift) * 0.9, rule.AverageRunLength(shift) * 1.1);
        Assert.True(lengths.Average() < bound);
        // Nineteen runs in twenty signal within three times the average.
        Assert.True(lengths.Order().ElementAt(1900) <= 3 * bound);
    }

    [Fact]
    public void Step_OneWildReading_IsWinsorisedAndRaisesNothingAlone()
    {
        var rule = CusumRule.Default;

        var (upper, lower) = rule.Step(0, 0, 40);

        Assert.Equal(rule.Winsor - rule.Reference, upper);
        Assert.Equal(0, lower);
        Assert.True(upper < rule.Threshold);
    }

    [Fact]
    public void Validate_BadParameters_NameTheParameter()
    {
        Assert.Contains("reference", Assert.Throws<ArgumentOutOfRangeException>(() => new CusumRule(0, 5).Validate()).Message);
        Assert.Contains("threshold", Assert.Throws<ArgumentOutOfRangeException>(() => new CusumRule(0.5, -1).Validate()).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => CusumRule.ForFalseAlarmEvery(3));
    }
}
