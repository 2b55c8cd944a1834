using System.Text.Json;
using System.Text.Json.Serialization;

namespace TwinLab.Simulation.Results;

/// <summary>Reads and writes <see cref="ExperimentRecord"/>s as JSON (<c>results.json</c> and the stored documents).</summary>
public static class ResultsJson
{
    /// <summary>camelCase names, enums as text, NaN and infinities as "NaN"/"Infinity" (a KPI can be undefined), indented.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>The record as JSON text.</summary>
    public static string Serialize(ExperimentRecord record) => JsonSerializer.Serialize(record, Options);

    /// <summary>A record from JSON text.</summary>
    /// <exception cref="JsonException">The text is not an experiment record.</exception>
    public static ExperimentRecord Deserialize(string json) =>
        JsonSerializer.Deserialize<ExperimentRecord>(json, Options) ?? throw new JsonException("The document is empty.");
}
