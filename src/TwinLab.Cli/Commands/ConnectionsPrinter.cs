using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TwinLab.Sync.Connections;
using TwinLab.Sync.DeadLetters;

namespace TwinLab.Cli.Commands;

/// <summary>How connections and their statuses are printed.</summary>
internal static class ConnectionsPrinter
{
    /// <summary>The connection (as the API shows it, with or without its mapping text), its shown state, status and dead letters.</summary>
    public static JsonObject Json(ConnectionStore connections, DeadLetterStore letters, ConnectionDefinition c, ConnectionStatus? status, bool withMapping)
    {
        var json = ConnectionJson.ToJson(c);
        if (!withMapping) json.Remove("mapping");
        json["state"] = connections.StateOf(c, status);
        json["status"] = status is null ? null : JsonSerializer.SerializeToNode(status);
        json["deadLetters"] = letters.Count(c.Id);
        return json;
    }

    /// <summary>A connection's state as the list shows it: on a server without the work lease, <c>standby, lease held by
    /// HOST/PID</c> (the server named runs it).</summary>
    public static string State(JsonNode connection)
    {
        var state = connection["state"]!.GetValue<string>();
        if (state != ConnectionStates.Standby) return state;
        return connection["leaseHolder"]?.GetValue<string>() is { } holder ? $"{state}, lease held by {holder}" : $"{state}, lease not held";
    }

    /// <summary>Where a connection's messages come from, in one line.</summary>
    public static string Where(ConnectionDefinition c) => c switch
    {
        { Mqtt: { } m } => $"{m.Broker} {string.Join(", ", m.Topics)} (client id {m.ClientId}, QoS {m.Qos})",
        { Folder: { } f } => $"{Path.Combine(f.Path, f.Glob)}{(f.DoneFolder is { } d ? $", read files moved to {d}" : "")}",
        _ => $"POST /connections/{c.Id}/messages",
    };

    /// <summary>Queued messages and the age of the oldest: <c>12 (0.4 s)</c>; <c>0</c>; empty without a status.</summary>
    public static string Lag(ConnectionStatus? s) => s is null ? ""
        : s.Queued == 0 ? "0"
        : $"{s.Queued.ToString("N0", CultureInfo.InvariantCulture)} ({Seconds(s.OldestQueuedMs)})";

    /// <summary>A count, or empty without a status.</summary>
    public static string Count(long? n) => n is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) : "";

    /// <summary>The text form of <c>connections show</c>.</summary>
    public static void Describe(TextWriter w, ConnectionStore connections, DeadLetterStore letters, ConnectionDefinition c, ConnectionStatus? s)
    {
        w.WriteLine($"id:           {c.Id}");
        w.WriteLine($"type:         {c.Type}");
        w.WriteLine($"source:       {Where(c)}");
        if (c.Mqtt?.PasswordVariable is { } v) w.WriteLine($"password:     from ${v} (read by the server)");
        w.WriteLine($"state:        {connections.StateOf(c, s)}{(s is not null ? $" (reported by {s.Host} at {ConnectionJson.Format(s.Updated)})" : "")}");
        w.WriteLine($"created:      {ConnectionJson.Format(c.Created)}");
        w.WriteLine($"updated:      {ConnectionJson.Format(c.Updated)}");
        if (s is not null)
        {
            w.WriteLine($"lag:          {Lag(s)}");
            w.WriteLine($"received:     {Count(s.Received)}   applied: {Count(s.Applied)}   duplicates: {Count(s.Duplicates)}   dead-lettered: {Count(s.DeadLettered)}   errors: {Count(s.Errors)}");
            if (s.LatencyP50Ms is { } p50) w.WriteLine($"latency:      p50 {Seconds(p50)}, p99 {Seconds(s.LatencyP99Ms ?? p50)} (received to committed)");
            if (s.LastError is { } e) w.WriteLine($"last error:   {e}{(s.LastErrorTime is { } t ? $" ({ConnectionJson.Format(t)})" : "")}");
        }
        w.WriteLine($"dead letters: {letters.Count(c.Id).ToString("N0", CultureInfo.InvariantCulture)}");
        w.WriteLine($"mapping:      {c.MappingName}");
        foreach (var line in c.Mapping.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n')) w.WriteLine("  " + line);
    }

    private static string Seconds(double ms) =>
        ms < 1000 ? $"{ms.ToString("0.#", CultureInfo.InvariantCulture)} ms" : $"{(ms / 1000).ToString("0.#", CultureInfo.InvariantCulture)} s";
}
