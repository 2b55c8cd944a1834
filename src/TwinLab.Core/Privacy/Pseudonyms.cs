using System.Security.Cryptography;
using System.Text;
using TwinLab.Core.Errors;

namespace TwinLab.Core.Privacy;

/// <summary>
/// Keyed pseudonyms: HMAC-SHA256 of the value under a secret key, so the same id gives the same pseudonym in every export
/// made with the same key (records stay linkable across exports) while nobody without the key can recompute or reverse
/// them (a plain hash of a guessable id, such as a record number, could be reversed by trying every id).
/// </summary>
/// <remarks>A pseudonym is a prefix naming what it stands for and 80 bits of the HMAC in hex (20 digits): collisions
/// among a million ids have a probability of about 4·10⁻¹³.</remarks>
public sealed class Pseudonyms
{
    /// <summary>The shortest key accepted: 256 bits, the HMAC-SHA256 block's security level.</summary>
    public const int MinKeyBytes = 32;

    private readonly byte[] _key;

    /// <summary>Pseudonyms under <paramref name="key"/> (at least <see cref="MinKeyBytes"/> bytes).</summary>
    public Pseudonyms(byte[] key)
    {
        if (key.Length < MinKeyBytes) throw new ArgumentException($"The key has {key.Length * 8} bits; at least {MinKeyBytes * 8} are needed.", nameof(key));
        _key = key;
    }

    /// <summary>Pseudonyms under a fresh random key: linkable within one export only.</summary>
    public static Pseudonyms Random() => new(RandomNumberGenerator.GetBytes(MinKeyBytes));

    /// <summary>A twin id's pseudonym, <c>twin-HEX</c>.</summary>
    public string Twin(string id) => "twin-" + Mac("twin", id);

    /// <summary>A relationship id's pseudonym (relationship ids are unique per source twin, so the source is part of it).</summary>
    public string Relationship(string sourceId, string id) => "rel-" + Mac("relationship", sourceId + "\0" + id);

    /// <summary>An identifying value's pseudonym, <c>id-HEX</c> (the same value gives the same pseudonym in any field).</summary>
    public string Value(string text) => "id-" + Mac("value", text);

    /// <summary>A number derived from the key for <paramref name="purpose"/> (such as the date shift), so it is as secret
    /// and as stable as the key.</summary>
    public ulong Derive(string purpose) => BitConverter.ToUInt64(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes("derive\0" + purpose)), 0);

    private string Mac(string kind, string text) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(kind + "\0" + text)), 0, 10);

    /// <summary>Reads a key: base64 text of at least 32 bytes (e.g. from <c>openssl rand -base64 32</c>), or <c>@PATH</c> of a
    /// file holding it.</summary>
    /// <exception cref="TwinLabException">InvalidArgument naming <paramref name="option"/> and the file: missing, not base64, too short.</exception>
    public static Pseudonyms ReadKey(string spec, string option)
    {
        var text = spec.Trim();
        var where = option;
        if (text.StartsWith('@'))
        {
            var path = text[1..];
            where = $"{option}: key file '{path}'";
            if (!File.Exists(path)) throw new TwinLabException(ErrorCodes.InvalidArgument, $"{where} not found.");
            text = File.ReadAllText(path).Trim();
        }
        byte[] key;
        try
        {
            key = Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"{where}: the key is not base64 text (make one with 'openssl rand -base64 32').");
        }
        if (key.Length < MinKeyBytes)
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"{where}: the key has {key.Length * 8} bits; at least {MinKeyBytes * 8} are needed (32 random bytes, base64).");
        return new Pseudonyms(key);
    }
}
