using TwinLab.Health.Ingest.Fhir;
using TwinLab.Health.Patients;

namespace TwinLab.Health.Ingest;

/// <summary>
/// Imports patients from files and folders: FHIR R4 JSON (bundles or single resources; a folder may hold several
/// patients), YAML profiles with their readings CSVs, and home-monitor CSVs on their own. Every reading passes the
/// same plausibility checks (<see cref="ReadingChecks"/>); what fails is reported with file and row and left out.
/// </summary>
/// <remarks>
/// <para>Folders are searched recursively for <c>*.json</c>, <c>*.yaml</c>/<c>*.yml</c> and <c>*.csv</c> (other files
/// are ignored). A CSV named in a YAML profile's <c>readings</c> belongs to that profile's patient. Any other CSV
/// belongs to <see cref="HealthImportOptions.PatientId"/> when given (a patient with only readings is created if no file
/// defines one), else to the only patient defined in the CSV's folder, else to the only patient of the import; when
/// that is not decided the import fails and asks for the patient id.</para>
/// <para>FHIR files are read together by <see cref="FhirPatientReader"/> (one profile per Patient; a folder may hold
/// several); with a time zone given, their readings are shown in it. A patient id defined twice (two YAML files, or a
/// YAML file and a FHIR Patient) is an error.</para>
/// <para>Errors that make a whole file unusable (a bad YAML profile, a CSV without a systolic column, an undecided
/// date order) throw <see cref="HealthInputException"/>; problems with single readings are collected.</para>
/// </remarks>
public static class HealthImport
{
    /// <summary>Imports one file or folder.</summary>
    /// <exception cref="HealthInputException">A path does not exist, or a file cannot be read at all.</exception>
    public static HealthImportResult Import(string path, HealthImportOptions? options = null) => Import([path], options);

    /// <summary>Imports files and folders together (duplicates are found across all of them).</summary>
    /// <param name="paths">Files (<c>.json</c>, <c>.yaml</c>, <c>.yml</c>, <c>.csv</c>) and folders.</param>
    /// <param name="options">Time zone, date order, "now", patient for loose CSVs; defaults when null.</param>
    /// <returns>One profile per patient with checked readings, and every problem.</returns>
    /// <exception cref="HealthInputException">A path does not exist, or a file cannot be read at all.</exception>
    public static HealthImportResult Import(IEnumerable<string> paths, HealthImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        options ??= new HealthImportOptions();
        var now = options.Now ?? TimeProvider.System.GetUtcNow();
        var files = Expand(paths);
        var problems = new List<ImportProblem>();
        var notes = new List<string>();
        var patients = new Dictionary<string, PatientSources>(StringComparer.Ordinal);
        var read = 0;
        var unreadable = 0;
        var csvRead = false;

        // Only CSV rows are counted as unreadable: the FHIR reader's problems also cover resources that are not readings.
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files.Where(f => f.Kind == InputKind.Yaml))
        {
            if (file.InFolder && YamlProfileReader.IsScenario(file.Path))
            {
                notes.Add($"{file.Path}: skipped: a scenario for 'twinlab run' (it has 'simulator:'), not a patient profile");
                continue;
            }
            var yaml = YamlProfileReader.Read(file.Path, options);
            var sources = Add(patients, yaml.Profile, file.Path);
            foreach (var csvPath in yaml.ReadingFiles)
            {
                referenced.Add(Path.GetFullPath(csvPath));
                var csv = ReadCsv(csvPath, options, sources, problems, notes);
                read += csv.Rows;
                unreadable += csv.Problems.Count;
                csvRead = true;
            }
        }

        var fhirFiles = files.Where(f => f.Kind == InputKind.Fhir).Select(f => f.Path).ToList();
        if (fhirFiles.Count > 0) read += ReadFhir(fhirFiles, options, patients, problems, notes);

        foreach (var file in files.Where(f => f.Kind == InputKind.Csv && !referenced.Contains(Path.GetFullPath(f.Path))))
        {
            var sources = Owner(file.Path, patients, options, notes);
            var csv = ReadCsv(file.Path, options, sources, problems, notes);
            read += csv.Rows;
            unreadable += csv.Problems.Count;
            csvRead = true;
        }
        if (csvRead && options.TimeZone is null)
            notes.Add("CSV times without an offset were read as the person's wall clock at UTC+00:00 (no time zone given); morning and evening are as the monitor wrote them");

        var rejected = new Dictionary<RejectionReason, int>();
        var profiles = new List<PatientProfile>();
        var total = 0;
        foreach (var sources in patients.Values.OrderBy(s => s.Profile.Id, StringComparer.Ordinal))
        {
            var accepted = ReadingChecks.Check(sources.Readings, now, problems, rejected, sources.Stored);
            total += accepted.Count;
            profiles.Add(sources.Profile with { Readings = [.. sources.Stored.Concat(accepted).OrderBy(r => r.Time)] });
        }
        if (unreadable > 0) rejected[RejectionReason.Unreadable] = unreadable;
        return new HealthImportResult(profiles, problems, notes, new ImportCounts(read, total, rejected));
    }

    private static BpCsvFile ReadCsv(string path, HealthImportOptions options, PatientSources sources, List<ImportProblem> problems, List<string> notes)
    {
        var csv = BpCsvReader.Read(path, options);
        sources.Readings.AddRange(csv.Readings);
        problems.AddRange(csv.Problems);
        notes.AddRange(csv.Notes);
        return csv;
    }

    /// <summary>Reads the FHIR files together (references may cross files); returns the readings read.</summary>
    private static int ReadFhir(IReadOnlyList<string> files, HealthImportOptions options, Dictionary<string, PatientSources> patients, List<ImportProblem> problems, List<string> notes)
    {
        var fhir = new FhirPatientReader(options.Catalogue).Read(files);
        problems.AddRange(fhir.Problems);
        notes.AddRange(fhir.Notes);
        var read = 0;
        foreach (var profile in fhir.Profiles)
        {
            var file = profile.Readings.Select(r => r.Source).Concat(profile.Medication.Select(m => m.Source)).FirstOrDefault() is { } source && source.Contains('#')
                ? source[..source.LastIndexOf('#')]
                : files[0];
            var sources = Add(patients, profile, file);
            var readings = Candidates(profile).ToList();
            if (options.TimeZone is { } zone)
                readings = [.. readings.Select(c => c with { Reading = c.Reading with { Time = TimeZoneInfo.ConvertTime(c.Reading.Time, zone) } })];
            sources.Readings.AddRange(readings);
            read += readings.Count;
        }
        return read;
    }

    /// <summary>The readings of a FHIR profile as candidates: a source <c>file#Observation/id</c> gives file and location.</summary>
    private static IEnumerable<CandidateReading> Candidates(PatientProfile profile) => profile.Readings.Select(r =>
    {
        var hash = r.Source.LastIndexOf('#');
        return hash > 0
            ? new CandidateReading(r, r.Source[..hash], r.Source[(hash + 1)..])
            : new CandidateReading(r, r.Source, "");
    });

    private static PatientSources Add(Dictionary<string, PatientSources> patients, PatientProfile profile, string file)
    {
        if (patients.TryGetValue(profile.Id, out var existing))
            throw new HealthInputException(file, 1, 1, "id", $"patient '{profile.Id}' is also defined by {existing.File}; give each patient one profile");
        var sources = new PatientSources(profile with { Readings = [] }, file);
        patients[profile.Id] = sources;
        return sources;
    }

    /// <summary>The patient a loose CSV belongs to (see the remarks of <see cref="HealthImport"/>).</summary>
    private static PatientSources Owner(string csv, Dictionary<string, PatientSources> patients, HealthImportOptions options, List<string> notes)
    {
        if (options.PatientId is { } id)
        {
            if (patients.TryGetValue(id, out var given)) return given;
            if (options.StoredProfile?.Invoke(id) is { } stored)
            {
                // New readings for a stored patient: keep everything already accepted (profile, labs, medication, readings).
                notes.Add($"{csv}: readings added to the stored patient '{id}' (its {stored.Readings.Count} earlier readings, conditions, labs and medication are kept)");
                return patients[id] = new PatientSources(stored with { Readings = [] }, csv) { Stored = stored.Readings };
            }
            notes.Add($"{csv}: no file defines patient '{id}'; a profile with only readings was made");
            return patients[id] = new PatientSources(new PatientProfile { Id = id }, csv);
        }
        var folder = Path.GetFullPath(Path.GetDirectoryName(Path.GetFullPath(csv)) ?? ".");
        var here = patients.Values.Where(p => string.Equals(Path.GetDirectoryName(Path.GetFullPath(p.File)), folder, StringComparison.Ordinal)).ToList();
        var owner = here.Count == 1 ? here[0] : here.Count == 0 && patients.Count == 1 ? patients.Values.Single() : null;
        if (owner is null)
            throw new HealthInputException(csv, 1, 1, "", patients.Count == 0
                ? "these readings belong to no patient: give the patient id (or import them with the patient's profile)"
                : $"these readings could belong to {string.Join(", ", (here.Count > 0 ? here : [.. patients.Values]).Select(p => p.Profile.Id).Order(StringComparer.Ordinal))}: give the patient id");
        notes.Add($"{csv}: readings attached to patient '{owner.Profile.Id}' ({(here.Count == 1 ? "the only patient in its folder" : "the only patient imported")})");
        return owner;
    }

    private static List<(string Path, InputKind Kind, bool InFolder)> Expand(IEnumerable<string> paths)
    {
        var result = new List<(string, InputKind, bool)>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                    if (KindOf(file) is { } k) result.Add((file, k, true));
            }
            else if (File.Exists(path))
            {
                result.Add((path, KindOf(path) ?? throw new HealthInputException(path, 1, 1, "", "not a .json (FHIR), .yaml/.yml (profile) or .csv (readings) file"), false));
            }
            else
            {
                throw new HealthInputException(path, 1, 1, "", "no such file or folder");
            }
        }
        return [.. result.DistinctBy(f => Path.GetFullPath(f.Item1))];
    }

    private static InputKind? KindOf(string file) => Path.GetExtension(file).ToLowerInvariant() switch
    {
        ".json" => InputKind.Fhir,
        ".yaml" or ".yml" => InputKind.Yaml,
        ".csv" => InputKind.Csv,
        _ => null,
    };

    private enum InputKind { Fhir, Yaml, Csv }

    /// <summary>One patient being assembled: the profile without readings, the file that defined it, the readings found.</summary>
    private sealed record PatientSources(PatientProfile Profile, string File)
    {
        public List<CandidateReading> Readings { get; } = [];

        /// <summary>Readings of the stored patient that new readings are added to (already checked; kept as they are).</summary>
        public IReadOnlyList<BpReading> Stored { get; init; } = [];
    }
}
