using TwinLab.Sync.Mapping;

namespace TwinLab.Sync.Tests.Mapping;

public sealed class MappingFileTests
{
    private static MappingFileException Bad(string yaml) =>
        Assert.Throws<MappingFileException>(() => MessageMapping.Parse(yaml, "bad.yaml"));

    [Theory]
    [InlineData("rules:\n  - twin: x\n    telemetry:\n      t: { path: $.t, from: degF }\n", 4, "rules[0].telemetry.t", "unit conversion needs both 'from' and 'to' (such as from: degF, to: degC)")]
    [InlineData("rules:\n  - twin: x\n    telemetry:\n      t: { path: $.t, from: degF, to: kPa }\n", 4, "rules[0].telemetry.t.to", "'kilopascal' is a pressure unit; it cannot be converted from 'degreeFahrenheit' (temperature)")]
    [InlineData("rules:\n  - twin: x\n    telemetry:\n      t: { path: $.t, from: furlong, to: m }\n", 4, "rules[0].telemetry.t.from", "unknown unit 'furlong'; known units: ")]
    [InlineData("rules:\n  - twin: x\n    telmetry:\n      t: $.t\n", 3, "rules[0].telmetry", "unknown key (did you mean 'telemetry'?); allowed here: ")]
    [InlineData("rules:\n  - topic: a/{dev}/b\n    twin: \"{device}\"\n    telemetry: { t: $.t }\n", 3, "rules[0].twin", "'{device}' is neither a JSON path ($...) nor a capture of the rule's topic ({dev})")]
    [InlineData("rules:\n  - topic: a/#/b\n    twin: x\n    telemetry: { t: $.t }\n", 2, "rules[0].topic", "'a/#/b': '#' may only be the last level")]
    [InlineData("rules:\n  - twin: x\n    telemetry: { t: readings.temp }\n", 3, "rules[0].telemetry.t", "'readings.temp' is neither a JSON path ($.x) nor a template ({capture}); for a constant write 'value: readings.temp'")]
    [InlineData("rules:\n  - twin: x\n    telemetry: { t: \"$.a[x]\" }\n", 3, "rules[0].telemetry.t", "'$.a[x]': [..] must hold an index (0, 1, ...) or a quoted name such as ['SYS(mmHg)']")]
    [InlineData("rules:\n  - twin: x\n", 2, "rules[0]", "maps nothing: give 'telemetry' or 'properties' (or 'skip: true' to drop its messages)")]
    [InlineData("rules:\n  - telemetry: { t: $.t }\n", 2, "rules[0].twin", "is missing: which twin the message updates")]
    [InlineData("description: no rules\n", 1, "rules", "is missing: a mapping needs a list of rules")]
    [InlineData("rules: []\n", 1, "rules", "must be a non-empty list of rules")]
    [InlineData("rules:\n  - name: a\n    twin: x\n    telemetry: { t: $.t }\n  - name: a\n    twin: y\n    telemetry: { t: $.t }\n", 5, "rules[1].name", "'a' names an earlier rule too; rule names must be unique")]
    [InlineData("rules:\n  - twin: x\n    timestamp: { path: $.ts, timeZone: Mars/Olympus }\n    telemetry: { t: $.t }\n", 3, "rules[0].timestamp.timeZone", "unknown time zone 'Mars/Olympus'")]
    [InlineData("csv:\n  header: false\nrules:\n  - twin: x\n    telemetry: { t: $.t }\n", 2, "csv.columns", "is needed when 'header' is false")]
    [InlineData("format: xml\nrules:\n  - twin: x\n    telemetry: { t: $.t }\n", 1, "format", "'xml' is not a file format; use csv or ndjson")]
    [InlineData("rules:\n  - twin: x\n    skip: true\n", 2, "rules[0].twin", "a rule with 'skip: true' takes its messages and maps nothing")]
    [InlineData("rules:\n  - twin: x\n    telemetry:\n      t: { path: $.t, value: 3 }\n", 4, "rules[0].telemetry.t", "has both 'path' and 'value'; give one")]
    public void Parse_BadMapping_NamesLineAndField(string yaml, int line, string field, string problem)
    {
        var e = Bad(yaml);

        Assert.Equal("bad.yaml", e.File);
        Assert.Equal(line, e.Line);
        Assert.Equal(field, e.Field);
        Assert.StartsWith(problem, e.Problem);
        Assert.StartsWith($"bad.yaml:{line}:", e.Message);
    }

    [Fact]
    public void Parse_InvalidYaml_GivesThePosition()
    {
        var e = Bad("rules:\n  - twin: x\n    telemetry: { t: $.t\n");

        Assert.Equal(4, e.Line);
        Assert.StartsWith("not valid YAML: ", e.Problem);
    }

    [Fact]
    public void Parse_EmptyFile_SaysWhatIsNeeded()
    {
        Assert.Equal("is empty; a mapping needs at least 'rules'", Bad("").Problem);
    }

    [Fact]
    public void Load_ReadsTheFile_AndNamesItInErrors()
    {
        var path = Path.Combine(Path.GetTempPath(), $"twinlab-mapping-{Guid.NewGuid():N}.yaml");
        try
        {
            File.WriteAllText(path, "rules:\n  - twin: x\n    telemetry: { t: { path: $.t, as: decimal } }\n");
            var e = Assert.Throws<MappingFileException>(() => MessageMapping.Load(path));
            Assert.Equal($"{path}:3:", e.Message[..(path.Length + 3)]);
            Assert.Equal("rules[0].telemetry.t.as", e.Field);

            File.WriteAllText(path, "csv: { delimiter: ';', columns: [Date, SYS], text: [Date] }\nrules:\n  - twin: x\n    telemetry: { t: $.SYS }\n");
            var mapping = MessageMapping.Load(path);
            Assert.Equal(path, mapping.SourceName);
            Assert.Equal(new CsvOptions(true, ";", ["Date", "SYS"], ["Date"], 0), mapping.Csv with { Columns = [.. mapping.Csv.Columns], Text = [.. mapping.Csv.Text] }, CsvOptionsComparer.Instance);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private sealed class CsvOptionsComparer : IEqualityComparer<CsvOptions>
    {
        public static readonly CsvOptionsComparer Instance = new();

        public bool Equals(CsvOptions? x, CsvOptions? y) =>
            x!.Header == y!.Header && x.Delimiter == y.Delimiter && x.Columns.SequenceEqual(y.Columns) && x.Text.SequenceEqual(y.Text) && x.SkipLines == y.SkipLines;

        public int GetHashCode(CsvOptions obj) => obj.Delimiter.GetHashCode();
    }
}
