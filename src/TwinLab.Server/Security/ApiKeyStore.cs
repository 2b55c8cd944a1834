using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TwinLab.Core.Errors;
using TwinLab.Core.Twins;

namespace TwinLab.Server.Security;

/// <summary>An API key as stored: never its secret, only the secret's SHA-256.</summary>
/// <param name="Id">The key's public id (the part after <c>tlk_</c>).</param>
/// <param name="Name">Who or what the key is for; writes made with it are recorded as actor <c>api:NAME</c>.</param>
/// <param name="Created">When it was made.</param>
/// <param name="Expires">When it stops working, or <c>null</c> for never.</param>
/// <param name="Revoked">When it was revoked, or <c>null</c>.</param>
public sealed record ApiKeyInfo(string Id, string Name, DateTimeOffset Created, DateTimeOffset? Expires, DateTimeOffset? Revoked)
{
    /// <summary>Whether the key works at <paramref name="now"/>.</summary>
    public bool IsActive(DateTimeOffset now) => Revoked is null && (Expires is null || Expires > now);
}

/// <summary>A key just made: its record and the full key text, which is shown this once and cannot be recovered.</summary>
public sealed record NewApiKey(ApiKeyInfo Info, string Key);

/// <summary>What checking a presented key found: the key, or why it was refused.</summary>
public sealed record ApiKeyCheck(ApiKeyInfo? Key, string? Failure);

/// <summary>
/// API keys kept in the database as documents of kind <see cref="Kind"/>: <c>tlk_ID_SECRET</c>, where the server keeps the
/// id, a name, times and the SHA-256 of the secret. Creating, listing and revoking is the CLI's (<c>twinlab apikeys</c>);
/// the server checks keys on every request.
/// </summary>
/// <remarks>
/// Thread-safe. A key's record is cached for at most <see cref="CacheFor"/>, so a key revoked by another process (the CLI on
/// the same database) stops working within that time.
/// </remarks>
public sealed class ApiKeyStore(ITwinStore store, TimeProvider? time = null)
{
    /// <summary>Document kind of API keys.</summary>
    public const string Kind = "apikey";

    /// <summary>Every key starts with this.</summary>
    public const string Prefix = "tlk_";

    /// <summary>How long a looked-up key record is reused before the database is read again.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(1);

    private const int MaxNameLength = 100;
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ConcurrentDictionary<string, (StoredKey? Key, DateTimeOffset Read)> _cache = new(StringComparer.Ordinal);

    private sealed record StoredKey(ApiKeyInfo Info, byte[] SecretHash);

    /// <summary>Makes a key named <paramref name="name"/>, optionally expiring.</summary>
    /// <exception cref="TwinLabException">InvalidArgument: an empty or over-long name, or an expiry in the past.</exception>
    public NewApiKey Create(string name, DateTimeOffset? expires = null)
    {
        name = name.Trim();
        if (name.Length == 0 || name.Length > MaxNameLength || name.Any(char.IsControl))
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"An API key's name must be 1 to {MaxNameLength} printable characters, not '{name}'.");
        var now = _time.GetUtcNow();
        if (expires is { } e && e <= now)
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"The expiry {e:O} is not in the future.");
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        // 256 random bits: guessing the secret or inverting its hash is hopeless, so one fast SHA-256 is the right store
        // for it. Slow salted hashes (PBKDF2, Argon2) exist to protect low-entropy passwords, and would only slow every
        // request down here.
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var info = new ApiKeyInfo(id, name, now, expires, null);
        Save(new StoredKey(info, Hash(secret)));
        return new NewApiKey(info, $"{Prefix}{id}_{secret}");
    }

    /// <summary>Every key, newest first (without secrets: the store has none).</summary>
    public IReadOnlyList<ApiKeyInfo> List() =>
        [.. store.ListDocuments(Kind).Select(d => Load(d.Id)?.Info).OfType<ApiKeyInfo>()];

    /// <summary>The key with id <paramref name="id"/>, or <c>null</c>.</summary>
    public ApiKeyInfo? Find(string id) => Load(StripPrefix(id))?.Info;

    /// <summary>Revokes a key: it stops working (within <see cref="CacheFor"/> in a running server). Revoking twice keeps the first time.</summary>
    /// <exception cref="TwinLabException">ApiKeyNotFound.</exception>
    public ApiKeyInfo Revoke(string id)
    {
        id = StripPrefix(id);
        var key = Load(id) ?? throw new TwinLabException("ApiKeyNotFound", $"No API key has id '{id}'; see 'twinlab apikeys list'.");
        if (key.Info.Revoked is not null) return key.Info;
        var revoked = key with { Info = key.Info with { Revoked = _time.GetUtcNow() } };
        Save(revoked);
        _cache.TryRemove(id, out _);
        return revoked.Info;
    }

    /// <summary>Checks a presented <c>tlk_ID_SECRET</c>: known, secret matching (in constant time), not revoked, not expired.</summary>
    public ApiKeyCheck Check(string presented)
    {
        if (!TryParse(presented, out var id, out var secret))
            return new(null, "The API key is malformed; keys look like tlk_ID_SECRET.");
        var now = _time.GetUtcNow();
        var key = Cached(id, now);
        // An unknown id still costs a hash and a comparison, so timing tells nothing about which ids exist.
        var matches = CryptographicOperations.FixedTimeEquals(Hash(secret), key?.SecretHash ?? new byte[32]);
        if (key is null || !matches) return new(null, "The API key is not valid.");
        if (key.Info.Revoked is { } revoked) return new(null, $"The API key '{id}' was revoked at {revoked:O}.");
        if (key.Info.Expires is { } expires && expires <= now) return new(null, $"The API key '{id}' expired at {expires:O}.");
        return new(key.Info, null);
    }

    /// <summary>Whether <paramref name="token"/> looks like an API key rather than a JWT.</summary>
    public static bool LooksLikeKey(string token) => token.StartsWith(Prefix, StringComparison.Ordinal);

    private StoredKey? Cached(string id, DateTimeOffset now)
    {
        if (_cache.TryGetValue(id, out var hit) && now - hit.Read < CacheFor && now >= hit.Read) return hit.Key;
        var key = Load(id);
        // Bounded: a flood of made-up ids must not grow the cache without limit.
        if (_cache.Count > 10_000) _cache.Clear();
        _cache[id] = (key, now);
        return key;
    }

    private static bool TryParse(string presented, out string id, out string secret)
    {
        id = secret = "";
        if (!LooksLikeKey(presented)) return false;
        var rest = presented[Prefix.Length..];
        var cut = rest.IndexOf('_');
        if (cut <= 0 || cut == rest.Length - 1) return false;
        id = rest[..cut];
        secret = rest[(cut + 1)..];
        return id.All(char.IsAsciiHexDigitLower);
    }

    private static string StripPrefix(string id) => id.StartsWith(Prefix, StringComparison.Ordinal) ? id[Prefix.Length..].Split('_')[0] : id;

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private void Save(StoredKey key)
    {
        var json = new JsonObject
        {
            ["id"] = key.Info.Id,
            ["name"] = key.Info.Name,
            ["sha256"] = Convert.ToBase64String(key.SecretHash),
            ["created"] = key.Info.Created.ToString("O"),
            ["expires"] = key.Info.Expires?.ToString("O"),
            ["revoked"] = key.Info.Revoked?.ToString("O"),
        };
        store.SaveDocument(new StoredDocument(Kind, key.Info.Id, key.Info.Created, key.Info.Name, json.ToJsonString()));
    }

    private StoredKey? Load(string id)
    {
        if (store.LoadDocument(Kind, id) is not { } doc) return null;
        using var json = JsonDocument.Parse(doc.Json);
        var r = json.RootElement;
        static DateTimeOffset? Time(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? DateTimeOffset.Parse(v.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : null;
        return new StoredKey(
            new ApiKeyInfo(id, r.GetProperty("name").GetString()!, Time(r, "created") ?? doc.Created, Time(r, "expires"), Time(r, "revoked")),
            Convert.FromBase64String(r.GetProperty("sha256").GetString()!));
    }
}
