using System.Text.Json;
using TwinLab.Core.Errors;
using TwinLab.Core.Models;

namespace TwinLab.Core.Twins;

public sealed partial class TwinGraph
{
    /// <summary>
    /// Validates a telemetry message (a JSON object of telemetry name → value, as sent to Azure Digital Twins)
    /// against the twin's model and records its points.
    /// </summary>
    /// <param name="twinId">The twin.</param>
    /// <param name="component">The component the telemetry belongs to, or <c>null</c>.</param>
    /// <param name="message">The message object.</param>
    /// <param name="timestamp">The source time; now when <c>null</c>.</param>
    /// <returns>The points recorded, one per member of the message.</returns>
    /// <exception cref="TwinLabException">Unknown twin or component, a name that is not a Telemetry, or a value of the wrong type.</exception>
    public IReadOnlyList<TelemetryPoint> AppendTelemetry(string twinId, string? component, JsonElement message, DateTimeOffset? timestamp = null)
    {
        var twin = GetTwin(twinId);
        var interfaceId = twin.ModelId;
        if (component is not null)
        {
            interfaceId = _models.FindContent(twin.ModelId, component) is DtdlComponent c
                ? c.Schema
                : throw Invalid($"Twin '{twinId}': model '{twin.ModelId}' has no component '{component}'.");
        }
        if (message.ValueKind != JsonValueKind.Object)
            throw Invalid($"Telemetry for twin '{twinId}' must be a JSON object of telemetry name to value.");
        var time = timestamp ?? Now();
        var points = new List<TelemetryPoint>();
        foreach (var member in message.EnumerateObject())
        {
            var content = _models.FindContent(interfaceId, member.Name);
            if (content is not DtdlTelemetry t)
                throw Invalid(content is null
                    ? $"Telemetry for twin '{twinId}': '{interfaceId}' has no telemetry named '{member.Name}'."
                    : $"Telemetry for twin '{twinId}': '{member.Name}' is not a Telemetry of '{interfaceId}'.");
            if (SchemaValidator.Validate(t.Schema, member.Value, "/" + member.Name) is { } err)
                throw Invalid($"Telemetry for twin '{twinId}': {err}.");
            points.Add(new TelemetryPoint(twinId, component, member.Name, time, member.Value.Clone()));
        }
        if (points.Count == 0) throw Invalid($"Telemetry for twin '{twinId}' is empty.");
        _version++;
        _changes.Add(new TelemetryAppended(points));
        return points;
    }
}
