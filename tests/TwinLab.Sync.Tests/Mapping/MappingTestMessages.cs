using System.Text;
using System.Text.Json;
using TwinLab.Sync.Ingest;
using TwinLab.Sync.Mapping;

namespace TwinLab.Sync.Tests.Mapping;

/// <summary>Messages and mappings for mapping tests.</summary>
internal static class MappingTestMessages
{
    public static readonly DateTimeOffset Received = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    public static InboundMessage Message(string topic, string json, string source = "plant", string? key = null) =>
        new(source, topic, Encoding.UTF8.GetBytes(json), $"topic {topic}", Received) { Key = key };

    public static MessageMapping Parse(string yaml) => MessageMapping.Parse(yaml, "test.yaml");

    public static MappedUpdate Single(MessageMapping mapping, string topic, string json) => Assert.Single(mapping.Map(Message(topic, json)));

    public static double Number(JsonElement? telemetry, string name) => telemetry!.Value.GetProperty(name).GetDouble();
}
