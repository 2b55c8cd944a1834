using TwinLab.Core.Errors;
using TwinLab.Sync.Mqtt;

namespace TwinLab.Sync.Tests.Mqtt;

public sealed class MqttAddressTests
{
    [Theory]
    [InlineData("mqtt://127.0.0.1:18830", "127.0.0.1", 18830, false, null)]
    [InlineData("mqtt://broker.example", "broker.example", 1883, false, null)]
    [InlineData("mqtts://broker.example", "broker.example", 8883, true, null)]
    [InlineData("mqtts://ingest@broker.example:9883", "broker.example", 9883, true, "ingest")]
    [InlineData("MQTT://plant%40site@10.0.0.5", "10.0.0.5", 1883, false, "plant@site")]
    [InlineData("mqtt://[::1]:1884", "::1", 1884, false, null)]
    [InlineData("  mqtt://localhost:1883/  ", "localhost", 1883, false, null)]
    public void Parse_ValidAddress_GivesHostPortTlsAndUser(string text, string host, int port, bool tls, string? user)
    {
        var address = MqttAddress.Parse(text);

        Assert.Equal(new MqttAddress(host, port, tls, user), address);
        Assert.Equal(address, MqttAddress.Parse(address.ToString()));
    }

    [Fact]
    public void ToString_NeverHoldsAPassword_AndBracketsIPv6()
    {
        Assert.Equal("mqtts://ingest@broker.example:8883", new MqttAddress("broker.example", 8883, true, "ingest").ToString());
        Assert.Equal("mqtt://[::1]:1883", new MqttAddress("::1", 1883).ToString());
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("127.0.0.1:1883", "has no scheme")]
    [InlineData("http://127.0.0.1:1883", "the scheme 'http' is not mqtt or mqtts")]
    [InlineData("mqtt://127.0.0.1:1883/plant/#", "has a path")]
    [InlineData("mqtt://127.0.0.1:1883?x=1", "query")]
    [InlineData("mqtt://127.0.0.1:0", "port 0 is out of range")]
    [InlineData("mqtt://:1883", "host")]
    public void Parse_BadAddress_SaysWhatIsWrong(string text, string why)
    {
        var e = Assert.Throws<TwinLabException>(() => MqttAddress.Parse(text));

        Assert.Equal(ErrorCodes.InvalidArgument, e.Code);
        Assert.Contains(why, e.Message);
        Assert.False(MqttAddress.TryParse(text, out _));
    }

    [Fact]
    public void Parse_PasswordInUrl_IsRefused_WithoutEchoingThePassword()
    {
        var e = Assert.Throws<TwinLabException>(() => MqttAddress.Parse("mqtt://ingest:s3cret@broker:1883"));

        Assert.Contains("contains a password", e.Message);
        Assert.Contains("passwordEnv", e.Message);
        Assert.DoesNotContain("s3cret", e.Message);
    }
}
