using System.Security.Cryptography;
using System.Text;

namespace TwinLab.Storage.Encryption;

/// <summary>
/// AES-256-GCM over one record: <c>version(1) | nonce(12) | tag(16) | ciphertext</c>, with a fresh random nonce per
/// record. The associated data names the record (twin, kind, sequence…), so a ciphertext moved to another row, twin or
/// sequence number fails authentication instead of decrypting as the wrong record.
/// </summary>
internal static class RecordCipher
{
    private const byte Version = 1;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private const int Header = 1 + NonceBytes + TagBytes;

    /// <summary>Encrypts <paramref name="plaintext"/> under <paramref name="key"/>, bound to <paramref name="associated"/>.</summary>
    public static byte[] Seal(byte[] key, ReadOnlySpan<byte> plaintext, string associated)
    {
        var sealed_ = new byte[Header + plaintext.Length];
        sealed_[0] = Version;
        var nonce = sealed_.AsSpan(1, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var gcm = new AesGcm(key, TagBytes);
        gcm.Encrypt(nonce, plaintext, sealed_.AsSpan(Header), sealed_.AsSpan(1 + NonceBytes, TagBytes), Encoding.UTF8.GetBytes(associated));
        return sealed_;
    }

    /// <summary>Decrypts a sealed record; null when it does not authenticate (wrong key, tampered, or moved).</summary>
    public static byte[]? Open(byte[] key, ReadOnlySpan<byte> sealed_, string associated)
    {
        if (sealed_.Length < Header || sealed_[0] != Version) return null;
        var plaintext = new byte[sealed_.Length - Header];
        using var gcm = new AesGcm(key, TagBytes);
        try
        {
            gcm.Decrypt(sealed_.Slice(1, NonceBytes), sealed_[Header..], sealed_.Slice(1 + NonceBytes, TagBytes), plaintext, Encoding.UTF8.GetBytes(associated));
            return plaintext;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }
}
