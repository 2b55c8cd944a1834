using Hl7.Fhir.Model;
using Hl7.Fhir.Validation;
using TwinLab.Health.Patients;
using TwinLab.Health.Pharmacology;
using Condition = TwinLab.Health.Patients.Condition;

namespace TwinLab.Health.Ingest.Fhir;

/// <summary>
/// Reads patients from FHIR R4 JSON files: Bundles of any type (collection, transaction, searchset, …) or one resource
/// per file. Patient, Observation (blood pressure, heart rate, potassium, creatinine, eGFR, pregnancy status), Condition,
/// AllergyIntolerance (angioedema), MedicationStatement and MedicationRequest are read; other resources are counted
/// in a note.
/// </summary>
/// <remarks>
/// <para>Each Patient resource gives one profile (the same id in several files is one patient). A resource belongs to
/// the patient its <c>subject</c> (or <c>patient</c>) references, as <c>Patient/id</c>, an absolute URL ending in it, or
/// the <c>fullUrl</c> (such as <c>urn:uuid:…</c>) of the Patient's bundle entry. A resource without a subject belongs to
/// the only Patient of its bundle, else to the only Patient of the whole read; otherwise it is a problem.</para>
/// <para>A file that is not valid JSON or not a FHIR resource is a problem naming the file and the line and column, and
/// the other files are still read. Readings are returned as the files state them: plausibility is checked by the import
/// for FHIR and CSV alike.</para>
/// <para>Not thread-safe for one instance across threads; create one per read.</para>
/// </remarks>
public sealed class FhirPatientReader
{
    private readonly DrugCatalogue _catalogue;

    /// <summary>Creates a reader.</summary>
    /// <param name="catalogue">The drugs it knows; <see cref="DrugCatalogue.Default"/> when null.</param>
    public FhirPatientReader(DrugCatalogue? catalogue = null) => _catalogue = catalogue ?? DrugCatalogue.Default;

    /// <summary>The files a path stands for: a folder's <c>*.json</c> files (its subfolders included), sorted by path
    /// (ordinal), or the file itself.</summary>
    /// <exception cref="HealthInputException">The path is neither a file nor a folder.</exception>
    public static IReadOnlyList<string> JsonFiles(string fileOrFolder)
    {
        ArgumentNullException.ThrowIfNull(fileOrFolder);
        if (Directory.Exists(fileOrFolder))
            return [.. Directory.EnumerateFiles(fileOrFolder, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];
        if (File.Exists(fileOrFolder)) return [fileOrFolder];
        throw new HealthInputException(fileOrFolder, 1, 1, "", "no such file or folder");
    }

    /// <summary>Reads a file or every <c>*.json</c> file of a folder.</summary>
    /// <exception cref="HealthInputException">The path is neither a file nor a folder.</exception>
    public FhirReadResult Read(string fileOrFolder) => Read(JsonFiles(fileOrFolder));

    /// <summary>Reads the files together (references may cross files).</summary>
    /// <param name="files">FHIR R4 JSON files.</param>
    /// <returns>The patients, the problems and the notes.</returns>
    public FhirReadResult Read(IEnumerable<string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var log = new FhirLog();
        var entries = new List<FhirEntry>();
        var order = 0;
        var group = 0;
        foreach (var file in files) entries.AddRange(FhirDocument.Read(file, group++, ref order, log));
        return AssembleOrReport(entries, log);
    }

    /// <summary>Reads JSON texts as if they were files with the given names (for tests and uploads).</summary>
    internal FhirReadResult ReadTexts(IEnumerable<(string File, string Json)> texts)
    {
        var log = new FhirLog();
        var entries = new List<FhirEntry>();
        var order = 0;
        var group = 0;
        foreach (var (file, json) in texts) entries.AddRange(FhirDocument.Parse(json, file, group++, ref order, log));
        return AssembleOrReport(entries, log);
    }

    // Misshapen elements of partial resources are caught where they are read (a patient or a resource is then skipped);
    // this is the net for any other place, so the import reports the problem instead of failing with an internal error.
    private FhirReadResult AssembleOrReport(List<FhirEntry> entries, FhirLog log)
    {
        try
        {
            return Assemble(entries, log);
        }
        catch (CodedValidationException e)
        {
            log.Problem(entries.Count > 0 ? entries[0].File : "(input)", "file", $"not valid FHIR: {e.Message}; nothing was imported");
            return new FhirReadResult([], log.Problems, log.Notes);
        }
    }

    private FhirReadResult Assemble(List<FhirEntry> entries, FhirLog log)
    {
        // Patients, merged by id.
        var patients = new Dictionary<string, (FhirEntry Entry, Patient Patient, HashSet<string> FullUrls)>(StringComparer.Ordinal);
        var byFullUrl = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in entries.Where(e => e.Resource is Patient))
        {
            var patient = (Patient)entry.Resource;
            var id = patient.Id is { Length: > 0 } pid ? pid : entry.FullUrl is { Length: > 0 } url ? url : $"{entry.File}#{entry.Location}";
            if (!patients.TryGetValue(id, out var known))
            {
                known = (entry, patient, new HashSet<string>(StringComparer.Ordinal));
                patients[id] = known;
            }
            else
            {
                log.Note(entry, $"patient '{id}' is also in {known.Entry.File}; the first is kept for name, birth date and sex");
            }
            if (entry.FullUrl is { Length: > 0 } fullUrl)
            {
                known.FullUrls.Add(fullUrl);
                byFullUrl[fullUrl] = id;
            }
        }
        var medications = entries.Where(e => e.Resource is Medication).ToList();
        var owned = patients.Keys.ToDictionary(k => k, _ => new List<FhirEntry>(), StringComparer.Ordinal);
        foreach (var entry in entries.Where(e => e.Resource is not (Patient or Medication)))
        {
            if (!IsPatientData(entry.Resource))
            {
                log.Unused(entry.Resource.TypeName, "(resource type not read)");
                continue;
            }
            try
            {
                if (Owner(entry, patients.Keys, byFullUrl, entries, log) is { } owner) owned[owner].Add(entry);
            }
            catch (CodedValidationException e)
            {
                // A partial resource whose subject has the wrong shape (found by fuzzing: "subject": [0]).
                log.Problem(entry, $"not valid FHIR: {e.Message}; this resource was not imported");
            }
        }
        if (patients.Count == 0 && entries.Count > 0)
            log.Problem(entries[0].File, "file", "no Patient resource was found, so nothing could be attached to a person");

        var profiles = new List<PatientProfile>();
        foreach (var (id, (entry, patient, fullUrls)) in patients.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            try
            {
                profiles.Add(Profile(id, entry, patient, fullUrls, owned[id], medications, log));
            }
            catch (CodedValidationException e)
            {
                // Found by fuzzing: a partial resource (read past a shape error, e.g. "family": [0]) throws when the
                // misshapen element is read. The patient is reported and skipped; the others are still read.
                log.Problem(entry, $"not valid FHIR: {e.Message}; this patient was not imported");
            }
        }
        log.FlushUnused();
        return new FhirReadResult(profiles, log.Problems, log.Notes);
    }

    private PatientProfile Profile(string id, FhirEntry entry, Patient patient, HashSet<string> fullUrls, List<FhirEntry> items,
        List<FhirEntry> medications, FhirLog log)
    {
        var observations = new FhirObservations(new PatientRef(id, fullUrls), log);
        var conditions = new List<Condition>();
        var meds = new FhirMedications(_catalogue, (reference, from) => ResolveMedication(reference, from, medications), log);
        var uses = new List<MedicationUse>();
        foreach (var item in items)
        {
            switch (item.Resource)
            {
                case Observation: observations.Add(item); break;
                case Hl7.Fhir.Model.Condition or AllergyIntolerance:
                    if (FhirConditions.Map(item, log) is { } c) conditions.Add(c);
                    break;
                case MedicationStatement or MedicationRequest: uses.AddRange(meds.Map(item)); break;
            }
        }
        observations.Finish();
        if (observations.Pregnancy is { } pregnancy && !conditions.Any(c => c.Kind == ConditionKind.Pregnancy && c.Active)) conditions.Add(pregnancy);
        return Demographics(id, entry, patient, log) with
        {
            Conditions = conditions,
            Labs = observations.Labs,
            Readings = observations.Readings,
            Medication = RegimenTimeline.Build(uses),
        };
    }

    private static bool IsPatientData(Resource resource) =>
        resource is Observation or Hl7.Fhir.Model.Condition or AllergyIntolerance or MedicationStatement or MedicationRequest;

    /// <summary>The patient a resource belongs to (see the remarks), or null with a problem logged.</summary>
    private static string? Owner(FhirEntry entry, IReadOnlyCollection<string> patients, Dictionary<string, string> byFullUrl, List<FhirEntry> all, FhirLog log)
    {
        var reference = entry.Resource switch
        {
            Observation o => o.Subject?.Reference,
            Hl7.Fhir.Model.Condition c => c.Subject?.Reference,
            AllergyIntolerance a => a.Patient?.Reference,
            MedicationStatement s => s.Subject?.Reference,
            MedicationRequest q => q.Subject?.Reference,
            _ => null,
        };
        if (reference is { Length: > 0 } r)
        {
            if (byFullUrl.TryGetValue(r, out var viaUrl)) return viaUrl;
            if (FhirReferences.PatientId(r) is { } id && patients.Contains(id)) return id;
            log.Problem(entry, $"its subject '{r}' is not a Patient in the files read", ".subject");
            return null;
        }
        var inBundle = all.Where(e => e.Group == entry.Group && e.Resource is Patient).Select(e => e.Resource.Id).Distinct().ToList();
        if (inBundle.Count == 1 && inBundle[0] is { } only && patients.Contains(only)) return only;
        if (inBundle.Count == 0 && patients.Count == 1)
        {
            log.Note(entry, $"no subject: attached to the only patient read, '{patients.First()}'");
            return patients.First();
        }
        log.Problem(entry, inBundle.Count > 1 ? "no subject, and its bundle holds several patients" : "no subject, and several patients were read", ".subject");
        return null;
    }

    private static Medication? ResolveMedication(string reference, FhirEntry from, List<FhirEntry> medications)
    {
        if (reference.StartsWith('#'))
        {
            var contained = (from.Resource as DomainResource)?.Contained ?? [];
            return contained.OfType<Medication>().FirstOrDefault(m => "#" + m.Id == reference);
        }
        var byUrl = medications.FirstOrDefault(m => m.FullUrl == reference);
        if (byUrl is not null) return (Medication)byUrl.Resource;
        var id = FhirReferences.IdOf(reference, "Medication");
        return id is null ? null : medications.Select(m => (Medication)m.Resource).FirstOrDefault(m => m.Id == id);
    }

    private static PatientProfile Demographics(string id, FhirEntry entry, Patient patient, FhirLog log)
    {
        var name = patient.Name.FirstOrDefault(n => FhirCodes.Code(n.UseElement) == "official") ?? patient.Name.FirstOrDefault();
        var display = name is null ? null
            : !string.IsNullOrWhiteSpace(name.Text) ? name.Text.Trim()
            : string.Join(" ", name.Given.Append(name.Family).Where(p => !string.IsNullOrWhiteSpace(p))) is { Length: > 0 } joined ? joined : null;
        DateOnly? birth = null;
        if (patient.BirthDate is { } b)
        {
            if (FhirCodes.TryDate(b, out var d)) birth = d;
            else log.Problem(entry, $"birthDate '{b}' is not a date", ".birthDate");
        }
        var sex = FhirCodes.Code(patient.GenderElement) switch
        {
            "female" => Sex.Female,
            "male" => Sex.Male,
            "other" => Sex.Other,
            null or "unknown" => Sex.Unknown,
            var other => Unknown(other),
        };
        return new PatientProfile { Id = id, Name = display, BirthDate = birth, Sex = sex };

        Sex Unknown(string gender)
        {
            log.Caveat(entry.File, entry.Location + ".gender", $"gender '{gender}' is not a FHIR administrative gender; taken as unknown");
            return Sex.Unknown;
        }
    }
}
