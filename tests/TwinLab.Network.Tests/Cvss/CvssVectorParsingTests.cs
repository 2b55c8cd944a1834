using TwinLab.Core.Errors;
using TwinLab.Network.Cvss;

namespace TwinLab.Network.Tests.Cvss;

public sealed class CvssVectorParsingTests
{
    private static CvssVectorException Fails(string vector) =>
        Assert.Throws<CvssVectorException>(() => TwinLab.Network.Cvss.Cvss.Score(vector));

    [Fact]
    public void Score_MetricsInAnyOrder_ScoresAndNormalisesAlike()
    {
        var canonical = TwinLab.Network.Cvss.Cvss.Score("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N/E:P/RL:W/RC:C");
        var shuffled = TwinLab.Network.Cvss.Cvss.Score("CVSS:3.1/RC:C/A:N/S:C/E:P/AV:N/I:L/UI:R/RL:W/PR:N/C:L/AC:L");

        Assert.Equal(canonical, shuffled with { Metrics = canonical.Metrics });
        Assert.Equal("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N/E:P/RL:W/RC:C", shuffled.Vector);
    }

    [Fact]
    public void Score_NotDefinedValues_AreLeftOutOfTheNormalisedVector()
    {
        var s = TwinLab.Network.Cvss.Cvss.Score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:X/RL:X/RC:X/MAV:X");

        Assert.Equal("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", s.Vector);
        Assert.Null(s.TemporalScore);
        Assert.Null(s.EnvironmentalScore);
        Assert.Equal("X", s.Metrics["MAV"]);
        Assert.Equal(22, s.Metrics.Count);
    }

    [Fact]
    public void Score_SurroundingWhiteSpace_IsIgnored()
    {
        Assert.Equal(9.8, TwinLab.Network.Cvss.Cvss.Score("  CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\n").Score);
    }

    [Fact]
    public void Score_UnknownValue_NamesMetricValueAndPosition()
    {
        const string vector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:Q";
        var e = Fails(vector);

        Assert.Equal("A", e.Metric);
        Assert.Equal(vector.IndexOf("A:Q", StringComparison.Ordinal) + 3, e.Position);
        Assert.Contains("unknown value 'Q'", e.Problem);
        Assert.Contains("H, L, N", e.Problem);
        Assert.Equal(ErrorCodes.InvalidArgument, e.Code);
        Assert.StartsWith($"CVSS vector '{vector}': position 44: A: ", e.Message);
    }

    [Fact]
    public void Score_DuplicateMetric_IsRefusedWithBothPositions()
    {
        const string vector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/AV:L";
        var e = Fails(vector);

        Assert.Equal("AV", e.Metric);
        Assert.Equal(vector.LastIndexOf("AV:", StringComparison.Ordinal) + 1, e.Position);
        Assert.Contains("more than once (first at position 10)", e.Problem);
    }

    [Fact]
    public void Score_DuplicateMetricWithSameValue_IsRefused()
    {
        var e = Fails("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/C:H");

        Assert.Equal("C", e.Metric);
    }

    [Fact]
    public void Score_MissingBaseMetrics_NamesThemAll()
    {
        const string vector = "CVSS:3.1/AV:N/AC:L/UI:N/S:U/C:H/I:H";
        var e = Fails(vector);

        Assert.Equal("PR", e.Metric);
        Assert.Equal(vector.Length + 1, e.Position);
        Assert.Contains("missing mandatory base metrics PR, A", e.Problem);
    }

    [Fact]
    public void Score_V4MissingAttackRequirements_IsRefused()
    {
        var e = Fails("CVSS:4.0/AV:N/AC:L/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N");

        Assert.Equal("AT", e.Metric);
        Assert.Contains("missing mandatory base metric AT", e.Problem);
    }

    [Fact]
    public void Score_V3MetricInV4Vector_IsRefused()
    {
        // S is Safety (X, N, P) in v4.0, not Scope.
        var e = Fails("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/S:U");
        Assert.Equal("S", e.Metric);
        Assert.Contains("unknown value 'U'; expected one of X, N, P", e.Problem);

        var c = Fails("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/C:H");
        Assert.Equal("C", c.Metric);
        Assert.Contains("unknown metric", c.Problem);
    }

    [Fact]
    public void Score_SafetyValueOnlyOnModifiedSubsequentIntegrity()
    {
        var e = Fails("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:S/SA:N");

        Assert.Equal("SI", e.Metric);
    }

    [Fact]
    public void Score_LowerCaseMetric_SuggestsTheRealName()
    {
        var e = Fails("CVSS:3.1/av:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");

        Assert.Equal("av", e.Metric);
        Assert.Equal(10, e.Position);
        Assert.Contains("did you mean AV?", e.Problem);
    }

    [Theory]
    [InlineData("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/", 46, "empty metric")]
    [InlineData("CVSS:3.1/AV:N//AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 15, "empty metric")]
    [InlineData("CVSS:3.1/AV:N/AC/PR:N/UI:N/S:U/C:H/I:H/A:H", 15, "expected METRIC:VALUE")]
    [InlineData("CVSS:3.1/AV:N/AC:/PR:N/UI:N/S:U/C:H/I:H/A:H", 18, "value missing")]
    [InlineData("CVSS:3.1/AV:N/:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 15, "metric name missing")]
    [InlineData("CVSS:3.1", 9, "no metrics after the version prefix")]
    [InlineData("CVSS:3.1AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 6, "unsupported version '3.1AV:N'")]
    [InlineData("CVSS:3.2/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 6, "unsupported version '3.2'")]
    [InlineData("CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P", 6, "unsupported version '2.0'")]
    [InlineData("AV:N/AC:L/Au:N/C:P/I:P/A:P", 1, "CVSS v2 vectors are not supported")]
    [InlineData("AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 1, "expected a prefix CVSS:3.0/, CVSS:3.1/ or CVSS:4.0/")]
    [InlineData("", 1, "empty")]
    public void Score_Malformed_ReportsPositionAndProblem(string vector, int position, string problem)
    {
        var e = Fails(vector);

        Assert.Equal(position, e.Position);
        Assert.Contains(problem, e.Problem);
    }

    [Fact]
    public void TryScore_Malformed_ReturnsTheErrorWithoutThrowing()
    {
        Assert.False(TwinLab.Network.Cvss.Cvss.TryScore("CVSS:4.0/AV:X", out var score, out var error));
        Assert.Null(score);
        Assert.Equal("AV", error!.Metric);

        Assert.False(TwinLab.Network.Cvss.Cvss.TryScore(null, out _, out var nullError));
        Assert.NotNull(nullError);

        Assert.True(TwinLab.Network.Cvss.Cvss.TryScore("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", out var ok, out var none));
        Assert.Null(none);
        Assert.Equal(9.8, ok!.Score);
    }
}
