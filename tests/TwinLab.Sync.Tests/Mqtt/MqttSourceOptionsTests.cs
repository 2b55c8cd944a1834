using TwinLab.Core.Errors;
using TwinLab.Sync.Mqtt;

namespace TwinLab.Sync.Tests.Mqtt;

public sealed class MqttSourceOptionsTests
{
    private static MqttSourceOptions Valid() => new()
    {
        Address = new MqttAddress("127.0.0.1", 1883),
        Topics = ["plant/+/telemetry", "site/#", "$share/twinlab/plant/#"],
        ClientId = "twinlab-plant",
    };

    [Fact]
    public void Defaults_AreDurable_Mqtt5Qos1PersistentSession()
    {
        var options = Valid();
        options.Validate();

        Assert.Equal(1, options.QualityOfService);
        Assert.False(options.CleanStart);
        Assert.True(options.SessionExpiry >= TimeSpan.FromHours(1));
    }

    [Theory]
    [InlineData("topics[0]", "plant/#/x")]
    [InlineData("topics[0]", "plant/te+mp")]
    [InlineData("topics[0]", "")]
    [InlineData("topics[0]", "$share/g")]
    [InlineData("topics[0]", "$share/g+/x")]
    public void Validate_BadTopicFilter_NamesTheField(string field, string topic)
    {
        var e = Assert.Throws<TwinLabException>(() => (Valid() with { Topics = [topic] }).Validate());

        Assert.Contains($"'{field}'", e.Message);
    }

    [Fact]
    public void Validate_BadFields_NameTheField()
    {
        Assert.Contains("'topics'", Assert.Throws<TwinLabException>(() => (Valid() with { Topics = [] }).Validate()).Message);
        Assert.Contains("'clientId'", Assert.Throws<TwinLabException>(() => (Valid() with { ClientId = " " }).Validate()).Message);
        Assert.Contains("'qos'", Assert.Throws<TwinLabException>(() => (Valid() with { QualityOfService = 2 }).Validate()).Message);
        Assert.Contains("'receiveMaximum'", Assert.Throws<TwinLabException>(() => (Valid() with { ReceiveMaximum = 0 }).Validate()).Message);
        Assert.Contains("'reconnectMaxDelay'", Assert.Throws<TwinLabException>(() =>
            (Valid() with { ReconnectMinDelay = TimeSpan.FromSeconds(5), ReconnectMaxDelay = TimeSpan.FromSeconds(1) }).Validate()).Message);
        Assert.Contains("'passwordEnv'", Assert.Throws<TwinLabException>(() => (Valid() with { PasswordVariable = "" }).Validate()).Message);
    }

    [Fact]
    public void Backoff_DoublesFromTheMinimum_IsCapped_AndIsTheSameForTheSameClient()
    {
        var min = TimeSpan.FromMilliseconds(250);
        var max = TimeSpan.FromSeconds(30);
        var delays = Enumerable.Range(0, 16).Select(n => Backoff.Delay(min, max, n, "twinlab-plant")).ToList();

        for (var n = 0; n < delays.Count; n++)
        {
            var nominal = TimeSpan.FromTicks(Math.Min(max.Ticks, min.Ticks << Math.Min(n, 20)));
            Assert.InRange(delays[n], nominal * 0.8, nominal);
        }
        Assert.InRange(delays[^1], max * 0.8, max);
        Assert.Equal(delays, Enumerable.Range(0, 16).Select(n => Backoff.Delay(min, max, n, "twinlab-plant")));
        // Different clients cut off together spread out.
        Assert.NotEqual(Backoff.Delay(min, max, 5, "client-a"), Backoff.Delay(min, max, 5, "client-b"));
    }
}
