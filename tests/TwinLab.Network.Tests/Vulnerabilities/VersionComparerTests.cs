using TwinLab.Network.Vulnerabilities;

namespace TwinLab.Network.Tests.Vulnerabilities;

public sealed class VersionComparerTests
{
    [Theory]
    [InlineData("1.2.9", "1.2.10")]
    [InlineData("2.4.49", "2.4.50")]
    [InlineData("2.4.9", "2.4.49")]
    [InlineData("8.2", "8.2p1")]
    [InlineData("8.2p1", "8.3")]
    [InlineData("8.2p1", "8.2p2")]
    [InlineData("9.3p1", "9.3p2")]
    [InlineData("9.3p2", "9.8")]
    [InlineData("4.3p2", "4.4")]
    [InlineData("2.0-beta9", "2.0")]
    [InlineData("2.0-beta9", "2.0-rc1")]
    [InlineData("2.0-rc2", "2.0.1")]
    [InlineData("2.15.0-rc1", "2.15.0")]
    [InlineData("3.0a1", "3.0")]
    [InlineData("1.0.1", "1.0.1a")]
    [InlineData("1.0.1a", "1.0.1u")]
    [InlineData("1.0.1u", "1.0.2")]
    [InlineData("5.7.33", "5.7.33-0ubuntu0.18.04.1")]
    [InlineData("5.7.33-0ubuntu0.18.04.1", "5.7.34")]
    [InlineData("4.6.2", "4.6.4")]
    [InlineData("10.0.17763", "10.0.19041")]
    [InlineData("1.18.0", "1.20")]
    public void Compare_OrdersRealVersions(string lower, string higher)
    {
        Assert.True(VersionComparer.Instance.Compare(lower, higher) < 0, $"{lower} < {higher}");
        Assert.True(VersionComparer.Instance.Compare(higher, lower) > 0, $"{higher} > {lower}");
    }

    [Theory]
    [InlineData("2.4", "2.4.0")]
    [InlineData("2.4.049", "2.4.49")]
    [InlineData("8.2P1", "8.2p1")]
    [InlineData("2.0_rc1", "2.0-rc1")]
    public void Compare_EqualVersions(string a, string b) => Assert.True(VersionComparer.AreEqual(a, b));

    [Fact]
    public void Compare_SortsAList()
    {
        string[] versions = ["2.15.0", "2.0-beta9", "2.12.2", "2.3.1", "2.0", "2.0-rc1", "2.14.1", "2.0.1"];
        Assert.Equal(["2.0-beta9", "2.0-rc1", "2.0", "2.0.1", "2.3.1", "2.12.2", "2.14.1", "2.15.0"],
            versions.Order(VersionComparer.Instance));
    }
}
