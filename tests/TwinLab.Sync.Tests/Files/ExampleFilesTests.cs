using System.Text;
using TwinLab.Sync.DeadLetters;
using TwinLab.Sync.Files;
using TwinLab.Sync.Ingest;
using TwinLab.Sync.Mapping;
using TwinLab.Sync.Tests.Ingest;

namespace TwinLab.Sync.Tests.Files;

/// <summary>The shipped examples in examples/sync load and do what the README says.</summary>
public sealed class ExampleFilesTests : IDisposable
{
    private static readonly string Folder = Path.Combine(Repository.Root, "examples", "sync");
    private readonly IngestTwin _twin = IngestTwin.Create();

    public void Dispose() => _twin.Dispose();

    [Fact]
    public async Task Ward3Csv_Applies48Readings_DeadLettersThreeBadRows_AndSpotsTheRepeat()
    {
        await using var pipeline = new IngestPipeline(_twin.Service, new DeadLetterStore(_twin.Service.Store));

        var report = await FileIngest.RunAsync(Path.Combine(Folder, "ward3-bp.csv"), MessageMapping.Load(Path.Combine(Folder, "ward3-bp.yaml")), pipeline);

        Assert.Equal((52L, 48L, 1L, 3L), (report.Messages, report.Applied, report.Duplicates, report.DeadLettered));
        Assert.Equal(["ward3-bp.csv:11", "ward3-bp.csv:24", "ward3-bp.csv:32"], report.Errors.Select(e => e.Position));
        Assert.Contains("is 'ERR', not a number", report.Errors[0].Reason);
        Assert.Contains("bp-ward3-05", report.Errors[1].Reason);
        Assert.Contains("$['DIA(mmHg)'] is missing", report.Errors[2].Reason);
        var bed1 = _twin.Service.ReadTelemetry("bp-ward3-01", "systolic", DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue);
        Assert.Equal(12, bed1.Count);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 6, 0, 0, TimeSpan.Zero), bed1[0].Timestamp);
    }

    [Fact]
    public async Task Ward3Monitors_ConvertKilopascals_AndApplyTheRedeliveredMessageOnce()
    {
        await using var pipeline = new IngestPipeline(_twin.Service, new DeadLetterStore(_twin.Service.Store));

        var report = await FileIngest.RunAsync(Path.Combine(Folder, "ward3-monitors.ndjson"), MessageMapping.Load(Path.Combine(Folder, "ward3-monitors.yaml")), pipeline);

        Assert.Equal((51L, 48L, 1L, 2L), (report.Messages, report.Applied, report.Duplicates, report.DeadLettered));
        var bed3 = _twin.Service.ReadTelemetry("bp-ward3-03", "systolic", DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue);
        Assert.Equal(24, bed3.Count);
        Assert.InRange(bed3[0].Value.GetDouble(), 140, 180);
        Assert.Equal(Math.Round(bed3[0].Value.GetDouble()), bed3[0].Value.GetDouble());
    }

    [Fact]
    public async Task HqMqtt_RecordedTrafficMapsCompletely()
    {
        var mapping = MessageMapping.Load(Path.Combine(Folder, "hq-mqtt.yaml"));
        await using var pipeline = new IngestPipeline(_twin.Service, new DeadLetterStore(_twin.Service.Store));
        pipeline.SetMapping("hq", mapping);
        var results = new List<IngestResult>();

        var lines = File.ReadAllLines(Path.Combine(Folder, "hq-mqtt.txt"));
        for (var i = 0; i < lines.Length; i++)
        {
            var space = lines[i].IndexOf(' ');
            await pipeline.SubmitAsync(new InboundMessage("hq", lines[i][..space], Encoding.UTF8.GetBytes(lines[i][(space + 1)..]), $"line {i + 1}", DateTimeOffset.UtcNow)
            {
                Acknowledge = r => { lock (results) results.Add(r); return ValueTask.CompletedTask; },
            });
        }
        await pipeline.FlushAsync();

        Assert.Equal(lines.Length, results.Count);
        Assert.All(results, r => Assert.True(r.Status == IngestStatus.Applied, r.Reason));
        var room = _twin.Service.Snapshot.Twins["room-101"];
        Assert.True(room.Components.TryGetValue("thermostat", out var thermostat));
        Assert.True(thermostat.Properties.TryGetValue("setpoint", out var setpoint));
        Assert.Contains(setpoint.Value.GetDouble(), new[] { 21.0, 21.5, 22.0 });
        var temperatures = _twin.Service.ReadTelemetry("room-101", "temperature", DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue);
        Assert.Equal(9, temperatures.Count(p => p.Component is null));
        Assert.Equal(5, temperatures.Count(p => p.Component == "thermostat"));
        var fan = _twin.Service.ReadTelemetry("ahu-1", "fanSpeed", DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue);
        Assert.All(fan, p => Assert.InRange(p.Value.GetDouble(), 0, 1));
    }
}
