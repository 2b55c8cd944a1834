using System.CommandLine;
using System.Text.Json.Nodes;
using TwinLab.Health.Ingest;
using TwinLab.Health.Patients;
using TwinLab.Health.Prediction;
using TwinLab.Health.Twin;

namespace TwinLab.Cli.Commands;

/// <summary>
/// <c>twinlab health import FILE|DIR [...] [--patient ID] [--time-zone TZ] [--date-order dmy|mdy]</c>: reads FHIR R4
/// JSON, YAML profiles and home-monitor CSVs, reports every excluded reading with file and row, and stores each
/// patient's twins and profile. Problems with single readings leave the exit code 0 (the accepted data is stored);
/// a file that cannot be read at all is a user error and stores nothing of that import.
/// </summary>
internal static class HealthImportVerb
{
    /// <summary>Problems printed in text mode (all of them go to --json).</summary>
    private const int ProblemsShown = 12;

    public static Command Create(GlobalOptions g)
    {
        var paths = new Argument<string[]>("paths") { Description = "FHIR R4 JSON (bundles or resources), YAML profiles (.yaml/.yml) and readings CSVs, or folders holding them", Arity = ArgumentArity.OneOrMore };
        var patient = new Option<string?>("--patient") { Description = "The patient that CSV files given on their own belong to (added to the stored patient of that id, keeping their record; made if neither a file nor the store has them)" };
        var zone = new Option<string?>("--time-zone") { Description = "The person's time zone for CSV times without an offset: IANA id, UTC or +02:00 (default UTC)" };
        var dateOrder = new Option<string?>("--date-order") { Description = "Numeric dates: dmy (day first) or mdy (month first); default: decided from each file" };
        var cmd = new Command("import", "Read a person's FHIR record, YAML profile and home-monitor CSVs, report excluded readings with file and row, and store the patient's twin") { paths, patient, zone, dateOrder };
        cmd.SetAction(p => CliContext.Invoke(p, g, ctx =>
        {
            ctx.RejectAsOf();
            ctx.RequireBranch(ctx.Branch);
            var store = new HealthTwinStore(ctx.Service);
            var options = new HealthImportOptions
            {
                PatientId = ctx.Get(patient),
                StoredProfile = id => store.LoadProfile(id, ctx.Branch),
                TimeZone = ctx.Get(zone) is { } z ? HealthImportOptions.ParseTimeZone(z) : null,
                DateOrder = ParseDateOrder(ctx.Get(dateOrder)),
            };
            // Whole-file errors throw here, before anything is stored: earlier imports stay as they were.
            var result = HealthImport.Import(ctx.Get(paths), options);
            if (result.Profiles.Count == 0)
                throw new CliUsageException($"No patient found in {string.Join(", ", ctx.Get(paths))}: expected a FHIR Patient, a YAML profile or readings with --patient ID.{ProblemsText(result)}");
            var writes = result.Profiles.Select(profile => (Profile: profile, Write: store.Import(profile, ctx.Branch, ctx.WriteContext))).ToList();
            if (ctx.Json) ctx.WriteJson(Json(result, writes, ctx.Branch));
            else Print(ctx, result, writes);
            return 0;
        }));
        return cmd;
    }

    /// <summary>The problems of an import that found no patient, for the error message (they are why nothing was found).</summary>
    internal static string ProblemsText(HealthImportResult result) => result.Problems.Count == 0 ? "" :
        $" Problems: {string.Join("; ", result.Problems.Take(3))}{(result.Problems.Count > 3 ? $"; and {result.Problems.Count - 3} more" : "")}.";

    internal static DateOrder? ParseDateOrder(string? text) => text?.ToLowerInvariant() switch
    {
        null => null,
        "dmy" or "day-first" => DateOrder.DayFirst,
        "mdy" or "month-first" => DateOrder.MonthFirst,
        _ => throw new CliUsageException($"--date-order {text}: use dmy (day first) or mdy (month first)."),
    };

    private static void Print(CliContext ctx, HealthImportResult r, IReadOnlyList<(PatientProfile Profile, HealthImportWrite Write)> writes)
    {
        var w = ctx.Out;
        w.WriteLine(HealthDisclaimer.Text);
        var c = r.Counts;
        w.WriteLine($"Read {c.Read} readings: {c.Accepted} accepted, {c.RejectedTotal} excluded{(c.RejectedTotal > 0 ? " (" + string.Join(", ", c.Rejected.OrderBy(x => x.Key).Select(x => $"{Reason(x.Key)} {x.Value}")) + ")" : "")}.");
        foreach (var (profile, write) in writes)
        {
            w.WriteLine();
            w.WriteLine($"Patient {HealthJson.Person(profile, HealthJson.Today(profile))}");
            var home = profile.Readings.Count(x => x.Setting == ReadingSetting.Home);
            var span = profile.Readings.Count > 0 ? $" from {HealthJson.Date(profile.Readings[0].Day)} to {HealthJson.Date(profile.Readings[^1].Day)}" : "";
            w.WriteLine($"  readings: {profile.Readings.Count} accepted ({home} home, {profile.Readings.Count - home} clinic){span}");
            if (profile.Conditions.Count > 0)
                w.WriteLine($"  conditions: {string.Join("; ", profile.Conditions.Select(x => $"{x.Display}{(x.Active ? "" : " (resolved)")}{(x.Onset is { } o ? $" since {HealthJson.Date(o)}" : "")}"))}");
            foreach (var kind in Enum.GetValues<LabKind>())
                if (profile.Latest(kind) is { } lab)
                    w.WriteLine($"  {LabName(kind)}: {HealthJson.N(lab.Value, "0.##")} {LabUnit(kind)} on {HealthJson.Date(DateOnly.FromDateTime(lab.Time.DateTime))} ({profile.Labs.Count(l => l.Kind == kind)} result{(profile.Labs.Count(l => l.Kind == kind) == 1 ? "" : "s")})");
            if (profile.Medication.Count == 0) w.WriteLine("  medication: none recorded (untreated)");
            foreach (var period in profile.Medication)
                w.WriteLine($"  medication: {period.Regimen} from {HealthJson.Date(period.Start)}{(period.End is { } e ? $" to {HealthJson.Date(e)}" : " (current)")}");
            w.WriteLine(write.Duplicate
                ? "  twins: nothing written (idempotency key used before)"
                : $"  twins on '{ctx.Branch}': {write.Twins} written, {write.Relationships} relationships, {write.ReadingsAppended} new readings as telemetry{(write.TwinsRemoved > 0 ? $", {write.TwinsRemoved} removed" : "")} ({CliContext.SequenceText(write.FirstSequence, write.LastSequence)})");
        }
        if (r.Problems.Count > 0)
        {
            w.WriteLine();
            w.WriteLine($"Problems ({(r.Problems.Count > ProblemsShown ? $"first {ProblemsShown} of {r.Problems.Count}; all with --json" : r.Problems.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))}):");
            foreach (var problem in r.Problems.Take(ProblemsShown)) w.WriteLine($"  {problem}");
        }
        foreach (var note in r.Notes) w.WriteLine($"note: {note}");
        w.WriteLine();
        w.WriteLine($"Next: twinlab health calibrate {writes[0].Profile.Id}   |   twinlab health recommend {writes[0].Profile.Id}");
    }

    private static JsonObject Json(HealthImportResult r, IReadOnlyList<(PatientProfile Profile, HealthImportWrite Write)> writes, string branch) => new()
    {
        ["disclaimer"] = HealthDisclaimer.Text,
        ["branch"] = branch,
        ["readingsRead"] = r.Counts.Read,
        ["readingsAccepted"] = r.Counts.Accepted,
        ["readingsRejected"] = r.Counts.RejectedTotal,
        ["rejectedByReason"] = new JsonObject(r.Counts.Rejected.OrderBy(x => x.Key).Select(x => KeyValuePair.Create(Reason(x.Key), (JsonNode?)x.Value))),
        ["patients"] = new JsonArray([.. writes.Select(x => (JsonNode)Patient(x.Profile, x.Write))]),
        ["problems"] = new JsonArray([.. r.Problems.Select(p => (JsonNode)new JsonObject
        {
            ["file"] = p.File, ["location"] = p.Location, ["problem"] = p.Problem, ["excluded"] = p.Excluded, ["text"] = p.ToString(),
        })]),
        ["notes"] = new JsonArray([.. r.Notes.Select(n => (JsonNode)n)]),
    };

    private static JsonObject Patient(PatientProfile p, HealthImportWrite write) => new()
    {
        ["id"] = p.Id,
        ["name"] = p.Name,
        ["birthDate"] = p.BirthDate is { } b ? HealthJson.Date(b) : null,
        ["sex"] = p.Sex.ToString().ToLowerInvariant(),
        ["readings"] = p.Readings.Count,
        ["homeReadings"] = p.Readings.Count(x => x.Setting == ReadingSetting.Home),
        ["clinicReadings"] = p.Readings.Count(x => x.Setting == ReadingSetting.Clinic),
        ["firstReading"] = p.Readings.Count > 0 ? p.Readings[0].Time.ToString("O", System.Globalization.CultureInfo.InvariantCulture) : null,
        ["lastReading"] = p.Readings.Count > 0 ? p.Readings[^1].Time.ToString("O", System.Globalization.CultureInfo.InvariantCulture) : null,
        ["conditions"] = new JsonArray([.. p.Conditions.Select(c => (JsonNode)new JsonObject
        {
            ["kind"] = c.Kind.ToString(), ["display"] = c.Display, ["code"] = c.Code, ["onset"] = c.Onset is { } o ? HealthJson.Date(o) : null, ["active"] = c.Active,
        })]),
        ["labs"] = new JsonArray([.. p.Labs.Select(l => (JsonNode)new JsonObject
        {
            ["kind"] = l.Kind.ToString(), ["value"] = l.Value, ["unit"] = LabUnit(l.Kind), ["time"] = l.Time.ToString("O", System.Globalization.CultureInfo.InvariantCulture), ["source"] = l.Source,
        })]),
        ["medication"] = new JsonArray([.. p.Medication.Select(m => (JsonNode)new JsonObject
        {
            ["regimen"] = m.Regimen.ToString(), ["start"] = HealthJson.Date(m.Start), ["end"] = m.End is { } e ? HealthJson.Date(e) : null, ["source"] = m.Source,
        })]),
        ["currentRegimen"] = p.CurrentRegimen.ToString(),
        ["twins"] = new JsonObject
        {
            ["written"] = write.Twins, ["relationships"] = write.Relationships, ["removed"] = write.TwinsRemoved, ["readingsAppended"] = write.ReadingsAppended,
            ["modelsImported"] = write.ModelsImported, ["duplicate"] = write.Duplicate, ["sequences"] = CliContext.SequenceJson(write.FirstSequence, write.LastSequence),
        },
    };

    internal static string Reason(RejectionReason reason) => reason switch
    {
        RejectionReason.Unreadable => "unreadable",
        RejectionReason.SystolicOutOfRange => "systolic-out-of-range",
        RejectionReason.DiastolicOutOfRange => "diastolic-out-of-range",
        RejectionReason.PulseOutOfRange => "pulse-out-of-range",
        RejectionReason.DiastolicNotBelowSystolic => "diastolic-not-below-systolic",
        RejectionReason.NarrowPulsePressure => "narrow-pulse-pressure",
        RejectionReason.InFuture => "in-future",
        RejectionReason.Duplicate => "duplicate",
        _ => reason.ToString(),
    };

    private static string LabName(LabKind kind) => kind switch
    {
        LabKind.Potassium => "potassium",
        LabKind.Creatinine => "creatinine",
        LabKind.Egfr => "eGFR",
        LabKind.HeartRate => "heart rate",
        _ => kind.ToString(),
    };

    private static string LabUnit(LabKind kind) => kind switch
    {
        LabKind.Potassium => "mmol/L",
        LabKind.Creatinine => "µmol/L",
        LabKind.Egfr => "mL/min/1.73 m²",
        LabKind.HeartRate => "beats/min",
        _ => "",
    };
}
