using TwinLab.Simulation.Reports;

namespace TwinLab.Simulation.Tests.Reports;

public sealed class ReportTextTests
{
    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(12.3, "12.3")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(1234.56, "1235")]
    [InlineData(123456.7, "123457")]
    [InlineData(0.0123456, "0.01235")]
    [InlineData(1.0 / 3, "0.3333")]
    [InlineData(2e10, "2e+10")]
    [InlineData(0.00001234, "1.234e-5")]
    [InlineData(double.NaN, "n/a")]
    [InlineData(double.PositiveInfinity, "∞")]
    public void Format_Value_HasAboutFourSignificantDigits(double value, string expected)
    {
        Assert.Equal(expected, Num.Format(value));
    }

    [Theory]
    [InlineData(0.25, "250 ms")]
    [InlineData(12.345, "12.35 s")]
    [InlineData(245, "4 min 05 s")]
    [InlineData(7380, "2 h 03 min")]
    public void Duration_Seconds_ReadsNaturally(double seconds, string expected)
    {
        Assert.Equal(expected, Num.Duration(seconds));
    }

    [Theory]
    [InlineData("throughput", "kpi-throughput")]
    [InlineData("Mean Wait <x>", "kpi-mean-wait-x")]
    [InlineData("mean_wait", "kpi-mean_wait")]
    [InlineData("<>", "kpi")]
    public void ChartName_Name_IsFileNameSafe(string name, string expected)
    {
        Assert.Equal(expected, ChartNames.Of("kpi", name));
    }

    [Fact]
    public void Encode_Markup_EscapesEverySpecialCharacter()
    {
        Assert.Equal("&lt;a href=&quot;x&quot;&gt;O&#39;Neil &amp; co&lt;/a&gt;", Html.Encode("<a href=\"x\">O'Neil & co</a>"));
    }

    [Fact]
    public void Prepare_TwoSvgsWithTheSameIds_GetDistinctIdsAndReferences()
    {
        const string svg = """<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"><clipPath id="cl_1"><rect width="5" height="5"/></clipPath><g clip-path="url(#cl_1)"><text x="1, 2, " font-family="DejaVu Sans">ab</text></g></svg>""";

        var first = SvgInline.Prepare(svg, "f1-", "first");
        var second = SvgInline.Prepare(svg, "f2-", "second");

        Assert.Contains("id=\"f1-0\"", first);
        Assert.Contains("url(#f1-0)", first);
        Assert.Contains("url(#f2-0)", second);
        Assert.Contains("viewBox=\"0 0 40 30\"", first);
        Assert.Contains("x=\"1, 2\"", first);
        Assert.Contains("font-family=\"DejaVu Sans, sans-serif\"", first);
        Assert.DoesNotContain("width=\"40\"", first);
    }
}
