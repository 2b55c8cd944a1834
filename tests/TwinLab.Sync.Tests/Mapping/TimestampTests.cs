using TwinLab.Sync.Mapping;
using static TwinLab.Sync.Tests.Mapping.MappingTestMessages;

namespace TwinLab.Sync.Tests.Mapping;

public sealed class TimestampTests
{
    private static DateTimeOffset TimeOf(string timestamp, string payload)
    {
        var mapping = Parse($$"""
            rules:
              - name: r
                twin: x
                timestamp: {{timestamp}}
                telemetry: { co2: $.co2 }
            """);
        return Single(mapping, "t", payload).Timestamp!.Value;
    }

    private static readonly DateTimeOffset Expected = new(2026, 11, 24, 9, 15, 30, TimeSpan.Zero);

    [Theory]
    [InlineData("$.ts", """{"co2":1,"ts":"2026-11-24T09:15:30Z"}""")]
    [InlineData("$.ts", """{"co2":1,"ts":"2026-11-24T10:15:30+01:00"}""")]
    [InlineData("$.ts", """{"co2":1,"ts":1795511730}""")]
    [InlineData("$.ts", """{"co2":1,"ts":1795511730000}""")]
    [InlineData("$.ts", """{"co2":1,"ts":"1795511730"}""")]
    [InlineData("{ path: $.ts, format: unix }", """{"co2":1,"ts":1795511730}""")]
    [InlineData("{ path: $.ts, format: unix-ms }", """{"co2":1,"ts":1795511730000}""")]
    [InlineData("{ path: $.ts, format: unix-us }", """{"co2":1,"ts":1795511730000000}""")]
    [InlineData("{ path: $.ts, format: iso }", """{"co2":1,"ts":"2026-11-24T09:15:30.000Z"}""")]
    [InlineData("{ path: $.ts, timeZone: Europe/Paris }", """{"co2":1,"ts":"2026-11-24T10:15:30"}""")]
    [InlineData("{ path: $.ts, timeZone: '-05:00' }", """{"co2":1,"ts":"2026-11-24 04:15:30"}""")]
    [InlineData("""{ template: "{$.Date} {$.Time}", format: "M/d/yyyy h:mm:ss tt" }""", """{"co2":1,"Date":"11/24/2026","Time":"9:15:30 AM"}""")]
    [InlineData("""{ path: $.ts, format: "dd.MM.yyyy HH:mm:ss", timeZone: Europe/London }""", """{"co2":1,"ts":"24.11.2026 09:15:30"}""")]
    public void Timestamp_IsReadInEveryFormat(string timestamp, string payload)
    {
        Assert.Equal(Expected, TimeOf(timestamp, payload));
    }

    [Theory]
    [InlineData("$.ts", """{"co2":1}""", "rule 'r': timestamp: $.ts is missing in the payload")]
    [InlineData("$.ts", """{"co2":1,"ts":"yesterday"}""", "rule 'r': timestamp: $.ts is 'yesterday', not an ISO 8601 time (such as 2026-11-24T09:00:00Z)")]
    [InlineData("$.ts", """{"co2":1,"ts":true}""", "rule 'r': timestamp: $.ts is the boolean true, not a time")]
    [InlineData("{ path: $.ts, format: unix }", """{"co2":1,"ts":"2026-11-24"}""", "rule 'r': timestamp: $.ts is '2026-11-24', not a number of Unix seconds")]
    [InlineData("{ path: $.ts, format: \"yyyy-MM-dd\" }", """{"co2":1,"ts":"24/11/2026"}""", "rule 'r': timestamp: $.ts is '24/11/2026', which does not match the format 'yyyy-MM-dd'")]
    [InlineData("{ path: $.ts, format: unix-ms }", """{"co2":1,"ts":1e300}""", "rule 'r': timestamp: $.ts is 1E+300, out of range for Unix milliseconds")]
    public void Timestamp_ThatCannotBeRead_FailsTheMessageNamingTheField(string timestamp, string payload, string expected)
    {
        var e = Assert.Throws<MappingException>(() => TimeOf(timestamp, payload));

        Assert.Equal(expected, e.Message);
    }

    [Fact]
    public void Timestamp_Optional_FallsBackToTheReceivedTime()
    {
        Assert.Equal(Received, TimeOf("{ path: $.ts, optional: true }", """{"co2":1}"""));
    }
}
