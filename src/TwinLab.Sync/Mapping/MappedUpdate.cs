using System.Text.Json;
using TwinLab.Core.Twins;

namespace TwinLab.Sync.Mapping;

/// <summary>What one message (or one element of a <c>forEach</c>) does to one twin.</summary>
/// <param name="TwinId">The twin.</param>
/// <param name="Component">The component the telemetry belongs to, or <c>null</c>.</param>
/// <param name="Telemetry">A JSON object of telemetry name to value, or <c>null</c> when the rule maps none.</param>
/// <param name="Patch">JSON Patch operations on the twin's properties (paths already include the component), or <c>null</c>.</param>
/// <param name="Timestamp">When the values were measured: from the payload, else when the message was received.</param>
public sealed record MappedUpdate(string TwinId, string? Component, JsonElement? Telemetry, IReadOnlyList<JsonPatchOperation>? Patch,
    DateTimeOffset? Timestamp);
