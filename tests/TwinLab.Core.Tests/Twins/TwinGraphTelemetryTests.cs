using System.Text.Json;
using TwinLab.Core.Errors;
using TwinLab.Core.Twins;
using static TwinLab.Core.Tests.Twins.TwinFixture;

namespace TwinLab.Core.Tests.Twins;

public sealed class TwinGraphTelemetryTests
{
    private readonly TwinFixture _f = new();
    private TwinGraph Graph => _f.Graph;

    public TwinGraphTelemetryTests()
    {
        _f.CreateFullPatient();
        Graph.TakeChanges();
    }

    [Fact]
    public void AppendTelemetry_TwinTelemetry_RecordsPointAtNowWithoutChangingTwinAndAdvancesVersionByOne()
    {
        var version = Graph.Version;
        var twin = Graph.GetTwin("patient-ada");
        _f.Time.Advance(TimeSpan.FromSeconds(5));

        var points = Graph.AppendTelemetry("patient-ada", null, Json("{\"heartRate\":72.5}"));

        var p = Assert.Single(points);
        Assert.Equal(new TelemetryPoint("patient-ada", null, "heartRate", Start.AddSeconds(5), p.Value), p);
        Assert.Equal(72.5, p.Value.GetDouble());
        Assert.Equal(version + 1, Graph.Version);
        Assert.Same(twin, Graph.GetTwin("patient-ada"));
        Assert.Equal(points, Assert.IsType<TelemetryAppended>(Assert.Single(Graph.PendingChanges)).Points);
    }

    [Fact]
    public void AppendTelemetry_ComponentTelemetry_RecordsOnePointPerMemberWithComponentAndGivenTime()
    {
        var at = new DateTimeOffset(2024, 3, 1, 7, 45, 0, TimeSpan.Zero);

        var points = Graph.AppendTelemetry("patient-ada", "monitor", Json("{\"systolic\":142,\"diastolic\":91}"), at);

        Assert.Equal(2, points.Count);
        Assert.All(points, p => Assert.Equal(("patient-ada", "monitor", at), (p.TwinId, p.Component, p.Timestamp)));
        Assert.Equal([("systolic", 142), ("diastolic", 91)], points.Select(p => (p.Name, p.Value.GetInt32())));
    }

    [Fact]
    public void AppendTelemetry_IntegerValueForDoubleTelemetry_Accepted()
    {
        var p = Assert.Single(Graph.AppendTelemetry("patient-ada", null, Json("{\"heartRate\":70}")));

        Assert.Equal(70.0, p.Value.GetDouble());
    }

    [Fact]
    public void AppendTelemetry_MessageDisposedAfterwards_PointsStillReadable()
    {
        IReadOnlyList<TelemetryPoint> points;
        using (var doc = JsonDocument.Parse("{\"heartRate\":66.0}"))
            points = Graph.AppendTelemetry("patient-ada", null, doc.RootElement);

        Assert.Equal(66.0, points[0].Value.GetDouble());
    }

    // ================================================================ bad telemetry (each: code, message names the culprit, graph and pending changes unchanged)

    [Fact]
    public void AppendTelemetry_UnknownName_RejectedNamingNameAndModel()
    {
        _f.Rejects(ErrorCodes.ValidationFailed,
            () => Graph.AppendTelemetry("patient-ada", null, Json("{\"spo2\":98}")),
            "patient-ada", "'spo2'", PatientId);
    }

    [Fact]
    public void AppendTelemetry_PropertyNameAsTelemetry_RejectedSayingItIsNotTelemetry()
    {
        _f.Rejects(ErrorCodes.ValidationFailed,
            () => Graph.AppendTelemetry("patient-ada", null, Json("{\"weightKg\":70.0}")),
            "patient-ada", "'weightKg'", "not a Telemetry");
    }

    [Fact]
    public void AppendTelemetry_WrongType_RejectedNamingPath()
    {
        _f.Rejects(ErrorCodes.ValidationFailed,
            () => Graph.AppendTelemetry("patient-ada", null, Json("{\"heartRate\":\"fast\"}")),
            "patient-ada", "/heartRate", "expected double");
    }

    [Fact]
    public void AppendTelemetry_ComponentIntegerTelemetryGivenFraction_RejectedNamingPath()
    {
        _f.Rejects(ErrorCodes.ValidationFailed,
            () => Graph.AppendTelemetry("patient-ada", "monitor", Json("{\"systolic\":120,\"diastolic\":80.5}")),
            "patient-ada", "/diastolic", "expected integer");
    }

    [Fact]
    public void AppendTelemetry_ComponentTelemetryWithoutComponent_Rejected()
    {
        _f.Rejects(ErrorCodes.ValidationFailed,
            () => Graph.AppendTelemetry("patient-ada", null, Json("{\"systolic\":120}")),
            "patient-ada", "'systolic'", PatientId);
    }

    [Fact]
    public void AppendTelemetry_TwinTelemetrySentToComponent_RejectedNamingComponentModel()
    {
        _f.Rejects(ErrorCodes.ValidationFailed,
            () => Graph.AppendTelemetry("patient-ada", "monitor", Json("{\"heartRate\":70.0}")),
            "patient-ada", "'heartRate'", MonitorId);
    }

    [Fact]
    public void AppendTelemetry_UnknownComponent_RejectedNamingComponent()
    {
        _f.Rejects(ErrorCodes.ValidationFailed,
            () => Graph.AppendTelemetry("patient-ada", "ecg", Json("{\"heartRate\":70.0}")),
            "patient-ada", "'ecg'");
    }

    [Fact]
    public void AppendTelemetry_PropertyUsedAsComponent_Rejected()
    {
        _f.Rejects(ErrorCodes.ValidationFailed,
            () => Graph.AppendTelemetry("patient-ada", "address", Json("{\"heartRate\":70.0}")),
            "patient-ada", "'address'");
    }

    [Theory]
    [InlineData("72.5")]
    [InlineData("[72.5]")]
    public void AppendTelemetry_MessageNotAnObject_Rejected(string json)
    {
        _f.Rejects(ErrorCodes.ValidationFailed,
            () => Graph.AppendTelemetry("patient-ada", null, Json(json)),
            "patient-ada", "JSON object");
    }

    [Fact]
    public void AppendTelemetry_EmptyMessage_Rejected()
    {
        _f.Rejects(ErrorCodes.ValidationFailed, () => Graph.AppendTelemetry("patient-ada", null, Json("{}")), "patient-ada", "empty");
    }

    [Fact]
    public void AppendTelemetry_UnknownTwin_DigitalTwinNotFound()
    {
        _f.Rejects(ErrorCodes.DigitalTwinNotFound, () => Graph.AppendTelemetry("patient-ghost", null, Json("{\"heartRate\":70.0}")), "patient-ghost");
    }

    [Fact]
    public void AppendTelemetry_OneBadMemberAmongGood_NoPointRecorded()
    {
        _f.Rejects(ErrorCodes.ValidationFailed,
            () => Graph.AppendTelemetry("patient-ada", "monitor", Json("{\"systolic\":120,\"pulse\":60}")),
            "patient-ada", "'pulse'");
        Assert.Empty(Graph.PendingChanges);
    }

    // ================================================================ downsampling what was appended

    [Fact]
    public void AppendTelemetryThenDownsample_MinuteBuckets_MinMaxMeanPerBucket()
    {
        var t0 = new DateTimeOffset(2024, 3, 1, 9, 0, 0, TimeSpan.Zero);
        var readings = new (int Seconds, double Bpm)[] { (0, 60), (20, 90), (40, 75), (61, 100), (119, 80), (185, 70) };
        var points = new List<TelemetryPoint>();
        foreach (var (s, bpm) in readings)
            points.AddRange(Graph.AppendTelemetry("patient-ada", null, Json($"{{\"heartRate\":{bpm}}}"), t0.AddSeconds(s)));

        var buckets = TelemetryBucket.Downsample(points, t0, TimeSpan.FromMinutes(1));

        Assert.Equal(
        [
            new TelemetryBucket(t0, 3, 60, 90, 75),
            new TelemetryBucket(t0.AddMinutes(1), 2, 80, 100, 90),
            new TelemetryBucket(t0.AddMinutes(3), 1, 70, 70, 70),
        ], buckets);
        Assert.Equal(6, Graph.PendingChanges.Count);
    }
}
