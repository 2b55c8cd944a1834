using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;

namespace TwinLab.Health.Ingest.Fhir;

/// <summary>Reads one FHIR R4 JSON file into its resources: the entries of a Bundle (any type), or the one resource.</summary>
/// <remarks>
/// The Firely SDK (Hl7.Fhir.R4 6.8) deserializer runs in <see cref="DeserializationMode.Recoverable"/> mode: it accepts
/// unknown elements and unknown codes (they are left in the resource's overflow and only fail when read, which the
/// mappers catch per resource), so a bundle from a system with extra content still imports. JSON syntax errors cannot be
/// recovered: the file is reported with the line and column the JSON reader gives, and the other files still import.
/// </remarks>
internal static class FhirDocument
{
    private static readonly FhirJsonDeserializer Deserializer = new(new DeserializerSettings().UsingMode(DeserializationMode.Recoverable));

    /// <summary>Reads a file; on failure logs a problem naming the file and position and returns no entries.</summary>
    public static List<FhirEntry> Read(string file, int group, ref int order, FhirLog log)
    {
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.Problem(file, "file", $"cannot be read: {e.Message}");
            return [];
        }
        return Parse(text, file, group, ref order, log);
    }

    /// <summary>Reads JSON text as if it were the content of <paramref name="file"/>.</summary>
    public static List<FhirEntry> Parse(string text, string file, int group, ref int order, FhirLog log)
    {
        if (text.Trim().Length == 0)
        {
            log.Problem(file, "line 1, column 1", "the file is empty; expected a FHIR resource or Bundle in JSON");
            return [];
        }
        Resource resource;
        try
        {
            resource = Deserializer.DeserializeResource(text);
        }
        catch (JsonException e)
        {
            // System.Text.Json counts lines and byte positions from 0.
            var line = (e.LineNumber ?? 0) + 1;
            var column = (e.BytePositionInLine ?? 0) + 1;
            var message = e.Message;
            var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut > 0) message = message[..cut];
            log.Problem(file, $"line {line}, column {column}", $"not valid JSON: {message}");
            return [];
        }
        catch (DeserializationFailedException e) when (e.PartialResult is Resource partial)
        {
            foreach (var error in e.Exceptions) log.Caveat(file, Position(error), $"not valid FHIR: {BaseMessage(error)}; the rest of the file was read");
            resource = partial;
        }
        catch (DeserializationFailedException e)
        {
            var first = e.Exceptions.FirstOrDefault();
            log.Problem(file, first is null ? "file" : Position(first), $"not a FHIR resource: {(first is null ? e.Message : BaseMessage(first))}");
            return [];
        }
        catch (IndexOutOfRangeException)
        {
            // Found by fuzzing: the FHIR library fails this way on a property with an empty name ("": {...}).
            log.Problem(file, "line 1, column 1", "not a FHIR resource: the FHIR reader could not read it (a property with an empty name \"\" is one cause)");
            return [];
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or CodedException)
        {
            log.Problem(file, "line 1, column 1", $"not a FHIR resource: {e.Message}");
            return [];
        }
        if (resource.TypeName.StartsWith("Unnamed", StringComparison.Ordinal) || resource is not (Bundle or DomainResource))
        {
            log.Problem(file, "line 1, column 1", "not a FHIR resource: 'resourceType' is missing or not an R4 resource type");
            return [];
        }
        try
        {
            return Entries(resource, file, group, ref order, log);
        }
        catch (Hl7.Fhir.Validation.CodedValidationException e)
        {
            // Found by fuzzing: a resource read past a shape error (e.g. "id": 5) throws when the misshapen element is read.
            log.Problem(file, "file", $"not valid FHIR: {e.Message}; the file was not read");
            return [];
        }
    }

    private static List<FhirEntry> Entries(Resource resource, string file, int group, ref int order, FhirLog log)
    {
        var entries = new List<FhirEntry>();
        if (resource is Bundle bundle)
        {
            for (var i = 0; i < bundle.Entry.Count; i++)
            {
                var entry = bundle.Entry[i];
                if (entry.Resource is null) continue;
                if (entry.Resource is Bundle)
                {
                    log.Note(file, $"entry[{i}]", "a nested Bundle is not read");
                    continue;
                }
                entries.Add(new FhirEntry(entry.Resource, file, entry.FullUrl, group, LocationOf(entry.Resource, i), order++));
            }
            if (entries.Count == 0) log.Note(file, "Bundle", "the bundle holds no resources");
        }
        else
        {
            entries.Add(new FhirEntry(resource, file, null, group, LocationOf(resource, null), order++));
        }
        return entries;
    }

    private static string LocationOf(Resource resource, int? index) =>
        resource.Id is { Length: > 0 } id ? $"{resource.TypeName}/{id}" : index is { } i ? $"entry[{i}] ({resource.TypeName})" : resource.TypeName;

    private static string Position(CodedException error) => error is FhirJsonException { LineNumber: { } line } json
        ? $"line {line}, column {json.Position ?? 1}{(json.InstancePath is { Length: > 0 } path ? $" ({path})" : "")}"
        : "file";

    private static string BaseMessage(CodedException error) => error is FhirJsonException json ? json.BaseErrorMessage : error.Message;
}
