using System.Text.Json;
using System.Text.Json.Serialization;
using TwinLab.Core.Twins;

namespace TwinLab.Sync.Connections;

/// <summary>
/// The heartbeat of the process running a database's connections (a document of kind <see cref="DocumentKind"/>),
/// so another process (the CLI) knows whether to hand work to it (a dead-letter replay) or do it itself.
/// </summary>
public static class ConnectionHost
{
    /// <summary>The document kind of the heartbeat.</summary>
    public const string DocumentKind = "connection-host";

    private const string Id = "host";

    /// <summary>Records that <paramref name="host"/> runs the connections, as of <paramref name="now"/>.</summary>
    public static void Beat(ITwinStore store, string host, DateTimeOffset now) =>
        store.SaveDocument(new StoredDocument(DocumentKind, Id, now, host, JsonSerializer.Serialize(new Heartbeat(host, now))));

    /// <summary>Removes the heartbeat (the process stops running connections).</summary>
    public static void Clear(ITwinStore store) => store.DeleteDocument(DocumentKind, Id);

    /// <summary>The process running the connections, when its heartbeat is fresher than <see cref="ConnectionStore.StaleAfter"/>;
    /// otherwise <c>null</c>.</summary>
    public static string? Running(ITwinStore store, DateTimeOffset now)
    {
        if (store.LoadDocument(DocumentKind, Id) is not { } doc) return null;
        var beat = JsonSerializer.Deserialize<Heartbeat>(doc.Json);
        return beat is not null && now - beat.Time <= ConnectionStore.StaleAfter ? beat.Host : null;
    }

    /// <summary>This process, as status documents name it: <c>pid 4242 on plant-gw</c>.</summary>
    public static string ThisProcess => $"pid {Environment.ProcessId} on {Environment.MachineName}";

    private sealed record Heartbeat([property: JsonPropertyName("host")] string Host, [property: JsonPropertyName("time")] DateTimeOffset Time);
}
