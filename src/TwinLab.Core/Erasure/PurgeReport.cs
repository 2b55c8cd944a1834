namespace TwinLab.Core.Erasure;

/// <summary>What a store erased in a purge.</summary>
/// <param name="EventsErased">Events that became <see cref="Twins.ContentErased"/> tombstones.</param>
/// <param name="EventsTrimmed">Telemetry events that kept other twins' points.</param>
/// <param name="TelemetryPoints">Telemetry points deleted.</param>
/// <param name="SnapshotsRewritten">Stored snapshots rewritten without the twins.</param>
/// <param name="IdempotencyKeys">Idempotency keys forgotten because they named a twin.</param>
/// <param name="Documents">The documents deleted, as <c>kind/id</c>.</param>
/// <param name="Compacted">Whether the store then overwrote the freed space (SQLite: secure delete, WAL truncated,
/// <c>VACUUM</c>), so the file and a backup made from it hold no trace.</param>
public sealed record PurgeReport(int EventsErased, int EventsTrimmed, int TelemetryPoints, int SnapshotsRewritten, int IdempotencyKeys,
    IReadOnlyList<string> Documents, bool Compacted);
