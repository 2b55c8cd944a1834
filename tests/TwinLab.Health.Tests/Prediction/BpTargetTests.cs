using TwinLab.Core.Errors;
using TwinLab.Health.Patients;
using TwinLab.Health.Pharmacology;
using TwinLab.Health.Prediction;

namespace TwinLab.Health.Tests.Prediction;

public sealed class BpTargetTests
{
    [Theory]
    [InlineData("acc-aha", null, 130, 80)]
    [InlineData("", null, 130, 80)]
    [InlineData("esc-esh", 50, 130, 80)]
    [InlineData("esc-esh", 70, 135, 80)]  // clinic 140/80 → home 135/80 (ACC/AHA 2017 Table 11)
    [InlineData("home-135-85", null, 135, 85)]
    [InlineData("140/90 clinic", null, 135, 85)]
    [InlineData("130/80", null, 130, 80)]
    [InlineData("125/75 home", null, 125, 75)]
    public void Parse_KnownTargets_GiveHomeThresholds(string text, int? age, double sys, double dia)
    {
        var target = BpTarget.Parse(text, age);
        Assert.Equal(sys, target.Home.Systolic, 6);
        Assert.Equal(dia, target.Home.Diastolic, 6);
        Assert.False(string.IsNullOrWhiteSpace(target.Description));
    }

    [Fact]
    public void Parse_EscEshWithoutAge_UsesStricterTargetAndSaysSo()
    {
        var target = BpTarget.Parse("esc-esh");
        Assert.Equal(new BpChange(130, 80), target.Home);
        Assert.Contains("age unknown", target.Description);
    }

    [Theory]
    [InlineData("acc", "expected acc-aha, esc-esh, home-135-85")]
    [InlineData("80/130", "systolic above diastolic")]
    [InlineData("300/90 home", "systolic of 90–200")]
    public void Parse_BadText_ThrowsClearError(string text, string message)
    {
        var error = Assert.Throws<TwinLabException>(() => BpTarget.Parse(text));
        Assert.Equal(ErrorCodes.InvalidArgument, error.Code);
        Assert.Contains(message, error.Message);
        Assert.Contains(text, error.Message);
    }

    [Fact]
    public void IsMet_NeedsBothBelow()
    {
        var target = BpTarget.Custom(135, 85, ReadingSetting.Home);
        Assert.True(target.IsMet(134.9, 84.9));
        Assert.False(target.IsMet(134.9, 85));
        Assert.False(target.IsMet(135, 80));
    }
}
