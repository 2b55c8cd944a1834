using System.Globalization;
using System.Text.Json;
using TwinLab.Core.Errors;
using TwinLab.Core.Twins;
using TwinLab.Storage.Encryption;

namespace TwinLab.Storage.Sqlite;

/// <summary>What encryption at rest covers in a database.</summary>
/// <param name="KeyStore">The key store file.</param>
/// <param name="MasterKeySource">Where the master key came from.</param>
/// <param name="MasterKeyId">The master key's fingerprint.</param>
/// <param name="Models">The sensitive models.</param>
/// <param name="Twins">Twins with a data key.</param>
public sealed record EncryptionStatus(string KeyStore, string MasterKeySource, string MasterKeyId, IReadOnlyList<string> Models, int Twins);

public sealed partial class SqliteTwinStore
{
    // The key store when the database is encrypted at rest; null otherwise (then nothing on the write path changes).
    private TwinKeyStore? _twinKeys;

    /// <summary>Opens the store; when the database is encrypted at rest, with its master key.</summary>
    /// <param name="path">The database file.</param>
    /// <param name="masterKey">The master key; when null, <see cref="MasterKey.EnvironmentVariable"/> is used if the
    /// database turns out to be encrypted.</param>
    /// <exception cref="TwinLabException">(<see cref="ErrorCodes.InvalidArgument"/>) The file is not a TwinLab database; or the
    /// database is encrypted and no key, a wrong key, or no key store was found (nothing was read or changed).</exception>
    public static SqliteTwinStore Open(string path, MasterKey? masterKey)
    {
        var store = OpenFile(path);
        try
        {
            var keys = TwinKeyStore.PathFor(path);
            if (store.ReadMeta("encryption") != 1 && !File.Exists(keys)) return store;
            masterKey ??= MasterKey.FromEnvironment() ?? throw new TwinLabException(ErrorCodes.InvalidArgument,
                $"'{path}' is encrypted at rest: give its master key with --key-file FILE (server: TwinLab:Encryption:KeyFile) or the {MasterKey.EnvironmentVariable} environment variable.");
            store._twinKeys = TwinKeyStore.Open(keys, masterKey);
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>What encryption at rest covers, or null when the database is not encrypted.</summary>
    public EncryptionStatus? Encryption => _twinKeys is { } k ? new EncryptionStatus(k.Path, k.MasterKeySource, k.MasterKeyId, k.Models, k.KeyCount) : null;

    /// <summary>
    /// Turns encryption at rest on (creating the key store under <paramref name="masterKey"/> if there is none) and marks
    /// <paramref name="models"/> as sensitive: twins of these models written from now on get a data key, and their
    /// properties (events, snapshots) and telemetry values are stored encrypted. Records written before stay as they were.
    /// </summary>
    public EncryptionStatus EnableEncryption(MasterKey masterKey, IEnumerable<string> models)
    {
        ArgumentNullException.ThrowIfNull(masterKey);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _twinKeys ??= TwinKeyStore.Open(TwinKeyStore.PathFor(_path), masterKey, create: true);
            _twinKeys.AddModels(models);
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = "INSERT OR REPLACE INTO meta(key, value) VALUES ('encryption', 1);";
            cmd.ExecuteNonQuery();
        }
        return Encryption!;
    }

    /// <summary>Re-wraps every data key under <paramref name="next"/>; the data is untouched and the old key is no longer needed.</summary>
    /// <returns>The keys re-wrapped.</returns>
    /// <exception cref="TwinLabException">(<see cref="ErrorCodes.InvalidArgument"/>) The database is not encrypted.</exception>
    public int RotateMasterKey(MasterKey next)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var keys = _twinKeys ?? throw new TwinLabException(ErrorCodes.InvalidArgument, $"'{_path}' is not encrypted at rest; see 'twinlab encryption enable'.");
            return keys.Rotate(next);
        }
    }

    private long ReadMeta(string key)
    {
        lock (_gate)
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = "SELECT value FROM meta WHERE key = $k;";
            cmd.Parameters.AddWithValue("$k", key);
            return cmd.ExecuteScalar() is { } v and not DBNull ? Convert.ToInt64(v, CultureInfo.InvariantCulture) : 0;
        }
    }

    /// <summary>The data key a twin's new records are sealed with: its own, or a new one when its model is sensitive.</summary>
    private byte[]? SealingKey(string twinId, string? modelId) =>
        _twinKeys is not { } keys ? null
        : keys.KeyOf(twinId) ?? (modelId is not null && keys.IsSensitive(modelId) ? keys.EnsureKey(twinId) : null);

    /// <summary>The data key of the documents kept beside the graph (profiles, calibrations, drift state, dead letters…),
    /// under a name no twin id can take.</summary>
    private const string DocumentsKey = "$documents";

    /// <summary>A document's title or body as stored: sealed (a blob) when the database is encrypted at rest.</summary>
    private object SealDocumentField(string kind, string id, string field, string value) =>
        _twinKeys is { } keys
            ? RecordCipher.Seal(keys.EnsureKey(DocumentsKey), System.Text.Encoding.UTF8.GetBytes(value), $"document|{kind}|{id}|{field}")
            : value;

    private string OpenDocumentField(string kind, string id, string field, object stored) => stored is byte[] sealedField
        ? System.Text.Encoding.UTF8.GetString(OpenRecord(DocumentsKey, sealedField, $"document|{kind}|{id}|{field}", $"Document {kind}/{id}"))
        : (string)stored;

    private static string EventAad(long seq, string twinId) => $"event|{seq}|{twinId}";

    private static string TelemetryAad(string twinId, long seq, string? component, string name, long ticks) =>
        $"telemetry|{twinId}|{seq}|{component}|{name}|{ticks}";

    private static string SnapshotAad(string branch, long seq, string twinId) => $"snapshot|{branch}|{seq}|{twinId}";

    /// <summary>Decrypts a sealed record of a twin (or of the documents), or explains why it cannot be.</summary>
    private byte[] OpenRecord(string twinId, byte[] sealed_, string associated, string what)
    {
        var key = _twinKeys?.KeyOf(twinId) ?? throw new TwinLabException(ErrorCodes.InvalidArgument, _twinKeys is null
            ? $"{what} of twin '{twinId}' in '{_path}' is encrypted, but the database was opened without its key store."
            : $"{what} of twin '{twinId}' in '{_path}' is encrypted and its data key is gone (the twin was purged: crypto-shredded); it cannot be read.");
        return RecordCipher.Open(key, sealed_, associated)
            ?? throw new TwinLabException(ErrorCodes.InvalidArgument, $"{what} of twin '{twinId}' in '{_path}' does not decrypt: the record was altered or moved.");
    }

    /// <summary>A snapshot payload, the twins that have a data key sealed (<c>{"$dtId": …, "$sealed": base64}</c>).</summary>
    private byte[] SnapshotPayload(string branch, long seq, IEnumerable<Twin> twins, IEnumerable<Relationship> relationships) =>
        _twinKeys is null ? Core.History.SnapshotJson.Write(twins, relationships) : Core.History.SnapshotJson.Write(twins, relationships, (w, t) =>
        {
            if (_twinKeys.KeyOf(t.Id) is not { } key)
            {
                TwinJson.WriteTwin(w, t);
                return;
            }
            w.WriteStartObject();
            w.WriteString("$dtId", t.Id);
            w.WriteBase64String("$sealed", RecordCipher.Seal(key, System.Text.Encoding.UTF8.GetBytes(TwinJson.ToJson(t)), SnapshotAad(branch, seq, t.Id)));
            w.WriteEndObject();
        });

    private StoredSnapshot ParseSnapshot(string branch, long seq, long version, byte[] payload) =>
        Core.History.SnapshotJson.Read(seq, version, payload, e =>
        {
            if (!e.TryGetProperty("$sealed", out var sealedTwin)) return TwinJson.ReadTwin(e);
            var id = e.GetProperty("$dtId").GetString()!;
            using var doc = JsonDocument.Parse(OpenRecord(id, sealedTwin.GetBytesFromBase64(), SnapshotAad(branch, seq, id), $"Snapshot {branch}@{seq}"));
            return TwinJson.ReadTwin(doc.RootElement);
        });
}
