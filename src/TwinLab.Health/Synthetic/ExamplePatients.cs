using System.Globalization;
using System.Text;
using TwinLab.Health.Patients;
using TwinLab.Health.Pharmacology;
using TwinLab.Simulation.Random;

namespace TwinLab.Health.Synthetic;

/// <summary>
/// The example patients of <c>examples/health/</c>, all invented: Maria (FHIR bundle and an Omron-layout CSV), James
/// (YAML profile and a Withings-layout CSV) and Aisha (YAML profile and an iHealth-layout CSV with a few bad rows).
/// Regenerating with <see cref="Files"/> gives byte-identical files (one seed, no clock).
/// </summary>
/// <remarks>
/// The true sensitivities (multiples of the Law 2003 population effect for the person's BP) are chosen so calibration
/// has something to find: Maria responds weakly to her ACE inhibitor (0.7) and strongly to amlodipine (1.3); James
/// responds weakly to hydrochlorothiazide (0.6) and strongly to losartan (1.3); Aisha has never been treated (all 1.0,
/// unobservable). Other classes are 1.0.
/// </remarks>
public static class ExamplePatients
{
    /// <summary>The seed every example is drawn from.</summary>
    public const ulong Seed = 20261120;

    /// <summary>The last day with readings.</summary>
    public static DateOnly LastDay { get; } = new(2026, 11, 20);

    private static readonly DrugCatalogue Drugs = DrugCatalogue.Default;

    /// <summary>Maria: 58-year-old woman, type 2 diabetes, CKD stage 3a (eGFR ~55), potassium 4.6; lisinopril 10 mg from
    /// 2 March 2026, amlodipine 5 mg added on 1 September 2026.</summary>
    public static ExamplePatient Maria { get; } = new(
        "maria", "Maria Lopez", new DateOnly(1968, 4, 17), Sex.Female,
        Physiology(155, 92, (DrugClass.AceInhibitor, 0.7), (DrugClass.CalciumChannelBlocker, 1.3)),
        [
            Period("lisinopril 10mg", new DateOnly(2026, 3, 2), new DateOnly(2026, 9, 1), "maria-bundle.json#MedicationStatement/maria-lisinopril"),
            Period("amlodipine 5mg + lisinopril 10mg", new DateOnly(2026, 9, 1), null, "maria-bundle.json#MedicationStatement/maria-amlodipine"),
        ],
        74, new DateOnly(2026, 8, 1), 112);

    /// <summary>James: 46-year-old man with gout; untreated for 2 months of readings, hydrochlorothiazide 12.5 mg from
    /// 20 January 2026, switched to losartan 50 mg on 1 June 2026; a year of twice-daily readings.</summary>
    public static ExamplePatient James { get; } = new(
        "james", "James Carter", new DateOnly(1980, 3, 14), Sex.Male,
        Physiology(150, 95, (DrugClass.Thiazide, 0.6), (DrugClass.Arb, 1.3)),
        [
            Period("hydrochlorothiazide 12.5mg", new DateOnly(2026, 1, 20), new DateOnly(2026, 6, 1), "james.yaml:20"),
            Period("losartan 50mg", new DateOnly(2026, 6, 1), null, "james.yaml:21"),
        ],
        68, new DateOnly(2025, 11, 21), 365);

    /// <summary>Aisha: 31-year-old woman with asthma who could become pregnant, never treated; 4 weeks of readings.</summary>
    public static ExamplePatient Aisha { get; } = new(
        "aisha", "Aisha Rahman", new DateOnly(1995, 6, 2), Sex.Female,
        Physiology(142, 90),
        [],
        76, new DateOnly(2026, 10, 24), 28);

    /// <summary>All three, in the order of the README.</summary>
    public static IReadOnlyList<ExamplePatient> All { get; } = [Maria, James, Aisha];

    /// <summary>The example files by path relative to <c>examples/health/</c> ('/' separators, '\n' line ends).</summary>
    public static IReadOnlyDictionary<string, string> Files()
    {
        var root = RandomStream.FromSeed(Seed);
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var maria = Readings(Maria, root.Split(0));
        files["maria-fhir/maria-bundle.json"] = MariaBundle.Json(Maria, root.Split(3));
        files["maria-fhir/maria-omron.csv"] = OmronCsv(maria);
        files["james.yaml"] = JamesYaml;
        files["james-readings.csv"] = WithingsCsv(Readings(James, root.Split(1)));
        files["aisha.yaml"] = AishaYaml;
        files["aisha-readings.csv"] = IHealthCsv(Readings(Aisha, root.Split(2)));
        return files;
    }

    /// <summary>Writes <see cref="Files"/> under a folder (creating sub-folders).</summary>
    public static void Write(string directory)
    {
        foreach (var (path, text) in Files())
        {
            var full = Path.Combine(directory, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text, new UTF8Encoding(false));
        }
    }

    private static List<BpReading> Readings(ExamplePatient p, RandomStream random) =>
        SyntheticReadings.TwiceDaily(p.Physiology, p.Medication, p.FirstDay, p.Days, p.MeanPulse, TimeSpan.Zero, random);

    private static PatientPhysiology Physiology(double sys, double dia, params (DrugClass Class, double Sensitivity)[] sensitivities)
    {
        var s = Enumerable.Repeat(1.0, DrugClassNames.All.Count).ToArray();
        foreach (var (c, v) in sensitivities) s[(int)c] = v;
        return new PatientPhysiology(new BpChange(sys, dia), s);
    }

    private static RegimenPeriod Period(string regimen, DateOnly start, DateOnly? end, string source) =>
        new(Regimen.Parse(regimen, Drugs), start, end, source);

    private static string I(double v) => v.ToString("0", CultureInfo.InvariantCulture);

    /// <summary>Omron Connect layout: day-first dates, 24-hour times.</summary>
    private static string OmronCsv(IEnumerable<BpReading> readings)
    {
        var sb = new StringBuilder("Date,Time,Systolic (mmHg),Diastolic (mmHg),Pulse (bpm),Symptoms,Consumed,TruRead,Notes\n");
        foreach (var r in readings)
            sb.Append(CultureInfo.InvariantCulture, $"{r.Time:dd/MM/yyyy},{r.Time:HH:mm},{I(r.Systolic)},{I(r.Diastolic)},{I(r.Pulse!.Value)},,,Off,\n");
        return sb.ToString();
    }

    /// <summary>Withings layout: quoted fields, ISO-like timestamps, heart rate before the pressures.</summary>
    private static string WithingsCsv(IEnumerable<BpReading> readings)
    {
        var sb = new StringBuilder("\"Date\",\"Heart rate\",\"Systolic\",\"Diastolic\",\"Comments\"\n");
        foreach (var r in readings)
            sb.Append(CultureInfo.InvariantCulture, $"\"{r.Time:yyyy-MM-dd HH:mm:ss}\",\"{I(r.Pulse!.Value)}\",\"{I(r.Systolic)}\",\"{I(r.Diastolic)}\",\"\"\n");
        return sb.ToString();
    }

    /// <summary>iHealth layout: month-first dates, 12-hour times; with a systolic of 400, a swapped pair and a duplicated upload of the last four rows.</summary>
    private static string IHealthCsv(List<BpReading> readings)
    {
        var rows = readings.Select(r => Row(r.Time, r.Systolic, r.Diastolic, r.Pulse!.Value)).ToList();
        // Bad rows to show the reporting: a mistyped systolic, a reading with the values swapped.
        rows.Insert(9, Row(readings[9].Time.AddMinutes(3), 400, readings[9].Diastolic, readings[9].Pulse!.Value));
        rows.Insert(30, Row(readings[29].Time.AddMinutes(2), readings[29].Diastolic, readings[29].Systolic, readings[29].Pulse!.Value));
        // The last four readings uploaded a second time.
        rows.AddRange(rows.TakeLast(4).ToList());
        return "Date,Time,SYS(mmHg),DIA(mmHg),Pulse(bpm),Note\n" + string.Concat(rows);

        static string Row(DateTimeOffset t, double sys, double dia, double pulse) =>
            string.Create(CultureInfo.InvariantCulture, $"{t:MM/dd/yyyy},{t:h:mm tt},{I(sys)},{I(dia)},{I(pulse)},\n");
    }

    private const string JamesYaml = """
        # James Carter — an invented example patient (see README.md). Readings: james-readings.csv (Withings layout).
        id: james
        name: James Carter
        birth_date: 1980-03-14
        sex: male
        conditions:
          - name: gout
            onset: 2021-04-10
            active: true
        labs:
          - { kind: potassium, value: 4.1, date: 2025-11-18 }
          - { kind: egfr, value: 92, date: 2025-11-18 }
          - { kind: creatinine, value: 0.95, unit: mg/dL, date: 2025-11-18 }
          - { kind: potassium, value: 3.7, date: 2026-05-20 }
          - { kind: egfr, value: 90, date: 2026-05-20 }
        # Untreated until 20 January 2026; hydrochlorothiazide stopped after a gout flare and replaced by losartan.
        # Each entry lists every drug taken together; 'end' is the first day no longer taken.
        medication:
          - { regimen: hydrochlorothiazide 12.5mg, start: 2026-01-20, end: 2026-06-01 }
          - { regimen: losartan 50mg, start: 2026-06-01 }
        readings:
          - james-readings.csv

        """;

    private const string AishaYaml = """
        # Aisha Rahman — an invented example patient (see README.md). Never treated; asthma; could become pregnant.
        # Readings: aisha-readings.csv (iHealth layout) — it holds a few bad rows on purpose, to show the reporting.
        id: aisha
        name: Aisha Rahman
        birth_date: 1995-06-02
        sex: female
        conditions:
          - asthma
        labs:
          - { kind: potassium, value: 4.3, date: 2026-10-20 }
          - { kind: egfr, value: 105, date: 2026-10-20 }
        readings:
          - aisha-readings.csv

        """;
}
