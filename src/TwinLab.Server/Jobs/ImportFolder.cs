using TwinLab.Core.Errors;

namespace TwinLab.Server.Jobs;

/// <summary>
/// The server's import folder, where TwinLab keeps the "blobs" import jobs read and write (it has no blob storage).
/// </summary>
/// <remarks>
/// A blob URI names a file inside the folder in one of three ways: a relative name (<c>building.ndjson</c>,
/// <c>site1/building.ndjson</c>); <c>file:///absolute/path</c> (or a bare absolute path); or
/// <c>https://host/container/name</c>, whose path after the container is taken as the name, so URIs written for ADT work
/// unchanged once the file is copied in. Whatever the form, the file must resolve inside the folder: <c>..</c> segments,
/// encoded separators and paths elsewhere are refused.
/// </remarks>
public sealed class ImportFolder
{
    /// <summary>The error code of a blob that does not exist (404).</summary>
    public const string BlobNotFound = "BlobNotFound";

    /// <summary>Largest blob accepted over HTTP (<c>PUT /blobs/{name}</c>).</summary>
    public const long MaxBlobBytes = 256L * 1024 * 1024;

    private readonly string _prefix;

    /// <summary>Uses <paramref name="root"/> as the import folder (created if missing).</summary>
    public ImportFolder(string root)
    {
        Root = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar);
        _prefix = Root + Path.DirectorySeparatorChar;
        Directory.CreateDirectory(Root);
    }

    /// <summary>The folder's full path.</summary>
    public string Root { get; }

    /// <summary>The full path a blob URI names.</summary>
    /// <param name="uri">The URI as the client gave it.</param>
    /// <param name="field">The request field it came from, named in errors.</param>
    /// <exception cref="TwinLabException"><see cref="ErrorCodes.ValidationFailed"/>: empty, unsupported or outside the folder.</exception>
    public string Resolve(string? uri, string field)
    {
        if (string.IsNullOrWhiteSpace(uri)) throw Invalid(field, "is required");
        uri = uri.Trim();
        if (Uri.TryCreate(uri, UriKind.Absolute, out var absolute))
        {
            if (absolute.IsFile) return Inside(Path.GetFullPath(absolute.LocalPath), field, uri);
            if (absolute.Scheme is "http" or "https")
            {
                var segments = absolute.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
                if (segments.Length < 2) throw Invalid(field, $"'{uri}' must name a container and a blob (https://host/container/name)");
                return ResolveSegments(segments[1..], field, uri);
            }
            throw Invalid(field, $"'{uri}' has an unsupported scheme '{absolute.Scheme}' (use a name in the import folder, file:///… or https://host/container/name)");
        }
        return ResolveName(uri, field);
    }

    /// <summary>The full path of a relative name inside the folder (as <c>PUT /blobs/{name}</c> takes it).</summary>
    /// <exception cref="TwinLabException"><see cref="ErrorCodes.ValidationFailed"/>.</exception>
    public string ResolveName(string name, string field = "name")
    {
        if (string.IsNullOrWhiteSpace(name)) throw Invalid(field, "is required");
        if (Path.IsPathRooted(name)) throw Invalid(field, $"'{name}' is an absolute path; give a name inside the import folder or file:///…");
        return ResolveSegments(name.Split('/'), field, name);
    }

    /// <summary>The name of a path inside the folder, relative to it, with '/' separators.</summary>
    public string NameOf(string fullPath) => Path.GetRelativePath(Root, fullPath).Replace(Path.DirectorySeparatorChar, '/');

    /// <summary>Writes a blob from <paramref name="content"/>, replacing any file of that name; at most <see cref="MaxBlobBytes"/>.</summary>
    /// <returns>The bytes written.</returns>
    /// <exception cref="BadHttpRequestException">The content is larger than <see cref="MaxBlobBytes"/> (413); nothing is kept.</exception>
    public async Task<long> WriteAsync(string fullPath, Stream content, CancellationToken cancel)
    {
        // A name whose folder is a file, or which is a folder, is the client's mistake, not an I/O failure.
        if (Directory.Exists(fullPath)) throw Invalid("name", $"'{NameOf(fullPath)}' is a folder in the import folder");
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        }
        catch (IOException) when (File.Exists(fullPath) || AncestorIsFile(fullPath))
        {
            throw Invalid("name", $"'{NameOf(fullPath)}' is inside a path that is a file in the import folder");
        }
        // Written aside and moved into place, so a job never reads half a file and a refused upload leaves nothing.
        // A short name of its own in the same folder (same file system, so the move is atomic): appending to the blob's
        // name would push names near the 255-byte limit over it.
        var temp = Path.Combine(Path.GetDirectoryName(fullPath)!, $".{Guid.NewGuid():N}.upload");
        long total = 0;
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, cancel)) > 0)
                {
                    total += read;
                    if (total > MaxBlobBytes)
                        throw new BadHttpRequestException($"The blob is larger than {MaxBlobBytes / (1024 * 1024)} MB.", StatusCodes.Status413PayloadTooLarge);
                    await file.WriteAsync(buffer.AsMemory(0, read), cancel);
                }
            }
            File.Move(temp, fullPath, overwrite: true);
            return total;
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private string ResolveSegments(IReadOnlyList<string> segments, string field, string original)
    {
        foreach (var s in segments)
        {
            if (s.Length == 0 || s is "." or ".." || s.Contains('\\') || s.Contains('/') || s.Any(char.IsControl))
                throw Invalid(field, $"'{original}' is not a valid name inside the import folder (empty, '.' or '..' segments and backslashes are refused)");
            // File systems refuse longer names (an IOException, so a 500, if it got that far).
            if (System.Text.Encoding.UTF8.GetByteCount(s) > 255)
                throw Invalid(field, $"has a segment of {System.Text.Encoding.UTF8.GetByteCount(s):N0} bytes; at most 255 are allowed");
        }
        return Inside(Path.GetFullPath(Path.Combine([Root, .. segments])), field, original);
    }

    private string Inside(string full, string field, string original)
    {
        if (!full.StartsWith(_prefix, StringComparison.Ordinal))
            throw Invalid(field, $"'{original}' is outside the import folder {Root}");
        return full;
    }

    private bool AncestorIsFile(string fullPath)
    {
        for (var dir = Path.GetDirectoryName(fullPath); dir is not null && dir.Length > Root.Length; dir = Path.GetDirectoryName(dir))
            if (File.Exists(dir)) return true;
        return false;
    }

    private static TwinLabException Invalid(string field, string problem) => new(ErrorCodes.ValidationFailed, $"{field} {problem}.");
}
