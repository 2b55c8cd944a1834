using System.Text.Json;
using TwinLab.Core.Errors;
using TwinLab.Core.Models;

namespace TwinLab.Core.Privacy;

/// <summary>What a de-identified export does with a property or telemetry value that identifies a person.</summary>
public enum IdentifierTreatment
{
    /// <summary>Left out of the export.</summary>
    Drop,

    /// <summary>Replaced by a keyed pseudonym (<see cref="Pseudonyms.Value"/>): the same value gives the same pseudonym
    /// under the same key, so records can still be linked, but the value cannot be recovered without the key.</summary>
    Hash,
}

/// <summary>
/// Which properties and telemetry of which models are direct identifiers, and what a de-identified export does with each:
/// <c>{"models": {"MODEL-ID or *": {"NAME": "drop" | "hash"}}}</c>.
/// </summary>
/// <remarks>
/// A rule for a model applies to twins of that model and of every model that extends it; <c>*</c> applies to every model.
/// The rule of the most derived model wins, then <c>*</c>. A rules file given on the command line is added to
/// <see cref="Default"/> (its rules win) unless it says <c>"replaceDefaults": true</c>.
/// </remarks>
public sealed class IdentifierRules
{
    /// <summary>The model key that applies to every model.</summary>
    public const string AnyModel = "*";

    /// <summary>
    /// The built-in rules: for the hypertension twin's patient the id (hashed, so a patient's records still link), name and
    /// birth date (dropped); for every model contact details and record numbers (the HIPAA Safe Harbor list's names,
    /// addresses, telephone numbers, email addresses and medical record numbers, 45 CFR 164.514(b)(2)(i)); and the
    /// <c>source</c> fields of medication and readings, which name the file or FHIR resource they came from.
    /// </summary>
    public static readonly IdentifierRules Default = Parse("""
        {"models": {
          "dtmi:twinlab:health:Patient;1": {"patientId": "hash", "name": "drop", "birthDate": "drop"},
          "dtmi:twinlab:health:Medication;1": {"source": "drop"},
          "dtmi:twinlab:health:BloodPressureState;1": {"source": "drop"},
          "*": {"address": "drop", "phone": "drop", "telephone": "drop", "email": "drop", "fax": "drop", "ssn": "drop",
                "mrn": "hash", "medicalRecordNumber": "hash", "identifier": "hash"}
        }}
        """, "the built-in identifier rules");

    private readonly Dictionary<string, Dictionary<string, IdentifierTreatment>> _models;

    private IdentifierRules(Dictionary<string, Dictionary<string, IdentifierTreatment>> models) => _models = models;

    /// <summary>The models (and <c>*</c>) that have rules.</summary>
    public IEnumerable<string> Models => _models.Keys;

    /// <summary>What to do with <paramref name="name"/> on a twin of <paramref name="modelId"/>, or <c>null</c> when it is
    /// not an identifier.</summary>
    public IdentifierTreatment? For(ModelSet models, string modelId, string name)
    {
        IdentifierTreatment? found = null;
        var depth = -1;
        foreach (var (model, rules) in _models)
        {
            if (model == AnyModel || !rules.TryGetValue(name, out var t)) continue;
            if (model != modelId && !models.IsAssignableTo(modelId, model)) continue;
            var d = models.SelfAndAncestors(model).Count;
            if (d > depth)
            {
                depth = d;
                found = t;
            }
        }
        if (found is not null) return found;
        return _models.TryGetValue(AnyModel, out var any) && any.TryGetValue(name, out var general) ? general : null;
    }

    /// <summary>These rules with <paramref name="more"/> added; where both name a property, <paramref name="more"/> wins.</summary>
    public IdentifierRules With(IdentifierRules more)
    {
        var merged = _models.ToDictionary(kv => kv.Key, kv => new Dictionary<string, IdentifierTreatment>(kv.Value, StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var (model, rules) in more._models)
        {
            if (!merged.TryGetValue(model, out var target)) merged[model] = target = new(StringComparer.Ordinal);
            foreach (var (name, t) in rules) target[name] = t;
        }
        return new IdentifierRules(merged);
    }

    /// <summary>Reads a rules file and adds it to <see cref="Default"/> (or uses it alone, with <c>"replaceDefaults": true</c>).</summary>
    /// <exception cref="TwinLabException">InvalidArgument: the file is missing or malformed; the message names it and the field.</exception>
    public static IdentifierRules Load(string path)
    {
        if (!File.Exists(path)) throw new TwinLabException(ErrorCodes.InvalidArgument, $"Identifier rules file '{path}' not found.");
        var rules = Parse(File.ReadAllText(path), path, out var replace);
        return replace ? rules : Default.With(rules);
    }

    /// <summary>Reads rules from JSON text; <paramref name="source"/> names it in errors.</summary>
    public static IdentifierRules Parse(string json, string source) => Parse(json, source, out _);

    private static IdentifierRules Parse(string json, string source, out bool replaceDefaults)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw Bad(source, $"line {e.LineNumber + 1}", $"not valid JSON: {e.Message}");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("models", out var models) || models.ValueKind != JsonValueKind.Object)
                throw Bad(source, "$", "expected {\"models\": {\"MODEL-ID or *\": {\"NAME\": \"drop\" | \"hash\"}}}");
            replaceDefaults = root.TryGetProperty("replaceDefaults", out var r) && r.ValueKind == JsonValueKind.True;
            var result = new Dictionary<string, Dictionary<string, IdentifierTreatment>>(StringComparer.Ordinal);
            foreach (var model in models.EnumerateObject())
            {
                var path = $"$.models['{model.Name}']";
                if (model.Name != AnyModel && !Dtmi.IsValid(model.Name))
                    throw Bad(source, path, $"'{model.Name}' is neither a model id (dtmi:…;1) nor *");
                if (model.Value.ValueKind != JsonValueKind.Object) throw Bad(source, path, "expected an object of property names");
                var rules = new Dictionary<string, IdentifierTreatment>(StringComparer.Ordinal);
                foreach (var p in model.Value.EnumerateObject())
                    rules[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() switch
                    {
                        "drop" => IdentifierTreatment.Drop,
                        "hash" => IdentifierTreatment.Hash,
                        var other => throw Bad(source, $"{path}.{p.Name}", $"'{other}' is not 'drop' or 'hash'"),
                    } : throw Bad(source, $"{path}.{p.Name}", "expected \"drop\" or \"hash\"");
                result[model.Name] = rules;
            }
            return new IdentifierRules(result);
        }
    }

    private static TwinLabException Bad(string source, string where, string problem) =>
        new(ErrorCodes.InvalidArgument, $"{source}: {where}: {problem}.");
}
