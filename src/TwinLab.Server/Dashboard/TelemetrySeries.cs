using System.Buffers;
using System.Text.Json;
using TwinLab.Core.Twins;

namespace TwinLab.Server.Dashboard;

/// <summary>
/// A twin's stored telemetry as the dashboard's charts take it: one series as compact <c>[t, value]</c> rows (t in
/// milliseconds since the Unix epoch), or summarized per time bucket (<see cref="TelemetryBucket"/>) as
/// <c>[t, mean, min, max, count]</c>; and the list of a twin's telemetry names.
/// </summary>
internal static class TelemetrySeries
{
    /// <summary>The series <paramref name="name"/> as of log position <paramref name="sequence"/> (a live stream resumed
    /// after it misses nothing), of <paramref name="points"/> (already read for that name), newest
    /// <paramref name="max"/> points or buckets.</summary>
    public static byte[] Series(string twinId, string name, string? component, long sequence, IReadOnlyList<TelemetryPoint> points, TimeSpan? bucket, int max)
    {
        var buffer = new ArrayBufferWriter<byte>(1024 + Math.Min(points.Count, max) * 24);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("twin", twinId);
            w.WriteString("name", name);
            if (component is null) w.WriteNull("component");
            else w.WriteString("component", component);
            w.WriteNumber("sequence", sequence);
            int total;
            if (bucket is { } width)
            {
                // Buckets are aligned to the Unix epoch, so "1h" buckets start on the hour (UTC) whatever the range asked.
                var buckets = TelemetryBucket.Downsample(points, DateTimeOffset.UnixEpoch, width);
                total = buckets.Count;
                w.WriteString("bucket", System.Xml.XmlConvert.ToString(width));
                w.WriteStartArray("columns");
                foreach (var c in (ReadOnlySpan<string>)["t", "mean", "min", "max", "count"]) w.WriteStringValue(c);
                w.WriteEndArray();
                w.WriteStartArray("points");
                for (var i = Math.Max(0, total - max); i < total; i++)
                {
                    var b = buckets[i];
                    w.WriteStartArray();
                    w.WriteNumberValue(b.Start.ToUnixTimeMilliseconds());
                    w.WriteNumberValue(b.Mean);
                    w.WriteNumberValue(b.Min);
                    w.WriteNumberValue(b.Max);
                    w.WriteNumberValue(b.Count);
                    w.WriteEndArray();
                }
                w.WriteEndArray();
            }
            else
            {
                total = points.Count;
                w.WriteNull("bucket");
                w.WriteStartArray("columns");
                w.WriteStringValue("t");
                w.WriteStringValue("value");
                w.WriteEndArray();
                w.WriteStartArray("points");
                for (var i = Math.Max(0, total - max); i < total; i++)
                {
                    w.WriteStartArray();
                    w.WriteNumberValue(points[i].Timestamp.ToUnixTimeMilliseconds());
                    points[i].Value.WriteTo(w);
                    w.WriteEndArray();
                }
                w.WriteEndArray();
            }
            w.WriteNumber("count", Math.Min(total, max));
            w.WriteNumber("total", total);
            w.WriteBoolean("truncated", total > max);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The telemetry names of a twin in <paramref name="points"/> (all its points in the range): per name and
    /// component, how many points, the first and last time, and whether every value is a number.</summary>
    public static byte[] Names(string twinId, long sequence, IReadOnlyList<TelemetryPoint> points)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("twin", twinId);
            w.WriteNumber("sequence", sequence);
            w.WriteStartArray("names");
            foreach (var g in points.GroupBy(p => (p.Component, p.Name)).OrderBy(g => g.Key.Component ?? "", StringComparer.Ordinal).ThenBy(g => g.Key.Name, StringComparer.Ordinal))
            {
                w.WriteStartObject();
                w.WriteString("name", g.Key.Name);
                if (g.Key.Component is null) w.WriteNull("component");
                else w.WriteString("component", g.Key.Component);
                w.WriteNumber("count", g.Count());
                w.WriteString("first", TwinJson.Format(g.Min(p => p.Timestamp)));
                w.WriteString("last", TwinJson.Format(g.Max(p => p.Timestamp)));
                w.WriteBoolean("numeric", g.All(p => p.Value.ValueKind == JsonValueKind.Number));
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
