namespace TwinLab.Core.Twins;

/// <summary>Durable storage of a twin graph.</summary>
/// <remarks>
/// The graph itself (validation, ETags, relationship rules) lives in <see cref="TwinGraph"/>; a store only
/// persists the changes it produces and loads them back. <see cref="Commit"/> is atomic: all changes or none.
/// Implementations: in-memory (tests, benchmarks) and SQLite (the embedded default, in TwinLab.Storage).
/// </remarks>
public interface ITwinStore : IDisposable
{
    /// <summary>Loads models, twins and relationships.</summary>
    GraphSnapshot Load();

    /// <summary>Persists a batch of changes in one transaction.</summary>
    /// <param name="changes">The changes, in the order they were made.</param>
    /// <param name="version">The graph's <see cref="GraphSnapshot.Version"/> after the changes (ETags continue from it after a reload).</param>
    void Commit(IReadOnlyList<GraphChange> changes, long version);

    /// <summary>Reads telemetry of a twin in [<paramref name="from"/>, <paramref name="to"/>), ordered by time.</summary>
    /// <param name="twinId">The twin.</param>
    /// <param name="name">Only this telemetry name, or all when <c>null</c>.</param>
    /// <param name="from">Inclusive start.</param>
    /// <param name="to">Exclusive end.</param>
    IReadOnlyList<TelemetryPoint> ReadTelemetry(string twinId, string? name, DateTimeOffset from, DateTimeOffset to);
}
