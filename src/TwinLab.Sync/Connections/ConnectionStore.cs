using System.Text.Json;
using TwinLab.Core.Errors;
using TwinLab.Core.Twins;

namespace TwinLab.Sync.Connections;

/// <summary>
/// The connections of a database, kept as documents beside the twin graph (kind <see cref="DocumentKind"/>), with the
/// status the running process writes for each (kind <see cref="StatusKind"/>).
/// </summary>
/// <remarks>
/// Several processes may use it on one database at once: the CLI changes connections, the server
/// (<see cref="ConnectionManager"/>) reads them every second and runs them. Nothing is cached: every call reads the store.
/// Adding checks for an existing id first; two processes adding the same id in the same instant both succeed and the
/// later write wins. Thread-safe.
/// </remarks>
public sealed class ConnectionStore(ITwinStore store, TimeProvider? time = null)
{
    /// <summary>The document kind connections are stored under.</summary>
    public const string DocumentKind = "connection";

    /// <summary>The document kind of the status a running process writes for each connection.</summary>
    public const string StatusKind = "connection-status";

    /// <summary>The error code of an unknown connection (404).</summary>
    public const string ConnectionNotFound = "ConnectionNotFound";

    /// <summary>The error code of adding a connection whose id is taken (409).</summary>
    public const string ConnectionAlreadyExists = "ConnectionAlreadyExists";

    /// <summary>A status not refreshed for this long belongs to a process that has stopped (or was killed).</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(5);

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>The store the documents are kept in.</summary>
    public ITwinStore Store => store;

    /// <summary>Adds a connection after checking it (see <see cref="ConnectionValidation.Check"/>).</summary>
    /// <returns>The connection as stored, with its times set.</returns>
    /// <exception cref="TwinLabException"><see cref="ConnectionAlreadyExists"/>, InvalidArgument or
    /// <see cref="ConnectionValidation.MappingInvalid"/>.</exception>
    public ConnectionDefinition Add(ConnectionDefinition connection)
    {
        ConnectionValidation.Check(connection);
        if (Find(connection.Id) is not null)
            throw new TwinLabException(ConnectionAlreadyExists,
                $"Connection '{connection.Id}' already exists; remove it first ('twinlab connections remove {connection.Id}') or choose another id.");
        var now = _time.GetUtcNow();
        return Save(connection with { Created = now, Updated = now });
    }

    /// <summary>Adds a connection, or replaces the one with its id (keeping its creation time).</summary>
    /// <returns>The connection as stored, and whether it was new.</returns>
    /// <exception cref="TwinLabException">InvalidArgument or <see cref="ConnectionValidation.MappingInvalid"/>.</exception>
    public (ConnectionDefinition Connection, bool Created) Put(ConnectionDefinition connection)
    {
        ConnectionValidation.Check(connection);
        var now = _time.GetUtcNow();
        var existing = Find(connection.Id);
        return (Save(connection with { Created = existing?.Created ?? now, Updated = now }), existing is null);
    }

    /// <summary>Every connection, ordered by id.</summary>
    public IReadOnlyList<ConnectionDefinition> List()
    {
        var result = new List<ConnectionDefinition>();
        foreach (var listed in store.ListDocuments(DocumentKind))
            if (Find(listed.Id) is { } c) result.Add(c);
        result.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return result;
    }

    /// <summary>A connection, or <c>null</c>.</summary>
    /// <exception cref="TwinLabException">(InvalidArgument) Its stored form cannot be read (edited by hand); the message names it.</exception>
    public ConnectionDefinition? Find(string id)
    {
        if (store.LoadDocument(DocumentKind, id) is not { } doc) return null;
        try
        {
            return ConnectionJson.Parse(doc.Json, id);
        }
        catch (JsonException e)
        {
            throw new TwinLabException(ErrorCodes.InvalidArgument,
                $"Connection '{id}' is stored in a form that cannot be read ({e.Message}); remove it and add it again.");
        }
    }

    /// <summary>Every connection that can be read, ordered by id, and the ids of those that cannot, with why (so one
    /// hand-edited document does not stop the others from running).</summary>
    internal (IReadOnlyList<ConnectionDefinition> Readable, IReadOnlyList<(string Id, string Error)> Unreadable) ListAll()
    {
        var readable = new List<ConnectionDefinition>();
        var unreadable = new List<(string, string)>();
        foreach (var listed in store.ListDocuments(DocumentKind))
        {
            try
            {
                if (Find(listed.Id) is { } c) readable.Add(c);
            }
            catch (TwinLabException e)
            {
                unreadable.Add((listed.Id, e.Message));
            }
        }
        readable.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return (readable, unreadable);
    }

    /// <summary>A connection.</summary>
    /// <exception cref="TwinLabException"><see cref="ConnectionNotFound"/>.</exception>
    public ConnectionDefinition Get(string id) => Find(id) ?? throw NotFound(id);

    /// <summary>Pauses a connection (its runner stops its source within a second); pausing a paused one changes nothing.</summary>
    /// <exception cref="TwinLabException"><see cref="ConnectionNotFound"/>.</exception>
    public ConnectionDefinition Pause(string id) => SetPaused(id, true);

    /// <summary>Resumes a paused connection; resuming a running one changes nothing.</summary>
    /// <exception cref="TwinLabException"><see cref="ConnectionNotFound"/>.</exception>
    public ConnectionDefinition Resume(string id) => SetPaused(id, false);

    /// <summary>Removes a connection and its status; its dead letters stay.</summary>
    /// <exception cref="TwinLabException"><see cref="ConnectionNotFound"/>.</exception>
    public void Remove(string id)
    {
        if (!store.DeleteDocument(DocumentKind, id)) throw NotFound(id);
        store.DeleteDocument(StatusKind, id);
    }

    /// <summary>Writes a connection's status (done by the process running it).</summary>
    public void SaveStatus(ConnectionStatus status) =>
        store.SaveDocument(new StoredDocument(StatusKind, status.Id, status.Updated, $"{status.Id}: {status.State}", JsonSerializer.Serialize(status)));

    /// <summary>The status last written for a connection, or <c>null</c>.</summary>
    public ConnectionStatus? StatusOf(string id) =>
        store.LoadDocument(StatusKind, id) is { } doc ? JsonSerializer.Deserialize<ConnectionStatus>(doc.Json) : null;

    /// <summary>Deletes a connection's status.</summary>
    public void DeleteStatus(string id) => store.DeleteDocument(StatusKind, id);

    /// <summary>
    /// The state to show for a connection: its status's state while the process running it refreshes it; otherwise
    /// <see cref="ConnectionStates.Paused"/> or <see cref="ConnectionStates.NotRunning"/>.
    /// </summary>
    public string StateOf(ConnectionDefinition connection, ConnectionStatus? status)
    {
        if (status is not null && _time.GetUtcNow() - status.Updated <= StaleAfter) return status.State;
        return connection.Paused ? ConnectionStates.Paused : ConnectionStates.NotRunning;
    }

    /// <summary>The error for an unknown connection.</summary>
    public static TwinLabException NotFound(string id) =>
        new(ConnectionNotFound, $"Connection '{id}' not found; see 'twinlab connections list'.");

    private ConnectionDefinition SetPaused(string id, bool paused)
    {
        var c = Get(id);
        return c.Paused == paused ? c : Save(c with { Paused = paused, Updated = _time.GetUtcNow() });
    }

    private ConnectionDefinition Save(ConnectionDefinition c)
    {
        var where = c.Mqtt is { } m ? $"{m.Broker} {string.Join(' ', m.Topics)}" : c.Folder is { } f ? Path.Combine(f.Path, f.Glob) : "POST /connections/" + c.Id + "/messages";
        store.SaveDocument(new StoredDocument(DocumentKind, c.Id, c.Updated, $"{c.Type} {where}", ConnectionJson.ToJson(c).ToJsonString()));
        return c;
    }
}
