using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using TwinLab.Cli.DataPlane;
using TwinLab.Core.Twins;

namespace TwinLab.Cli.Commands;

/// <summary><c>twinlab telemetry append|read</c>.</summary>
internal static class TelemetryCommand
{
    public static Command Create(GlobalOptions g)
    {
        var cmd = new Command("telemetry", "Append and read a twin's telemetry");
        cmd.Subcommands.Add(Append(g));
        cmd.Subcommands.Add(Read(g));
        return cmd;
    }

    private static Command Append(GlobalOptions g)
    {
        var twin = new Argument<string>("twin") { Description = "The twin id" };
        var data = new Option<string?>("--data", "-d") { Description = "One message: a JSON object of telemetry name to value, or @file" };
        var file = new Option<string?>("--file", "-f") { Description = "NDJSON file: one message per line; an optional \"$ts\" member gives its time" };
        var component = new Option<string?>("--component", "-c") { Description = "The component the telemetry belongs to" };
        var time = new Option<string?>("--time") { Description = "Source time of --data (ISO 8601); default now" };
        var cmd = new Command("append", "Append telemetry; validated against the model's Telemetry definitions; all lines or none") { twin, data, file, component, time };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            var messages = new List<TelemetryMessage>();
            if (ctx.Get(data) is { } d)
                messages.Add(new TelemetryMessage(JsonInput.Read(d, "--data"), ctx.Get(time) is { } t ? ParseTime(t, "--time") : null));
            if (ctx.Get(file) is { } path)
                messages.AddRange(ReadNdjson(path));
            if (messages.Count == 0) throw new CliUsageException("Give --data JSON or --file FILE.ndjson.");
            return ctx.Commit(plane => plane.AppendTelemetry(ctx.Get(twin), ctx.Get(component), messages), o =>
            {
                if (ctx.Json)
                    ctx.WriteJson(new JsonObject
                    {
                        ["twin"] = ctx.Get(twin), ["messages"] = messages.Count, ["points"] = o.Value,
                        ["sequence"] = CliContext.SequenceJson(o.FirstSequence, o.LastSequence),
                    });
                else
                    ctx.Out.WriteLine($"Appended {o.Value} point(s) from {messages.Count} message(s) to {ctx.Get(twin)}{ctx.OnBranch} ({CliContext.SequenceText(o.FirstSequence, o.LastSequence)}).");
            });
        }));
        return cmd;
    }

    private static IEnumerable<TelemetryMessage> ReadNdjson(string path)
    {
        if (!File.Exists(path)) throw new CliUsageException($"--file: '{path}' not found.");
        var line = 0;
        var result = new List<TelemetryMessage>();
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            var element = JsonInput.Parse(text, $"{path}:{line}");
            if (element.ValueKind != JsonValueKind.Object) throw new CliUsageException($"{path}:{line}: each line must be a JSON object.");
            DateTimeOffset? at = null;
            var obj = JsonNode.Parse(element.GetRawText())!.AsObject();
            if (obj.TryGetPropertyValue("$ts", out var ts))
            {
                at = ParseTime(ts?.GetValue<string>() ?? "", $"{path}:{line}: $ts");
                obj.Remove("$ts");
            }
            result.Add(new TelemetryMessage(JsonSerializer.SerializeToElement(obj), at));
        }
        return result;
    }

    private static Command Read(GlobalOptions g)
    {
        var twin = new Argument<string>("twin") { Description = "The twin id" };
        var name = new Option<string?>("--name", "-n") { Description = "Only this telemetry" };
        var from = new Option<string?>("--from") { Description = "Inclusive start (ISO 8601); default: the beginning" };
        var to = new Option<string?>("--to") { Description = "Exclusive end (ISO 8601); default: the end" };
        var bucket = new Option<string?>("--bucket") { Description = "Downsample numeric values into buckets of this width (e.g. 5m, 1h, 1d, or ISO 8601 PT15M): min/max/mean per bucket" };
        var cmd = new Command("read", "Read a twin's telemetry in a time range, raw or downsampled (on --branch, as of --as-of)") { twin, name, from, to, bucket };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            var start = ctx.Get(from) is { } f ? ParseTime(f, "--from") : DateTimeOffset.MinValue;
            var end = ctx.Get(to) is { } t ? ParseTime(t, "--to") : DateTimeOffset.MaxValue;
            if (end <= start) throw new CliUsageException("--to must be after --from.");
            var points = ctx.Data.ReadTelemetry(ctx.Get(twin), ctx.Get(name), start, end);
            if (ctx.Get(bucket) is { } b)
            {
                var width = ParseDuration(b);
                var origin = ctx.Get(from) is not null ? start : points.Count > 0 ? Floor(points[0].Timestamp, width) : DateTimeOffset.UnixEpoch;
                WriteBuckets(ctx, points, origin, width);
                return 0;
            }
            if (ctx.Json)
            {
                ctx.WriteJson(new JsonArray(points.Select(pt => (JsonNode)new JsonObject
                {
                    ["time"] = TwinJson.Format(pt.Timestamp),
                    ["name"] = pt.Name,
                    ["component"] = pt.Component,
                    ["value"] = JsonNode.Parse(pt.Value.GetRawText()),
                }).ToArray()));
                return 0;
            }
            Table.Write(ctx.Out, ["time", "name", "value"],
                points.Select(pt => (IReadOnlyList<string>)[TwinJson.Format(pt.Timestamp), pt.Component is null ? pt.Name : $"{pt.Component}.{pt.Name}", pt.Value.GetRawText()]));
            return 0;
        }));
        return cmd;
    }

    private static void WriteBuckets(CliContext ctx, IReadOnlyList<TelemetryPoint> points, DateTimeOffset origin, TimeSpan width)
    {
        var groups = points.GroupBy(pt => pt.Component is null ? pt.Name : $"{pt.Component}.{pt.Name}").OrderBy(gr => gr.Key, StringComparer.Ordinal);
        var rows = groups.SelectMany(gr => TelemetryBucket.Downsample(gr, origin, width).Select(bk => (Name: gr.Key, Bucket: bk))).ToArray();
        if (ctx.Json)
        {
            ctx.WriteJson(new JsonArray(rows.Select(r => (JsonNode)new JsonObject
            {
                ["name"] = r.Name,
                ["start"] = TwinJson.Format(r.Bucket.Start),
                ["count"] = r.Bucket.Count,
                ["min"] = r.Bucket.Min,
                ["max"] = r.Bucket.Max,
                ["mean"] = r.Bucket.Mean,
            }).ToArray()));
            return;
        }
        Table.Write(ctx.Out, ["name", "bucket start", "count", "min", "max", "mean"],
            rows.Select(r => (IReadOnlyList<string>)[r.Name, TwinJson.Format(r.Bucket.Start), r.Bucket.Count.ToString(CultureInfo.InvariantCulture),
                Num(r.Bucket.Min), Num(r.Bucket.Max), Num(r.Bucket.Mean)]));
    }

    private static string Num(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);

    private static DateTimeOffset Floor(DateTimeOffset t, TimeSpan width) =>
        new(t.UtcTicks - t.UtcTicks % width.Ticks, TimeSpan.Zero);

    internal static DateTimeOffset ParseTime(string text, string what) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t
            : throw new CliUsageException($"{what}: '{text}' is not a date/time; use ISO 8601 such as 2026-11-20T10:00:00Z.");

    internal static TimeSpan ParseDuration(string text)
    {
        TimeSpan result;
        if (text.StartsWith('P'))
        {
            try
            {
                result = XmlConvert.ToTimeSpan(text);
            }
            catch (FormatException)
            {
                throw new CliUsageException($"--bucket: '{text}' is not an ISO 8601 duration.");
            }
        }
        else
        {
            var unit = text.Length > 0 ? text[^1] : ' ';
            if (!double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || n <= 0)
                throw new CliUsageException($"--bucket: '{text}' is not a duration; use e.g. 30s, 5m, 1h, 1d or PT15M.");
            result = unit switch
            {
                's' => TimeSpan.FromSeconds(n),
                'm' => TimeSpan.FromMinutes(n),
                'h' => TimeSpan.FromHours(n),
                'd' => TimeSpan.FromDays(n),
                _ => throw new CliUsageException($"--bucket: unknown unit '{unit}' in '{text}'; use s, m, h or d."),
            };
        }
        if (result <= TimeSpan.Zero) throw new CliUsageException($"--bucket: '{text}' must be positive.");
        return result;
    }
}
