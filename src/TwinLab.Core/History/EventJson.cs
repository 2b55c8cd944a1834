using System.Text.Json.Nodes;
using TwinLab.Core.Twins;

namespace TwinLab.Core.History;

/// <summary>
/// An event of the log as one JSON object — sequence, time, actor, branch, idempotency key, type, twin and a one-line
/// description — the shape of <c>twinlab history --json</c> and of the server's <c>GET /history</c>, so the CLI prints
/// the same lines whether it reads a database file or a server.
/// </summary>
public static class EventJson
{
    /// <summary>The event as JSON (its payload is summarized by <see cref="GraphChangeJson.Describe"/>, not included).</summary>
    public static JsonObject ToJson(StoredEvent e) => new()
    {
        ["sequence"] = e.Sequence,
        ["time"] = TwinJson.Format(e.Timestamp),
        ["actor"] = e.Actor,
        ["branch"] = e.Branch,
        ["idempotencyKey"] = e.IdempotencyKey,
        ["type"] = e.Type,
        ["twin"] = e.TwinId,
        ["description"] = GraphChangeJson.Describe(e),
    };
}
