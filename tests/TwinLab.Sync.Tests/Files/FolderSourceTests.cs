using Microsoft.Extensions.Time.Testing;
using TwinLab.Sync.DeadLetters;
using TwinLab.Sync.Files;
using TwinLab.Sync.Ingest;
using TwinLab.Sync.Mapping;
using TwinLab.Sync.Tests.Ingest;

namespace TwinLab.Sync.Tests.Files;

public sealed class FolderSourceTests : IDisposable
{
    private static readonly MessageMapping Bp = MessageMapping.Parse("""
        rules:
          - name: bp
            twin: "bp-ward3-{$.bed}"
            timestamp: $.time
            telemetry: { systolic: $.sys, diastolic: $.dia }
        """, "bp.yaml");

    private readonly IngestTwin _twin = IngestTwin.Create();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
    private readonly string _inbox;

    public FolderSourceTests()
    {
        _inbox = Path.Combine(_twin.Folder, "inbox");
        Directory.CreateDirectory(_inbox);
    }

    public void Dispose() => _twin.Dispose();

    private static string Reading(string bed, int minute, int sys = 140) =>
        $"{{\"bed\":\"{bed}\",\"time\":\"{new DateTimeOffset(2026, 11, 24, 6, 0, 0, TimeSpan.Zero).AddMinutes(minute):O}\",\"sys\":{sys},\"dia\":85}}\n";

    private IngestPipeline Pipeline() => new(_twin.Service, new DeadLetterStore(_twin.Service.Store), time: _time);

    private FolderSource Source(IngestPipeline pipeline, string? done = null) =>
        new(new FolderSourceOptions { Folder = _inbox, Glob = "*.ndjson", Source = "ward3-inbox", DoneFolder = done, SettleTime = TimeSpan.FromSeconds(5) },
            Bp, pipeline, time: _time);

    private int Readings(string twin) =>
        _twin.Service.ReadTelemetry(twin, "systolic", DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue).Count;

    private void Append(string file, string text) => File.AppendAllText(Path.Combine(_inbox, file), text);

    [Fact]
    public async Task Scan_ReadsNewAndGrownFiles_OnlyCompleteLines_UntilTheFileSettles()
    {
        await using var pipeline = Pipeline();
        await using var source = Source(pipeline);
        Append("a.ndjson", Reading("01", 0) + Reading("01", 5));
        Append("ignored.csv", "not,watched\n");

        Assert.Equal(2, await source.ScanAsync());
        Append("a.ndjson", Reading("01", 10) + Reading("01", 15).TrimEnd('\n'));
        Assert.Equal(1, await source.ScanAsync());
        Assert.Equal(0, await source.ScanAsync());
        _time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(1, await source.ScanAsync());
        await pipeline.FlushAsync();

        Assert.Equal(4, Readings("bp-ward3-01"));
        Assert.Equal((4L, 4L), (pipeline.CountersOf("ward3-inbox").Applied, source.Counters.Messages));
        Assert.Equal(1, source.Counters.FilesDone);
    }

    [Fact]
    public async Task Restart_ResumesAtTheCheckpoint_NeitherSkippingNorRepeating()
    {
        Append("a.ndjson", Reading("02", 0) + Reading("02", 5) + Reading("02", 10));
        await using (var pipeline = Pipeline())
        {
            var source = Source(pipeline);
            await source.ScanAsync();
            await source.StopAsync();
        }
        Append("a.ndjson", Reading("02", 15) + Reading("02", 20));
        _twin.Reopen();

        await using (var pipeline = Pipeline())
        {
            var source = Source(pipeline);
            Assert.Equal(2, await source.ScanAsync());
            await source.StopAsync();
            Assert.Equal((2L, 2L, 0L), (pipeline.CountersOf("ward3-inbox").Received, pipeline.CountersOf("ward3-inbox").Applied, pipeline.CountersOf("ward3-inbox").Duplicates));
        }
        Assert.Equal(5, Readings("bp-ward3-02"));
    }

    [Fact]
    public async Task Restart_AfterACrashBeforeTheCheckpoint_ReadsAgainButAppliesNothingTwice()
    {
        Append("a.ndjson", Reading("03", 0) + Reading("03", 5));
        await using (var pipeline = Pipeline())
        {
            var source = Source(pipeline);
            await source.ScanAsync();
            await pipeline.FlushAsync();
        }
        // A crash between the commit and the checkpoint: the checkpoint lags behind what was applied.
        foreach (var checkpoint in _twin.Service.Store.ListDocuments("ingest-checkpoint"))
            _twin.Service.Store.DeleteDocument(checkpoint.Kind, checkpoint.Id);
        _twin.Reopen();

        await using (var pipeline = Pipeline())
        {
            var source = Source(pipeline);
            Assert.Equal(2, await source.ScanAsync());
            await source.StopAsync();
            Assert.Equal((0L, 2L), (pipeline.CountersOf("ward3-inbox").Applied, pipeline.CountersOf("ward3-inbox").Duplicates));
        }
        Assert.Equal(2, Readings("bp-ward3-03"));
    }

    [Fact]
    public async Task ReplacedFile_IsReadFromTheStart()
    {
        await using var pipeline = Pipeline();
        await using var source = Source(pipeline);
        Append("a.ndjson", Reading("04", 0) + Reading("04", 5) + Reading("04", 10));
        await source.ScanAsync();
        await pipeline.FlushAsync();

        File.WriteAllText(Path.Combine(_inbox, "a.ndjson"), Reading("04", 30, sys: 120) + Reading("04", 35, sys: 121) + Reading("04", 40, sys: 122) + Reading("04", 45, sys: 123));
        Assert.Equal(4, await source.ScanAsync());
        await pipeline.FlushAsync();

        Assert.Equal(7, Readings("bp-ward3-04"));
    }

    [Fact]
    public async Task SettledFiles_MoveToTheDoneFolder_AndABadFileDoesNotStopTheOthers()
    {
        var mapping = MessageMapping.Parse("""
            csv: { columns: [time, bed, sys] }
            rules: [{ twin: "bp-ward3-{$.bed}", timestamp: $.time, telemetry: { systolic: $.sys } }]
            """, "csv.yaml");
        await using var pipeline = Pipeline();
        await using var source = new FolderSource(
            new FolderSourceOptions { Folder = _inbox, Glob = "*.csv", Source = "csv-inbox", DoneFolder = "done", SettleTime = TimeSpan.FromSeconds(5) },
            mapping, pipeline, time: _time);
        File.WriteAllText(Path.Combine(_inbox, "1-good.csv"), "time,bed,sys\n2026-11-24T06:00:00Z,01,141\n");
        File.WriteAllText(Path.Combine(_inbox, "2-bad.csv"), "time,bed,systolic\n2026-11-24T06:00:00Z,01,141\n");

        await source.ScanAsync();
        _time.Advance(TimeSpan.FromSeconds(6));
        await source.ScanAsync();

        Assert.True(File.Exists(Path.Combine(_inbox, "done", "1-good.csv")));
        Assert.False(File.Exists(Path.Combine(_inbox, "1-good.csv")));
        Assert.True(File.Exists(Path.Combine(_inbox, "2-bad.csv")));
        Assert.Equal(1, Readings("bp-ward3-01"));
        Assert.Equal(1, source.Counters.Errors);
        Assert.Contains("2-bad.csv:1:1: the header has no column 'sys'", source.Counters.LastError);
        Assert.Equal(1, source.Counters.FilesDone);
        Assert.DoesNotContain(_twin.Service.Store.ListDocuments("ingest-checkpoint"), d => d.Id.EndsWith("1-good.csv"));
    }

    [Fact]
    public async Task Start_PollsInTheBackground_UntilStopped()
    {
        await using var pipeline = new IngestPipeline(_twin.Service, new DeadLetterStore(_twin.Service.Store));
        var source = new FolderSource(new FolderSourceOptions { Folder = _inbox, Glob = "*.ndjson", PollInterval = TimeSpan.FromMilliseconds(20) }, Bp, pipeline);
        Assert.Equal("folder:inbox", source.Source);

        await source.StartAsync();
        Append("b.ndjson", Reading("01", 0));
        await IngestPipelineTests.Eventually(() => pipeline.CountersOf(source.Source).Applied == 1);
        Assert.Equal("running", source.Counters.State);
        await source.StopAsync();

        Assert.Equal("stopped", source.Counters.State);
        Assert.Single(_twin.Service.Store.ListDocuments("ingest-checkpoint"));
    }
}
