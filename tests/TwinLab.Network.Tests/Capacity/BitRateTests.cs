using TwinLab.Network.Capacity;

namespace TwinLab.Network.Tests.Capacity;

public sealed class BitRateTests
{
    [Theory]
    [InlineData("1G", 1e9)]
    [InlineData("10Gbit", 10e9)]
    [InlineData("100 Mbps", 100e6)]
    [InlineData("2.5Gbit/s", 2.5e9)]
    [InlineData("800k", 800e3)]
    [InlineData("1500", 1500)]
    [InlineData("12.5MB/s", 100e6)]
    [InlineData("1e9", 1e9)]
    public void TryParse_CommonSpellings(string text, double expected)
    {
        Assert.True(BitRate.TryParse(text, out var bps, out var problem), problem);
        Assert.Equal(expected, bps, 6);
    }

    [Theory]
    [InlineData("fast")]
    [InlineData("10 Gigs")]
    [InlineData("-5M")]
    [InlineData("")]
    public void TryParse_Nonsense_Explains(string text)
    {
        Assert.False(BitRate.TryParse(text, out _, out var problem));
        Assert.Contains($"'{text}'", problem);
    }

    [Theory]
    [InlineData("2ms", 2e-3)]
    [InlineData("150us", 150e-6)]
    [InlineData("0.01s", 0.01)]
    [InlineData("3", 3e-3)]
    public void TryParseDelay_Units(string text, double seconds)
    {
        Assert.True(BitRate.TryParseDelay(text, out var s, out _));
        Assert.Equal(seconds, s, 12);
    }

    [Fact]
    public void Format_ShortRates() =>
        Assert.Equal(["1G", "2.5G", "100M", "640k", "10G"], new[] { 1e9, 2.5e9, 100e6, 640e3, 10e9 }.Select(BitRate.Format));
}
