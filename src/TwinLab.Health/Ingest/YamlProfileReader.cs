using System.Globalization;
using TwinLab.Health.Patients;
using TwinLab.Health.Pharmacology;
using TwinLab.Simulation.Scenarios;
using YamlDotNet.RepresentationModel;

namespace TwinLab.Health.Ingest;

/// <summary>
/// Reads the simple YAML profile for people without FHIR data:
/// <code>
/// id: james
/// name: James Carter
/// birth_date: 1980-03-14
/// sex: male                       # female, male, other, unknown
/// conditions:
///   - gout                        # or a mapping: { name: gout, onset: 2021-04-10, active: true }
/// labs:
///   - { kind: potassium, value: 4.2, date: 2026-10-01 }   # potassium mmol/L, egfr mL/min/1.73m², creatinine µmol/L (or unit: mg/dL), heart_rate
/// medication:
///   - { regimen: hydrochlorothiazide 12.5mg, start: 2026-01-20, end: 2026-06-01 }
///   - { regimen: losartan 50mg, start: 2026-06-01 }
/// readings:
///   - james-readings.csv           # relative to this file
/// </code>
/// Errors are <see cref="HealthInputException"/>s at <c>file:line:column: field: problem</c>.
/// </summary>
internal static class YamlProfileReader
{
    /// <summary>Condition names the profile accepts, with their kinds.</summary>
    internal static readonly IReadOnlyDictionary<string, ConditionKind> ConditionNames = new Dictionary<string, ConditionKind>(StringComparer.Ordinal)
    {
        ["diabetes"] = ConditionKind.Diabetes, ["type_2_diabetes"] = ConditionKind.Diabetes, ["type_1_diabetes"] = ConditionKind.Diabetes,
        ["ckd"] = ConditionKind.ChronicKidneyDisease, ["chronic_kidney_disease"] = ConditionKind.ChronicKidneyDisease,
        ["heart_failure"] = ConditionKind.HeartFailure,
        ["asthma"] = ConditionKind.Asthma,
        ["gout"] = ConditionKind.Gout,
        ["pregnancy"] = ConditionKind.Pregnancy, ["pregnant"] = ConditionKind.Pregnancy,
        ["angioedema"] = ConditionKind.Angioedema,
        ["coronary_heart_disease"] = ConditionKind.CoronaryHeartDisease, ["chd"] = ConditionKind.CoronaryHeartDisease, ["myocardial_infarction"] = ConditionKind.CoronaryHeartDisease,
        ["bradycardia"] = ConditionKind.Bradycardia, ["heart_block"] = ConditionKind.Bradycardia,
        ["renal_artery_stenosis"] = ConditionKind.RenalArteryStenosis,
    };

    /// <summary>Names of hypertension itself, accepted in <c>conditions</c> and not stored (every profile is a person with high BP).</summary>
    private static readonly HashSet<string> HypertensionNames = new(StringComparer.Ordinal)
    {
        "hypertension", "essential_hypertension", "primary_hypertension", "high_blood_pressure", "htn",
    };

    private static readonly IReadOnlyDictionary<string, (LabKind Kind, double Min, double Max)> LabNames = new Dictionary<string, (LabKind, double, double)>(StringComparer.Ordinal)
    {
        // Ranges reject typing errors only (our choice): values outside them are not compatible with life or are in another unit.
        ["potassium"] = (LabKind.Potassium, 1.5, 10),
        ["egfr"] = (LabKind.Egfr, 1, 200),
        ["creatinine"] = (LabKind.Creatinine, 10, 3000),
        ["heart_rate"] = (LabKind.HeartRate, 25, 250),
    };

    /// <summary>Reads a profile file.</summary>
    /// <exception cref="HealthInputException">The file is missing or not a valid profile.</exception>
    public static YamlProfile Read(string path, HealthImportOptions options)
    {
        if (!File.Exists(path)) throw new HealthInputException(path, 1, 1, "", "the file does not exist");
        return Parse(File.ReadAllText(path), path, options);
    }

    /// <summary>
    /// Whether a YAML file is a scenario for <c>twinlab run</c> rather than a profile: a mapping with a top-level
    /// <c>simulator</c> key and no <c>id</c>. Folder imports skip such files (a folder of examples may hold both).
    /// A file that does not parse is not a scenario: reading it as a profile reports the error.
    /// </summary>
    public static bool IsScenario(string path)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(path)));
            return stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode map
                && map.Children.ContainsKey(new YamlScalarNode("simulator")) && !map.Children.ContainsKey(new YamlScalarNode("id"));
        }
        catch (Exception e) when (e is YamlDotNet.Core.YamlException or InvalidOperationException or IOException)
        {
            return false;
        }
    }

    /// <summary>Reads profile text; reading paths are resolved against the folder of <paramref name="file"/>.</summary>
    public static YamlProfile Parse(string text, string file, HealthImportOptions options)
    {
        var stream = YamlText.Load(text, (line, column, message) => new HealthInputException(file, line, column, "", message));
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
            throw new HealthInputException(file, 1, 1, "", "the file is empty; a profile needs at least 'id:'");
        var root = new YamlFields(file, stream.Documents[0].RootNode, "");
        root.RejectUnknown("id", "name", "birth_date", "sex", "conditions", "labs", "medication", "readings");
        var idNode = root.Require("id", "the patient's id, such as 'james'");
        var id = root.Scalar(idNode, "id");
        if (id.Length == 0 || id.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
            throw root.Error(idNode, "id", $"'{id}' must be letters, digits, '-', '_' or '.'");
        var profile = new PatientProfile
        {
            Id = id,
            Name = root.Text("name"),
            BirthDate = root.Date("birth_date"),
            Sex = ReadSex(root),
            Conditions = ReadConditions(root),
            Labs = ReadLabs(root, options),
            Medication = ReadMedication(root, options.Catalogue ?? DrugCatalogue.Default),
        };
        var folder = Path.GetDirectoryName(file) ?? "";
        var readings = new List<string>();
        var list = root.List("readings");
        for (var i = 0; i < list.Count; i++)
        {
            var where = $"readings[{i}]";
            var relative = root.Scalar(list[i], where);
            var full = Path.Combine(folder, relative);
            if (!File.Exists(full)) throw root.Error(list[i], where, $"the readings file '{full}' does not exist");
            readings.Add(full);
        }
        return new YamlProfile(profile, readings);
    }

    private static Sex ReadSex(YamlFields root)
    {
        if (root.Find("sex") is not { } node) return Sex.Unknown;
        return root.Scalar(node, "sex").ToLowerInvariant() switch
        {
            "female" or "f" => Sex.Female,
            "male" or "m" => Sex.Male,
            "other" => Sex.Other,
            "unknown" => Sex.Unknown,
            var s => throw root.Error(node, "sex", $"'{s}' is not one of female, male, other, unknown"),
        };
    }

    private static List<Condition> ReadConditions(YamlFields root)
    {
        var result = new List<Condition>();
        var list = root.List("conditions");
        for (var i = 0; i < list.Count; i++)
        {
            var path = $"conditions[{i}]";
            YamlNode nameNode;
            DateOnly? onset = null;
            var active = true;
            if (list[i] is YamlMappingNode)
            {
                var c = new YamlFields(root.File, list[i], path);
                c.RejectUnknown("name", "onset", "active");
                nameNode = c.Require("name", "one of " + string.Join(", ", ConditionNames.Keys));
                onset = c.Date("onset");
                if (c.Find("active") is { } a)
                {
                    active = c.Scalar(a, c.PathOf("active")).ToLowerInvariant() switch
                    {
                        "true" or "yes" => true,
                        "false" or "no" => false,
                        var s => throw c.Error(a, c.PathOf("active"), $"'{s}' is not true or false"),
                    };
                }
                path = c.PathOf("name");
            }
            else
            {
                nameNode = list[i];
            }
            var name = root.Scalar(nameNode, path);
            var key = name.ToLowerInvariant().Replace(' ', '_').Replace('-', '_');
            // Hypertension itself is what the twin is for: a clinician naturally lists it; it changes no rule, so it is accepted and not stored.
            if (HypertensionNames.Contains(key)) continue;
            if (!ConditionNames.TryGetValue(key, out var kind))
                throw root.Error(nameNode, path, $"unknown condition '{name}'; known: {string.Join(", ", ConditionNames.Keys)}");
            result.Add(new Condition(kind, name, "", onset, active));
        }
        return result;
    }

    private static List<LabResult> ReadLabs(YamlFields root, HealthImportOptions options)
    {
        var result = new List<LabResult>();
        var list = root.List("labs");
        for (var i = 0; i < list.Count; i++)
        {
            var lab = new YamlFields(root.File, list[i], $"labs[{i}]");
            lab.RejectUnknown("kind", "value", "unit", "date");
            var kindNode = lab.Require("kind", "potassium, egfr, creatinine or heart_rate");
            var kindText = lab.Scalar(kindNode, lab.PathOf("kind")).ToLowerInvariant();
            if (!LabNames.TryGetValue(kindText, out var spec))
                throw lab.Error(kindNode, lab.PathOf("kind"), $"unknown lab '{kindText}'; known: {string.Join(", ", LabNames.Keys)}");
            var unit = lab.Text("unit")?.ToLowerInvariant();
            var factor = 1.0;
            if (unit is not null)
            {
                // Creatinine 1 mg/dL = 88.4 µmol/L (molar mass 113.12 g/mol).
                factor = (spec.Kind, unit) switch
                {
                    (LabKind.Creatinine, "mg/dl") => 88.4,
                    (LabKind.Creatinine, "umol/l" or "µmol/l") => 1,
                    (LabKind.Potassium, "mmol/l" or "meq/l") => 1,
                    (LabKind.Egfr, "ml/min/1.73m2" or "ml/min/1.73 m2" or "ml/min") => 1,
                    (LabKind.HeartRate, "/min" or "bpm") => 1,
                    _ => throw lab.Error(lab.Find("unit")!, lab.PathOf("unit"), $"unit '{unit}' is not known for {kindText}"),
                };
            }
            var valueNode = lab.Require("value", "the measured value");
            var value = lab.ToNumber(valueNode, lab.PathOf("value"), spec.Min / factor, spec.Max / factor) * factor;
            var dateNode = lab.Require("date", "when it was measured, such as 2026-10-01");
            var date = lab.ToDate(dateNode, lab.PathOf("date"));
            var midnight = date.ToDateTime(TimeOnly.MinValue);
            var time = new DateTimeOffset(midnight, options.TimeZone?.GetUtcOffset(midnight) ?? TimeSpan.Zero);
            result.Add(new LabResult(spec.Kind, value, time, $"{root.File}:{valueNode.Start.Line}"));
        }
        return [.. result.OrderBy(l => l.Time)];
    }

    private static List<RegimenPeriod> ReadMedication(YamlFields root, DrugCatalogue catalogue)
    {
        var periods = new List<(RegimenPeriod Period, YamlNode Node, string Path)>();
        var list = root.List("medication");
        for (var i = 0; i < list.Count; i++)
        {
            var m = new YamlFields(root.File, list[i], $"medication[{i}]");
            m.RejectUnknown("regimen", "start", "end");
            var regimenNode = m.Require("regimen", "drugs and doses, such as 'amlodipine 5mg + lisinopril 10mg'");
            Regimen regimen;
            try
            {
                regimen = Regimen.Parse(m.Scalar(regimenNode, m.PathOf("regimen")), catalogue);
            }
            catch (RegimenFormatException e)
            {
                throw m.Error(regimenNode, m.PathOf("regimen"), $"'{e.Part}': {e.Problem}");
            }
            var start = m.ToDate(m.Require("start", "the first day taken"), m.PathOf("start"));
            var end = m.Date("end");
            if (end is { } e2 && e2 <= start) throw m.Error(m.Find("end")!, m.PathOf("end"), $"{e2.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} is not after the start {start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}");
            periods.Add((new RegimenPeriod(regimen, start, end, $"{root.File}:{list[i].Start.Line}"), list[i], m.Path));
        }
        var sorted = periods.OrderBy(p => p.Period.Start).ToList();
        for (var i = 1; i < sorted.Count; i++)
        {
            var (before, after) = (sorted[i - 1].Period, sorted[i].Period);
            if (before.End is null || before.End > after.Start)
                throw root.Error(sorted[i].Node, sorted[i].Path,
                    $"starts {after.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} while {sorted[i - 1].Path} ({before.Regimen}) is still taken; give the earlier one an end (a regimen lists every drug taken together)");
        }
        return [.. sorted.Select(p => p.Period)];
    }
}
