using System.Globalization;
using System.Text.Json.Nodes;
using TwinLab.Core.Privacy;

namespace TwinLab.Cli.Tests;

/// <summary><c>twinlab export</c>, plain and de-identified, on the example patients (Maria's FHIR record and readings,
/// Aisha's YAML profile).</summary>
public sealed class ExportCommandTests : IDisposable
{
    private static readonly string KeyA = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private static readonly string KeyB = Convert.ToBase64String(Enumerable.Range(101, 32).Select(i => (byte)i).ToArray());

    private readonly CliHarness _cli = new();

    public ExportCommandTests()
    {
        _cli.Json("health", "import", Path.Combine(_cli.Examples, "health", "maria-fhir"));
        _cli.Json("health", "import", Path.Combine(_cli.Examples, "health", "aisha.yaml"));
    }

    public void Dispose() => _cli.Dispose();

    private string Path_(string name) => Path.Combine(Path.GetDirectoryName(_cli.Db)!, name);

    private (JsonObject Export, string Text) Export(string name, params string[] options)
    {
        var file = Path_(name);
        var (exit, _, err) = _cli.Run(["export", "--out", file, .. options]);
        Assert.True(exit == 0, err);
        var text = File.ReadAllText(file);
        return (JsonNode.Parse(text)!.AsObject(), text);
    }

    private string KeyFile(string name, string key) => _cli.File(name, key + "\n");

    private static IEnumerable<JsonObject> Items(JsonObject export, string name) => export[name]!.AsArray().Select(n => n!.AsObject());

    [Fact]
    public void Deidentified_NoDirectIdentifierSurvives()
    {
        var (plain, plainText) = Export("plain.json");
        var (deid, text) = Export("deid.json", "--deidentify", "--deid-key", "@" + KeyFile("k.txt", KeyA));
        // Everything that names the patients: twin ids (which embed the patient id), relationship ids, names, birth dates, source files.
        var identifiers = new List<string> { "maria", "Lopez", "aisha", "Rahman", "1968-04-17", "1995-06-02", "maria-bundle", "omron", "aisha-readings" };
        identifiers.AddRange(Items(plain, "twins").Select(t => (string)t["$dtId"]!));
        identifiers.AddRange(Items(plain, "relationships").Select(r => (string)r["id"]!));
        foreach (var id in identifiers.Distinct())
        {
            Assert.Contains(id, plainText, StringComparison.OrdinalIgnoreCase); // the check would find it
            Assert.DoesNotContain(id, text, StringComparison.OrdinalIgnoreCase);
        }
        Assert.True((bool)deid["deidentified"]!);
        Assert.Equal(Items(plain, "twins").Count(), Items(deid, "twins").Count());
        Assert.Equal(Items(plain, "relationships").Count(), Items(deid, "relationships").Count());
        Assert.Equal(Items(plain, "telemetry").Count(t => (string)t["name"]! != "source"), Items(deid, "telemetry").Count());
        var patients = Items(deid, "twins").Where(t => (string)t["$metadata"]!["$model"]! == "dtmi:twinlab:health:Patient;1").ToList();
        Assert.Equal(2, patients.Count);
        Assert.All(patients, p =>
        {
            Assert.Null(p["name"]);
            Assert.Null(p["birthDate"]);
            Assert.StartsWith("id-", (string)p["patientId"]!);
            Assert.NotNull(p["currentRegimen"]); // clinical content stays
        });
        // Every relationship end is a twin of the export: the graph still holds together.
        var ids = Items(deid, "twins").Select(t => (string)t["$dtId"]!).ToHashSet();
        Assert.All(Items(deid, "relationships"), r => Assert.True(ids.Contains((string)r["source"]!) && ids.Contains((string)r["target"]!)));
        Assert.All(Items(deid, "telemetry"), t => Assert.Contains((string)t["twin"]!, ids));
    }

    [Fact]
    public void Deidentified_ShiftsEveryDateByOneOffset_KeepingIntervals()
    {
        var (plain, _) = Export("plain.json");
        var (deid, _) = Export("deid.json", "--deidentify", "--deid-key", KeyA);
        var key = Pseudonyms.ReadKey(KeyA, "key");
        var byId = Items(deid, "twins").ToDictionary(t => (string)t["$dtId"]!);
        var shifts = new List<double>();
        foreach (var twin in Items(plain, "twins").Where(t => ((string)t["$metadata"]!["$model"]!).EndsWith("Medication;1", StringComparison.Ordinal)))
        {
            var moved = byId[key.Twin((string)twin["$dtId"]!)];
            shifts.Add((DateOnly.Parse((string)moved["start"]!, CultureInfo.InvariantCulture).DayNumber
                - DateOnly.Parse((string)twin["start"]!, CultureInfo.InvariantCulture).DayNumber));
        }
        static IEnumerable<(string, DateTimeOffset)> Times(JsonObject export) => Items(export, "telemetry")
            .Where(t => (string)t["name"]! == "systolic").Select(t => ((string)t["twin"]!, DateTimeOffset.Parse((string)t["time"]!, CultureInfo.InvariantCulture)));
        var before = Times(plain).ToList();
        var after = Times(deid).ToList();
        Assert.Equal(before.Count, after.Count);
        // Telemetry comes twin by twin in time order; pair the points up by twin.
        foreach (var group in before.GroupBy(p => p.Item1))
        {
            var moved = after.Where(p => p.Item1 == key.Twin(group.Key)).Select(p => p.Item2).ToList();
            shifts.AddRange(group.Select(p => p.Item2).Zip(moved, (a, b) => (b - a).TotalDays));
        }
        Assert.True(shifts.Count > 200, $"{shifts.Count} dates compared");
        var shift = shifts[0];
        Assert.All(shifts, s => Assert.Equal(shift, s));
        Assert.InRange(Math.Abs(shift), DateShift.MinDays, DateShift.MaxDays);
        Assert.Equal(DateShift.FromKey(key).Days, shift);

        var (exact, _) = Export("exact.json", "--deidentify", "--deid-key", KeyA, "--date-shift-days", "100");
        var firstBefore = before.Where(p => p.Item1 == before[0].Item1).Min(p => p.Item2);
        var firstAfter = Times(exact).Where(p => p.Item1 == key.Twin(before[0].Item1)).Min(p => p.Item2);
        Assert.Equal(TimeSpan.FromDays(100), firstAfter - firstBefore);
        var (seeded1, _) = Export("s1.json", "--deidentify", "--date-shift-seed", "7");
        var (seeded2, _) = Export("s2.json", "--deidentify", "--date-shift-seed", "7");
        Assert.Equal(Times(seeded1).Select(p => p.Item2).Order(), Times(seeded2).Select(p => p.Item2).Order());
    }

    [Fact]
    public void SameKey_SamePseudonyms_DifferentKey_DifferentOnes()
    {
        var (a1, text1) = Export("a1.json", "--deidentify", "--deid-key", KeyA);
        var (_, text2) = Export("a2.json", "--deidentify", "--deid-key", "@" + KeyFile("a.key", KeyA));
        var (b, _) = Export("b.json", "--deidentify", "--deid-key", KeyB);
        var (r1, _) = Export("r1.json", "--deidentify");
        var (r2, _) = Export("r2.json", "--deidentify");
        Assert.Equal(text1, text2);
        static HashSet<string> Ids(JsonObject e) => Items(e, "twins").Select(t => (string)t["$dtId"]!).ToHashSet();
        Assert.Empty(Ids(a1).Intersect(Ids(b)));
        Assert.Empty(Ids(r1).Intersect(Ids(r2))); // without a key, each export has its own pseudonyms
        Assert.Equal(Ids(a1).Count, Ids(b).Count);
    }

    [Theory]
    [InlineData("@missing.key", "key file")]
    [InlineData("not base64!", "not base64")]
    [InlineData("c2hvcnQ=", "at least 256 are needed")]
    public void BadKey_IsAClearError_AndWritesNothing(string key, string message)
    {
        var spec = key.StartsWith('@') ? "@" + Path_(key[1..]) : key;
        var (exit, _, err) = _cli.Run("export", "--out", Path_("x.json"), "--deidentify", "--deid-key", spec);
        Assert.Equal(1, exit);
        Assert.Contains("--deid-key", err);
        Assert.Contains(message, err);
        if (key.StartsWith('@')) Assert.Contains(Path_("missing.key"), err);
        Assert.False(File.Exists(Path_("x.json")));
        Assert.False(File.Exists(Path_("x.json.partial")));
    }

    [Fact]
    public void BadKeyFileContent_NamesTheFile()
    {
        var file = KeyFile("short.key", "c2hvcnQ=");
        var (exit, _, err) = _cli.Run("export", "--out", Path_("x.json"), "--deidentify", "--deid-key", "@" + file);
        Assert.Equal(1, exit);
        Assert.Contains($"key file '{file}'", err);
        Assert.Contains("40 bits", err);
    }

    [Fact]
    public void RulesFile_AddsIdentifiers_AndABadOneNamesTheField()
    {
        var rules = _cli.File("rules.json", """{"models": {"dtmi:twinlab:health:Medication;1": {"drug": "hash"}, "*": {"display": "drop"}}}""");
        var (deid, _) = Export("deid.json", "--deidentify", "--deid-rules", rules);
        var meds = Items(deid, "twins").Where(t => ((string)t["$metadata"]!["$model"]!).EndsWith("Medication;1", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(meds);
        Assert.All(meds, m => Assert.StartsWith("id-", (string)m["drug"]!));
        Assert.All(Items(deid, "twins"), t => Assert.Null(t["display"]));
        Assert.All(Items(deid, "twins").Where(t => ((string)t["$metadata"]!["$model"]!).EndsWith("Patient;1", StringComparison.Ordinal)),
            p => Assert.Null(p["name"])); // the built-in rules still apply

        var bad = _cli.File("bad.json", """{"models": {"dtmi:twinlab:health:Patient;1": {"name": "blur"}}}""");
        var (exit, _, err) = _cli.Run("export", "--out", Path_("y.json"), "--deidentify", "--deid-rules", bad);
        Assert.Equal(1, exit);
        Assert.Contains(bad, err);
        Assert.Contains("$.models['dtmi:twinlab:health:Patient;1'].name", err);
        Assert.Contains("'blur' is not 'drop' or 'hash'", err);
    }

    [Fact]
    public void PlainExport_IsTheGraphAsStored_AndEveryExportIsAudited()
    {
        var (plain, _) = Export("plain.json");
        Assert.False((bool)plain["deidentified"]!);
        var maria = Items(plain, "twins").Single(t => (string)t["$dtId"]! == "patient-maria");
        Assert.Equal("Maria Lopez", (string)maria["name"]!);
        Assert.Equal("1968-04-17", (string)maria["birthDate"]!);
        Export("deid.json", "--deidentify");
        var exports = _cli.Json("audit", "--action", "export").AsArray();
        Assert.Equal(2, exports.Count);
        Assert.All(exports, e => Assert.Equal("branch:main", (string)e!["resource"]!));
        Assert.Contains("--deidentify", (string)exports[0]!["detail"]!);

        var (exit, _, err) = _cli.Run("export", "--out", Path_("z.json"), "--deid-key", KeyA);
        Assert.Equal(1, exit);
        Assert.Contains("add --deidentify", err);
    }
}
