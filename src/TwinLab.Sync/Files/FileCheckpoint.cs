using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using TwinLab.Core.Twins;

namespace TwinLab.Sync.Files;

/// <summary>
/// How far a watched file has been read and acknowledged: every row before <see cref="Offset"/> is committed or
/// dead-lettered. Kept as a document (kind <see cref="DocumentKind"/>) beside the twin, so a restart resumes there.
/// </summary>
/// <param name="Source">The folder source.</param>
/// <param name="File">The file name.</param>
/// <param name="Offset">Bytes read and acknowledged.</param>
/// <param name="Line">The line at <paramref name="Offset"/>.</param>
/// <param name="Fingerprint">A hash of the file's first <paramref name="FingerprintBytes"/> bytes, to notice a file replaced
/// under the same name.</param>
/// <param name="FingerprintBytes">How many bytes the fingerprint covers (up to 1 KiB).</param>
internal sealed record FileCheckpoint(
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("offset")] long Offset,
    [property: JsonPropertyName("line")] long Line,
    [property: JsonPropertyName("fingerprint")] string Fingerprint,
    [property: JsonPropertyName("fingerprintBytes")] int FingerprintBytes)
{
    public const string DocumentKind = "ingest-checkpoint";

    /// <summary>The most bytes a fingerprint covers.</summary>
    public const int MaxFingerprintBytes = 1024;

    /// <summary>Whether the file still starts with the bytes the fingerprint was taken of.</summary>
    public static bool Matches(Stream stream, string fingerprint, int bytes) =>
        bytes == 0 || stream.Length >= bytes && FingerprintOf(stream, bytes) == fingerprint;

    public static string IdOf(string source, string file) => $"{source}/{file}";

    public static FileCheckpoint? Load(ITwinStore store, string source, string file) =>
        store.LoadDocument(DocumentKind, IdOf(source, file)) is { } doc ? JsonSerializer.Deserialize<FileCheckpoint>(doc.Json) : null;

    public void Save(ITwinStore store, DateTimeOffset now) =>
        store.SaveDocument(new StoredDocument(DocumentKind, IdOf(Source, File), now, $"{Source}: {File} to line {Line}", JsonSerializer.Serialize(this)));

    public static void Delete(ITwinStore store, string source, string file) => store.DeleteDocument(DocumentKind, IdOf(source, file));

    /// <summary>The fingerprint of a file's first <paramref name="length"/> bytes (which it must have).</summary>
    public static string FingerprintOf(Stream stream, int length)
    {
        var buffer = new byte[length];
        stream.Seek(0, SeekOrigin.Begin);
        stream.ReadExactly(buffer);
        return Convert.ToHexStringLower(SHA256.HashData(buffer).AsSpan(0, 16));
    }
}
