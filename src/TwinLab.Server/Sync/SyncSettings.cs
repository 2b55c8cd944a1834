namespace TwinLab.Server.Sync;

/// <summary>Limits of the NDJSON endpoints (<c>POST /telemetry/batch</c>, <c>POST /connections/{id}/messages</c>), from
/// <c>TwinLab:Sync:MaxBatchBytes</c> and <c>TwinLab:Sync:MaxBatchLines</c>.</summary>
/// <param name="MaxBatchBytes">Largest body (413 beyond). Default 16 MB.</param>
/// <param name="MaxBatchLines">Most lines in one body (413 beyond). Default 100,000.</param>
public sealed record SyncSettings(long MaxBatchBytes = SyncSettings.DefaultMaxBatchBytes, int MaxBatchLines = SyncSettings.DefaultMaxBatchLines)
{
    /// <summary>The default body limit: 16 MB.</summary>
    public const long DefaultMaxBatchBytes = 16L * 1024 * 1024;

    /// <summary>The default line limit.</summary>
    public const int DefaultMaxBatchLines = 100_000;

    /// <summary>Reads the settings from configuration.</summary>
    public static SyncSettings From(IConfiguration configuration) => new(
        configuration.GetValue("TwinLab:Sync:MaxBatchBytes", DefaultMaxBatchBytes),
        configuration.GetValue("TwinLab:Sync:MaxBatchLines", DefaultMaxBatchLines));
}
