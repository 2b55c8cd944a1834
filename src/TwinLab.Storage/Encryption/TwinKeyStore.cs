using System.Globalization;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using TwinLab.Core.Errors;

namespace TwinLab.Storage.Encryption;

/// <summary>
/// The per-twin data keys of an encrypted database, each wrapped (AES-256-GCM) under the <see cref="MasterKey"/>, and
/// the models whose twins are sensitive. Kept in a small SQLite file of its own beside the database
/// (<c>twinlab.db.keys</c>), never inside it: a backup of the database carries only ciphertext, and once a purge deletes
/// a twin's key here (crypto-shredding) no backup of the database, taken before or after, can be decrypted for it.
/// </summary>
/// <remarks>
/// <para>The file uses a rollback journal (deleted after each commit) and <c>secure_delete</c>, and a purge vacuums it,
/// so a forgotten key is overwritten in the file. A key is committed here before the database commit that first uses
/// it; a crash in between leaves an unused key, never data without its key.</para>
/// <para>Thread-safe: calls are serialized; unwrapped keys are cached in memory.</para>
/// </remarks>
public sealed class TwinKeyStore : IDisposable
{
    private const int DataKeyBytes = 32;

    private readonly Lock _gate = new();
    private readonly SqliteConnection _connection;
    private readonly Dictionary<string, byte[]> _wrapped = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _keys = new(StringComparer.Ordinal);
    private readonly HashSet<string> _models = new(StringComparer.Ordinal);
    private MasterKey _master;
    // The transaction Forget or Rotate runs in (Microsoft.Data.Sqlite wants it on every command meanwhile).
    private SqliteTransaction? _tx;

    private TwinKeyStore(string path, SqliteConnection connection, MasterKey master)
    {
        Path = path;
        _connection = connection;
        _master = master;
    }

    /// <summary>The key store file.</summary>
    public string Path { get; }

    /// <summary>The key store of a database file: the file name with <c>.keys</c> appended.</summary>
    public static string PathFor(string databasePath) => databasePath + ".keys";

    /// <summary>Opens the key store at <paramref name="path"/>, creating it when <paramref name="create"/> is set.</summary>
    /// <exception cref="TwinLabException">(<see cref="ErrorCodes.InvalidArgument"/>) It is missing, or <paramref name="master"/> is not the key it was made with.</exception>
    public static TwinKeyStore Open(string path, MasterKey master, bool create = false)
    {
        if (!create && !File.Exists(path))
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"The key store '{path}' is missing: the database is encrypted at rest and cannot be read without it.");
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false,
        }.ToString());
        connection.Open();
        var store = new TwinKeyStore(path, connection, master);
        try
        {
            store.Execute("PRAGMA secure_delete=ON; PRAGMA synchronous=FULL;");
            store.Execute("""
                CREATE TABLE IF NOT EXISTS meta (key TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS twin_keys (twin_id TEXT NOT NULL PRIMARY KEY, wrapped BLOB NOT NULL);
                CREATE TABLE IF NOT EXISTS sensitive_models (model_id TEXT NOT NULL PRIMARY KEY);
                """);
            var id = store.Scalar("SELECT value FROM meta WHERE key = 'master_key_id';") as string;
            if (id is null) store.Execute("INSERT INTO meta(key, value) VALUES ('master_key_id', $v);", ("$v", master.Id));
            else if (id != master.Id)
                throw new TwinLabException(ErrorCodes.InvalidArgument,
                    $"The master key from {master.Source} is not the one that wrapped the keys in '{path}' (its fingerprint is {master.Id}, the store expects {id}); nothing was read or changed.");
            store.Load();
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>Where the master key came from.</summary>
    public string MasterKeySource
    {
        get
        {
            lock (_gate) return _master.Source;
        }
    }

    /// <summary>The master key's fingerprint.</summary>
    public string MasterKeyId
    {
        get
        {
            lock (_gate) return _master.Id;
        }
    }

    /// <summary>The models whose twins are encrypted.</summary>
    public IReadOnlyList<string> Models
    {
        get
        {
            lock (_gate) return [.. _models.Order(StringComparer.Ordinal)];
        }
    }

    /// <summary>How many twins have a data key (not counting the store's own keys, whose names start with <c>$</c>).</summary>
    public int KeyCount
    {
        get
        {
            lock (_gate) return _wrapped.Keys.Count(k => !k.StartsWith('$'));
        }
    }

    /// <summary>Marks models as sensitive: their twins written from now on are encrypted.</summary>
    public void AddModels(IEnumerable<string> modelIds)
    {
        lock (_gate)
        {
            foreach (var model in modelIds)
                if (_models.Add(model)) Execute("INSERT OR IGNORE INTO sensitive_models(model_id) VALUES ($m);", ("$m", model));
        }
    }

    /// <summary>Whether twins of <paramref name="modelId"/> are encrypted.</summary>
    public bool IsSensitive(string modelId)
    {
        lock (_gate) return _models.Contains(modelId);
    }

    /// <summary>Whether a twin has a data key (so its records are encrypted).</summary>
    public bool HasKey(string twinId)
    {
        lock (_gate) return _wrapped.ContainsKey(twinId);
    }

    /// <summary>A twin's data key, or null when it has none (never had, or it was forgotten by a purge).</summary>
    /// <exception cref="TwinLabException">The wrapped key does not open under the master key (the file was altered).</exception>
    public byte[]? KeyOf(string twinId)
    {
        lock (_gate)
        {
            if (_keys.TryGetValue(twinId, out var key)) return key;
            if (!_wrapped.TryGetValue(twinId, out var wrapped)) return null;
            key = RecordCipher.Open(_master.Key, wrapped, Associated(twinId))
                ?? throw new TwinLabException(ErrorCodes.InvalidArgument, $"The data key of twin '{twinId}' in '{Path}' does not open under the master key from {_master.Source}: the key store was altered.");
            _keys[twinId] = key;
            return key;
        }
    }

    /// <summary>A twin's data key, made (random, 256 bits) and committed to the file first when it has none.</summary>
    public byte[] EnsureKey(string twinId)
    {
        lock (_gate)
        {
            if (KeyOf(twinId) is { } existing) return existing;
            var key = RandomNumberGenerator.GetBytes(DataKeyBytes);
            var wrapped = RecordCipher.Seal(_master.Key, key, Associated(twinId));
            Execute("INSERT OR REPLACE INTO twin_keys(twin_id, wrapped) VALUES ($t, $w);", ("$t", twinId), ("$w", wrapped));
            _wrapped[twinId] = wrapped;
            _keys[twinId] = key;
            return key;
        }
    }

    /// <summary>Crypto-shredding: deletes the twins' data keys and vacuums the file, so whatever was encrypted under
    /// them, in the database or in any backup of it, can no longer be decrypted. Returns the keys deleted.</summary>
    public int Forget(IEnumerable<string> twinIds)
    {
        lock (_gate)
        {
            var forgotten = 0;
            using (var tx = _tx = _connection.BeginTransaction())
            {
                foreach (var twin in twinIds)
                {
                    if (!_wrapped.Remove(twin)) continue;
                    _keys.Remove(twin);
                    Execute("DELETE FROM twin_keys WHERE twin_id = $t;", ("$t", twin));
                    forgotten++;
                }
                tx.Commit();
                _tx = null;
            }
            if (forgotten > 0) Execute("VACUUM;");
            return forgotten;
        }
    }

    /// <summary>Re-wraps every data key under <paramref name="next"/> in one transaction (the data is untouched); from then
    /// on only <paramref name="next"/> opens the store. Returns the keys re-wrapped.</summary>
    public int Rotate(MasterKey next)
    {
        ArgumentNullException.ThrowIfNull(next);
        lock (_gate)
        {
            var rewrapped = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var twin in _wrapped.Keys) rewrapped[twin] = RecordCipher.Seal(next.Key, KeyOf(twin)!, Associated(twin));
            using (var tx = _tx = _connection.BeginTransaction())
            {
                foreach (var (twin, wrapped) in rewrapped)
                    Execute("UPDATE twin_keys SET wrapped = $w WHERE twin_id = $t;", ("$t", twin), ("$w", wrapped));
                Execute("UPDATE meta SET value = $v WHERE key = 'master_key_id';", ("$v", next.Id));
                tx.Commit();
                _tx = null;
            }
            // The old wrappings are overwritten in the file, not only unlinked.
            Execute("VACUUM;");
            foreach (var (twin, wrapped) in rewrapped) _wrapped[twin] = wrapped;
            _master = next;
            return rewrapped.Count;
        }
    }

    /// <summary>Closes the file.</summary>
    public void Dispose() => _connection.Dispose();

    /// <summary>A wrapped key is bound to its twin: moving it to another twin's row fails to open.</summary>
    private static string Associated(string twinId) => "twinlab-data-key|" + twinId;

    private void Load()
    {
        using (var cmd = _connection.CreateCommand())
        {
            cmd.CommandText = "SELECT twin_id, wrapped FROM twin_keys;";
            using var r = cmd.ExecuteReader();
            while (r.Read()) _wrapped[r.GetString(0)] = (byte[])r.GetValue(1);
        }
        using (var cmd = _connection.CreateCommand())
        {
            cmd.CommandText = "SELECT model_id FROM sensitive_models;";
            using var r = cmd.ExecuteReader();
            while (r.Read()) _models.Add(r.GetString(0));
        }
    }

    private void Execute(string sql, params (string Name, object Value)[] parameters)
    {
        using var cmd = _connection.CreateCommand();
        cmd.Transaction = _tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
        cmd.ExecuteNonQuery();
    }

    private object? Scalar(string sql)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        return cmd.ExecuteScalar() is { } v and not DBNull ? Convert.ToString(v, CultureInfo.InvariantCulture) : null;
    }
}
