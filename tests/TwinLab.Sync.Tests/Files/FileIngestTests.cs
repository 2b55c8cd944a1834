using TwinLab.Sync.DeadLetters;
using TwinLab.Sync.Files;
using TwinLab.Sync.Ingest;
using TwinLab.Sync.Mapping;
using TwinLab.Sync.Tests.Ingest;

namespace TwinLab.Sync.Tests.Files;

public sealed class FileIngestTests : IDisposable
{
    private readonly IngestTwin _twin = IngestTwin.Create();

    public void Dispose() => _twin.Dispose();

    private static readonly MessageMapping Bp = MessageMapping.Parse("""
        csv: { text: [bed] }
        rules:
          - name: bp
            twin: "bp-ward3-{$.bed}"
            timestamp: $.time
            telemetry:
              systolic: { path: $.sys, as: number }
              diastolic: { path: $.dia, as: number }
        """, "bp.yaml");

    private string Write(string name, string text)
    {
        var path = Path.Combine(_twin.Folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private IngestPipeline Pipeline() => new(_twin.Service, new DeadLetterStore(_twin.Service.Store));

    private int Readings(string twin) =>
        _twin.Service.ReadTelemetry(twin, "systolic", DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue).Count;

    [Fact]
    public async Task Csv_BadRowsAreDeadLetteredWithFileAndLine_TheRestApplied_AndARerunAppliesNothingTwice()
    {
        var path = Write("bp.csv", """
            time,bed,sys,dia
            2026-11-24T06:00:00Z,01,141,88
            2026-11-24T06:00:00Z,02,ERR,
            2026-11-24T06:00:00Z,03,150,95,extra
            "2026-11-24T06:00:00Z,04,130,80
            2026-11-24T10:00:00Z,01,138,86
            2026-11-24T10:00:00Z,01,138,86
            """);
        await using var pipeline = Pipeline();

        var first = await FileIngest.RunAsync(path, Bp, pipeline);
        var again = await FileIngest.RunAsync(path, Bp, pipeline);

        Assert.Equal(("ingest:bp.csv", 6L, 2L, 1L, 3L), (first.Source, first.Messages, first.Applied, first.Duplicates, first.DeadLettered));
        Assert.Collection(first.Errors,
            e => Assert.Equal(new FileIngestError("bp.csv:3", "rule 'bp': telemetry 'systolic': $.sys is 'ERR', not a number"), e),
            e => Assert.Equal(new FileIngestError("bp.csv:4", "the row has 5 fields, but the header names 4"), e),
            e => Assert.Equal(new FileIngestError("bp.csv:5", "the row cannot be read: field 1 opens a quote that is never closed"), e));
        Assert.Equal((0L, 3L, 3L), (again.Applied, again.Duplicates, again.DeadLettered));
        Assert.Equal(2, Readings("bp-ward3-01"));
        Assert.Equal(3, new DeadLetterStore(_twin.Service.Store).Count("ingest:bp.csv"));
        Assert.Null(first.FileError);
    }

    [Fact]
    public async Task Csv_HeaderWithoutAColumnTheMappingKeeps_IsAFileError()
    {
        var mapping = MessageMapping.Parse("""
            csv: { columns: [time, bed, sys, dia] }
            rules: [{ twin: "x", telemetry: { systolic: $.sys } }]
            """, "m.yaml");
        var path = Write("no-dia.csv", "time,bed,sys\n2026-11-24T06:00:00Z,01,141\n");
        await using var pipeline = Pipeline();

        var report = await FileIngest.RunAsync(path, mapping, pipeline);

        Assert.Equal(0, report.Messages);
        Assert.Equal($"{path}:1:1: the header has no column 'dia' (the mapping's csv.columns); it has: time, bed, sys", report.FileError);
    }

    [Fact]
    public async Task Csv_WithoutHeader_SemicolonsAndSkippedTitleLines()
    {
        var mapping = MessageMapping.Parse("""
            csv: { header: false, delimiter: ";", columns: [time, bed, sys, dia], text: [bed], skipLines: 2 }
            rules:
              - twin: "bp-ward3-{$.bed}"
                timestamp: $.time
                telemetry: { systolic: $.sys, diastolic: $.dia }
            """, "m.yaml");
        var path = Write("export.txt", "Ward 3 export\ncreated 2026-11-24\n2026-11-24T06:00:00Z;01;141,5;88\n2026-11-24T07:00:00Z;01;139;87\n");
        await using var pipeline = Pipeline();

        var report = await FileIngest.RunAsync(path, mapping, pipeline, new FileIngestOptions { Format = "csv" });

        // "141,5" is not a number in the invariant culture: it stays text, and the model refuses it for a double.
        Assert.Equal((2L, 1L, 1L), (report.Messages, report.Applied, report.DeadLettered));
        Assert.Equal("export.txt:3", report.Errors[0].Position);
        Assert.Contains("systolic", report.Errors[0].Reason);
    }

    [Fact]
    public async Task Ndjson_BlankLinesSkipped_BadJsonDeadLettered_LastLineWithoutBreakRead()
    {
        var mapping = MessageMapping.Parse("""
            rules:
              - twin: "bp-ward3-{$.bed}"
                timestamp: $.time
                telemetry: { systolic: $.sys, diastolic: $.dia }
            """, "m.yaml");
        var path = Write("bp.ndjson", "{\"bed\":\"01\",\"time\":\"2026-11-24T06:00:00Z\",\"sys\":141,\"dia\":88}\n\n{\"bed\":\"01\",\n{\"bed\":\"02\",\"time\":\"2026-11-24T06:00:00Z\",\"sys\":131,\"dia\":84}");
        await using var pipeline = Pipeline();

        var report = await FileIngest.RunAsync(path, mapping, pipeline);

        Assert.Equal((3L, 2L, 1L), (report.Messages, report.Applied, report.DeadLettered));
        Assert.Equal("bp.ndjson:3", report.Errors[0].Position);
        Assert.StartsWith("the payload is not valid JSON", report.Errors[0].Reason);
    }

    [Fact]
    public void Format_ComesFromTheOptionTheMappingOrTheExtension()
    {
        Assert.Equal(DataFileFormat.Csv, DataFileFormats.Of("a.CSV"));
        Assert.Equal(DataFileFormat.Csv, DataFileFormats.Of("a.tsv"));
        Assert.Equal(DataFileFormat.Ndjson, DataFileFormats.Of("a.jsonl"));
        Assert.Equal(DataFileFormat.Ndjson, DataFileFormats.Of("a.csv", "ndjson"));
        Assert.Equal(DataFileFormat.Csv, DataFileFormats.Of("a.log", null, "csv"));
        Assert.Contains("cannot tell the format", Assert.Throws<ArgumentException>(() => DataFileFormats.Of("a.log")).Message);
        Assert.Contains("Unknown file format 'xml'", Assert.Throws<ArgumentException>(() => DataFileFormats.Of("a.csv", "xml")).Message);
    }
}
