using TwinLab.Core.Models;
using TwinLab.Core.Security;
using TwinLab.Core.Twins;

namespace TwinLab.Core.Tests.Security;

/// <summary>
/// A small building graph to evaluate policies on: <c>Space</c> ← <c>Room extends Space</c> ← <c>LabRoom extends Room</c>,
/// and <c>Sensor</c>. <c>site</c> –contains→ <c>floor-1</c> –contains→ <c>room-101</c> (Room), <c>room-102</c> (LabRoom);
/// <c>room-101</c> –hosts→ <c>sensor-1</c>; <c>floor-1</c> –serves→ <c>plant-1</c>; <c>other-1</c> stands alone.
/// </summary>
internal static class PolicyGraph
{
    public const string Space = "dtmi:b:Space;1", Room = "dtmi:b:Room;1", LabRoom = "dtmi:b:LabRoom;1", Sensor = "dtmi:b:Sensor;1";

    public static GraphSnapshot Build()
    {
        var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        ModelEntry M(string id, params string[] extends) => new(new DtdlInterface
        {
            Id = id, DtdlVersion = 3, Extends = extends, Definition = $"{{\"@id\":\"{id}\"}}",
        }, at);
        Twin T(string id, string model) => new() { Id = id, ModelId = model, ETag = "W/\"1\"", LastUpdateTime = at };
        Relationship R(string source, string name, string target) =>
            new() { Id = $"{source}-{name}-{target}", SourceId = source, TargetId = target, Name = name, ETag = "W/\"1\"" };
        return GraphSnapshotFactory.Build(
            [M(Space), M(Room, Space), M(LabRoom, Room), M(Sensor)],
            [T("site", Space), T("floor-1", Space), T("room-101", Room), T("room-102", LabRoom), T("sensor-1", Sensor), T("plant-1", Sensor), T("other-1", Sensor)],
            [R("site", "contains", "floor-1"), R("floor-1", "contains", "room-101"), R("floor-1", "contains", "room-102"),
             R("room-101", "hosts", "sensor-1"), R("floor-1", "serves", "plant-1")],
            version: 7);
    }

    /// <summary>The access of <c>key:alice</c> under one policy made of <paramref name="entries"/>
    /// (each <c>(resource, grant, revoke)</c>, comma-separated permissions).</summary>
    public static CallerAccess Alice(params (string Resource, string Grant, string Revoke)[] entries) =>
        new PolicySet([new AccessPolicy("p", [.. entries.Select((e, i) => new PolicyEntry($"e{i}", ["key:alice"], [PolicyResource.Parse(e.Resource, "test")],
            e.Grant.Length == 0 ? Permissions.None : PermissionNames.Parse(e.Grant, "test"),
            e.Revoke.Length == 0 ? Permissions.None : PermissionNames.Parse(e.Revoke, "test")))])], 1).For(["key:alice"]);
}
