using TwinLab.Core.Twins;
using static TwinLab.Core.Tests.Twins.TwinFixture;

namespace TwinLab.Core.Tests.Twins;

public sealed class TelemetryBucketTests
{
    private static readonly DateTimeOffset T0 = new(2024, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static TelemetryPoint Point(DateTimeOffset at, string value, string name = "systolic") =>
        new("patient-ada", "monitor", name, at, Json(value));

    [Fact]
    public void Downsample_KnownReadings_MinMaxMeanCountPerBucket()
    {
        // Morning systolic readings, five-minute buckets.
        var points = new[]
        {
            Point(T0.AddMinutes(0), "150"),
            Point(T0.AddMinutes(1), "142"),
            Point(T0.AddMinutes(4.5), "146"),
            Point(T0.AddMinutes(5), "138"),
            Point(T0.AddMinutes(9), "130"),
            Point(T0.AddMinutes(12), "128"),
        };

        var buckets = TelemetryBucket.Downsample(points, T0, TimeSpan.FromMinutes(5));

        Assert.Equal(
        [
            new TelemetryBucket(T0, 3, 142, 150, 146),
            new TelemetryBucket(T0.AddMinutes(5), 2, 130, 138, 134),
            new TelemetryBucket(T0.AddMinutes(10), 1, 128, 128, 128),
        ], buckets);
    }

    [Fact]
    public void Downsample_FractionalValues_MeanIsArithmetic()
    {
        var points = new[] { Point(T0, "36.6"), Point(T0.AddSeconds(10), "37.2"), Point(T0.AddSeconds(20), "38.1") };

        var b = Assert.Single(TelemetryBucket.Downsample(points, T0, TimeSpan.FromMinutes(1)));

        Assert.Equal(3, b.Count);
        Assert.Equal(36.6, b.Min);
        Assert.Equal(38.1, b.Max);
        Assert.Equal((36.6 + 37.2 + 38.1) / 3, b.Mean, 12);
    }

    [Fact]
    public void Downsample_UnorderedInput_BucketsSortedByStart()
    {
        var points = new[] { Point(T0.AddHours(2), "3"), Point(T0, "1"), Point(T0.AddHours(1), "2") };

        var buckets = TelemetryBucket.Downsample(points, T0, TimeSpan.FromHours(1));

        Assert.Equal([T0, T0.AddHours(1), T0.AddHours(2)], buckets.Select(b => b.Start));
        Assert.Equal([1.0, 2.0, 3.0], buckets.Select(b => b.Mean));
    }

    [Fact]
    public void Downsample_EmptyBucketsBetween_AreOmitted()
    {
        var points = new[] { Point(T0, "1"), Point(T0.AddMinutes(59), "2") };

        var buckets = TelemetryBucket.Downsample(points, T0, TimeSpan.FromMinutes(1));

        Assert.Equal([T0, T0.AddMinutes(59)], buckets.Select(b => b.Start));
    }

    [Fact]
    public void Downsample_PointOnBoundary_StartsNewBucketAndLastTickStaysInPrevious()
    {
        var points = new[] { Point(T0.AddMinutes(1).AddTicks(-1), "10"), Point(T0.AddMinutes(1), "20") };

        var buckets = TelemetryBucket.Downsample(points, T0, TimeSpan.FromMinutes(1));

        Assert.Equal([new TelemetryBucket(T0, 1, 10, 10, 10), new TelemetryBucket(T0.AddMinutes(1), 1, 20, 20, 20)], buckets);
    }

    [Fact]
    public void Downsample_PointsBeforeOrigin_GoToNegativeBucketsAlignedToOrigin()
    {
        var points = new[] { Point(T0.AddSeconds(-1), "5"), Point(T0.AddSeconds(-61), "7") };

        var buckets = TelemetryBucket.Downsample(points, T0, TimeSpan.FromMinutes(1));

        Assert.Equal([T0.AddMinutes(-2), T0.AddMinutes(-1)], buckets.Select(b => b.Start));
        Assert.Equal([7.0, 5.0], buckets.Select(b => b.Mean));
    }

    [Fact]
    public void Downsample_OriginNotOnTheHour_BucketsAlignToOrigin()
    {
        var origin = T0.AddMinutes(7);
        var points = new[] { Point(T0.AddMinutes(10), "1"), Point(T0.AddMinutes(20), "2") };

        var buckets = TelemetryBucket.Downsample(points, origin, TimeSpan.FromMinutes(10));

        Assert.Equal([origin, origin.AddMinutes(10)], buckets.Select(b => b.Start));
    }

    [Fact]
    public void Downsample_NonNumericPoints_AreSkipped()
    {
        var points = new[] { Point(T0, "120"), Point(T0, "\"n/a\""), Point(T0, "null"), Point(T0, "{\"type\":\"Point\"}"), Point(T0.AddHours(1), "true") };

        var b = Assert.Single(TelemetryBucket.Downsample(points, T0, TimeSpan.FromHours(1)));

        Assert.Equal(new TelemetryBucket(T0, 1, 120, 120, 120), b);
    }

    [Fact]
    public void Downsample_NoPoints_ReturnsEmpty()
    {
        Assert.Empty(TelemetryBucket.Downsample([], T0, TimeSpan.FromMinutes(1)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Downsample_NonPositiveWidth_Throws(long ticks)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TelemetryBucket.Downsample([Point(T0, "1")], T0, TimeSpan.FromTicks(ticks)));
    }

    [Fact]
    public void Downsample_UnixEpochOrigin_LastTickBeforeBoundaryStaysInItsBucket()
    {
        var boundary = T0.AddMinutes(1);
        var points = new[] { Point(boundary.AddTicks(-1), "10") };

        var b = Assert.Single(TelemetryBucket.Downsample(points, DateTimeOffset.UnixEpoch, TimeSpan.FromMinutes(1)));

        Assert.Equal(T0, b.Start);
    }
}
